"""The organisers' admin in a real browser: what fits on the screen they work at."""

import pytest
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .support import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, user, password):
    page.goto("/admin/")
    page.get_by_label(capfirst(_("username"))).fill(user.username)
    page.get_by_label(_("Password")).fill(password)
    page.get_by_role("button", name=_("Log in"), exact=True).click()
    page.wait_for_load_state()


def _outside(page, locator):
    """Descriptions of the elements of ``locator`` not wholly inside the viewport."""
    width = page.viewport_size["width"]
    outside = []
    for index in range(locator.count()):
        element = locator.nth(index)
        box = element.bounding_box()
        if box is None or box["x"] < 0 or box["x"] + box["width"] > width:
            outside.append(f"{element.inner_text()!r} at {box}")
    return outside


def test_event_list_fits_a_1280_px_screen(page, demo, screenshot):
    assert page.viewport_size == DESKTOP
    _log_in(page, demo.staff, demo.password)

    page.goto("/admin/events/event/")
    screenshot(page, "events")

    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 3
    cells = rows.locator("td.field-status, td.field-registered")
    links = rows.get_by_role("link", name=_("Dashboard"), exact=True)
    exports = rows.get_by_role("link", name=_("Export"), exact=True)
    assert (cells.count(), links.count(), exports.count()) == (6, 3, 3)
    assert _outside(page, cells) + _outside(page, links) + _outside(page, exports) == []
    results = page.locator("#changelist .results")
    assert results.evaluate("element => element.scrollWidth <= element.clientWidth")
