"""Importing a list, the statistics and handing a place over, in a real browser:
accessible (axe-core, WCAG 2.1 AA), and readable on a phone and at 1280 px.

axe-core's own checks set inline styles, which the admin's pages report as
Content-Security-Policy violations: each admin page is walked once in the
checked tab (``page``: no violations, no broken assets) and audited in a second
tab of the same browser profile."""

import pytest

from .support import DESKTOP, PHONE, horizontal_overflow
from .test_admin_pages import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIST = (
    "Förnamn;Efternamn;E-post;Arbetsplats;Kommun\r\n"
    "Åsa;Öberg;asa.oberg@kinda.se;Socialtjänsten, Kinda kommun;Kinda\r\n"
    "Per;Ek;per.ek@kinda;Kinda kommun;Atlantis\r\n"
)


def _preview(page, demo, tmp_path):
    upload = tmp_path / "deltagare.csv"
    upload.write_bytes(LIST.encode("cp1252"))
    page.goto(f"/admin/events/event/{demo.seminar.pk}/import/")
    page.get_by_label("Deltagarlista (CSV eller Excel .xlsx)").set_input_files(str(upload))
    page.get_by_role("button", name="Läs in filen").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_import_preview_fits_the_screen(page, demo, screenshot, tmp_path, viewport):
    page.set_viewport_size(viewport)
    _log_in(page, demo.staff, demo.password)

    _preview(page, demo, tmp_path)
    screenshot(page, "preview")

    assert page.get_by_role("cell", name="Åsa Öberg").count() == 1
    assert page.get_by_text("”per.ek@kinda” är inte en e-postadress").count() == 1
    assert horizontal_overflow(page) == 0


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_import_pages_are_accessible(context, demo, assert_accessible, tmp_path, viewport):
    audit = context.new_page()
    audit.set_viewport_size(viewport)
    _log_in(audit, demo.staff, demo.password)

    audit.goto(f"/admin/events/event/{demo.seminar.pk}/import/")
    assert_accessible(audit, "upload")
    _preview(audit, demo, tmp_path)
    assert_accessible(audit, "preview")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_statistics_page_fits_and_is_accessible(
    page, context, demo, assert_accessible, screenshot, viewport
):
    page.set_viewport_size(viewport)
    _log_in(page, demo.staff, demo.password)

    page.goto("/admin/")
    page.get_by_role("link", name="Statistik över alla evenemang").click()
    page.wait_for_load_state()
    screenshot(page)
    audit = context.new_page()
    audit.set_viewport_size(viewport)
    audit.goto(page.url)

    assert page.get_by_role("heading", name="Per år").count() == 1
    assert page.locator("svg[role=img]").count() == 1
    assert horizontal_overflow(page) == 0
    assert_accessible(audit)


def test_hand_over_page_is_accessible_on_a_phone(page, demo, assert_accessible, screenshot):
    page.set_viewport_size(PHONE)
    token = demo.first_in.manage_token

    page.goto(f"/anmalan/{token}/")
    page.get_by_role("link", name="Överlåt platsen till en kollega").click()
    page.wait_for_load_state()
    page.get_by_label("Kollegans förnamn").fill("Karin")
    page.get_by_role("button", name="Överlåt platsen").click()
    page.wait_for_load_state()
    screenshot(page, "errors")

    assert page.get_by_label("Kollegans förnamn").input_value() == "Karin"
    assert horizontal_overflow(page) == 0
    assert_accessible(page, "errors")
