"""The staff and privacy pages in a real browser: WCAG rules, and a phone's width."""

import pytest
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from events import staff

from .support import PHONE, horizontal_overflow, outside_viewport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, user, password):
    page.goto("/admin/")
    page.get_by_label(capfirst(_("username"))).fill(user.username)
    page.get_by_label(_("Password")).fill(password)
    page.get_by_role("button", name=_("Log in"), exact=True).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_staff_page_is_accessible_and_fits(page, demo, assert_accessible, screenshot, width):
    if width == "phone":
        page.set_viewport_size(PHONE)
    organiser = demo.staff.memberships.get().organiser
    staff.invite(organiser=organiser, email="ny@kinda.se", role="door", invited_by=demo.staff)
    _log_in(page, demo.staff, demo.password)

    page.goto("/admin/personal/")
    page.get_by_label(_("E-mail address")).fill("inte en adress")
    page.get_by_role("button", name=_("Send the invitation")).click()
    page.wait_for_load_state()
    screenshot(page, "staff")

    assert page.get_by_text(_("Enter an e-mail address such as namn@kommun.se.")).count() == 1
    assert page.get_by_label(_("E-mail address")).input_value() == "inte en adress"
    assert_accessible(page, "staff page with an error")
    assert horizontal_overflow(page) == 0
    assert outside_viewport(page) == []


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_privacy_page_is_accessible_and_fits(page, demo, assert_accessible, screenshot, width):
    if width == "phone":
        page.set_viewport_size(PHONE)
    _log_in(page, demo.staff, demo.password)

    page.goto("/admin/integritet/")
    page.get_by_label(_("The person's e-mail address")).fill("erik.holm@kinda.example.se")
    page.get_by_role("button", name=_("Search"), exact=True).click()
    page.wait_for_load_state()
    screenshot(page, "found")
    assert_accessible(page, "privacy page with a person found")
    assert horizontal_overflow(page) == 0
    assert outside_viewport(page) == []

    page.get_by_role("button", name=_("Erase the person…")).click()
    page.wait_for_load_state()
    assert_accessible(page, "erasure confirmation")
    assert horizontal_overflow(page) == 0
