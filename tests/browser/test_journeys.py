"""Whole journeys in a real browser, in Swedish, as attendees and organisers make them.

Labels are looked up through the Swedish catalogue (``_``), so the tests read the
page as a person does and follow the translations wherever they go.
"""

import re

import openpyxl
import pytest
from django.core import mail
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from events.models import Event
from registrations.models import Registration

from .support import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILE_COLUMNS = ("first_name", "last_name", "status")
MANAGE_LINK = re.compile(r"https?://[^\s\"<>]+/anmalan/[\w-]+/")


@pytest.fixture
def journey(settings, live_server, immediate_tasks):
    """E-mail is sent at once, with links that point at the live server."""
    settings.SITE_URL = live_server.url


def _link_in_mail_to(address):
    """The manage link of the newest e-mail sent to ``address``."""
    messages = [message for message in mail.outbox if address in message.to]
    assert messages, f"no e-mail to {address}: {[m.to for m in mail.outbox]}"
    return MANAGE_LINK.search(messages[-1].body).group(0)


def _participant(page, number):
    return page.get_by_role("group", name=f"{_('Participant')} {number}")


def _send(page, label):
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()


def test_attendee_signs_up_two_changes_a_session_and_cancels(page, demo, journey, screenshot):
    workshop_a, workshop_b = demo.workshops

    # Find the event on the start page and read its programme.
    page.goto("/")
    page.get_by_role("link", name=demo.seminar.title).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == demo.seminar.title
    assert page.get_by_text(workshop_b.title).first.is_visible()
    screenshot(page, "event")
    page.get_by_role("link", name=_("Sign up"), exact=True).click()

    # Sign up oneself and a colleague, each with their own sessions.
    contact = page.get_by_role("region", name=_("Contact person"))
    contact.get_by_label(_("First name")).fill("Anna")
    contact.get_by_label(_("Last name")).fill("Andersson")
    contact.get_by_label(_("E-mail")).fill("anna.andersson@kinda.example.se")
    first = _participant(page, 1)
    first.get_by_label(_("Organisation")).fill("Kinda kommun")
    first.get_by_role("checkbox", name=re.compile(re.escape(workshop_a.title))).check()
    first.get_by_role("checkbox", name=re.compile(re.escape(demo.dinner.title))).check()
    first.get_by_label("Vilken fråga vill du att panelen tar upp?").fill("Prioriteringar")
    page.get_by_role("button", name=_("Add a participant")).click()
    second = _participant(page, 2)
    second.get_by_label(_("First name")).fill("Bo")
    second.get_by_label(_("Last name")).fill("Berg")
    second.get_by_label(_("E-mail")).fill("bo.berg@kinda.example.se")
    second.get_by_label(_("Organisation")).fill("Kinda kommun")
    second.get_by_role("checkbox", name=re.compile(re.escape(workshop_b.title))).check()
    page.get_by_role("region", name=_("Privacy")).get_by_role("checkbox").check()
    screenshot(page, "signup-filled")
    _send(page, _("Send registration"))

    # The confirmation.
    page.wait_for_url(re.compile(r"/anmalan/skickad/$"))
    assert page.get_by_role("heading", level=1).inner_text() == _("Thank you for your registration")
    screenshot(page, "confirmation")
    anna = Registration.objects.get(email="anna.andersson@kinda.example.se")
    bo = Registration.objects.get(email="bo.berg@kinda.example.se")
    assert anna.booking_id == bo.booking_id
    assert (anna.status, bo.status) == ("confirmed", "confirmed")
    assert set(anna.sessions.all()) == {workshop_a, demo.dinner}
    assert list(bo.sessions.all()) == [workshop_b]
    assert [answer.value for answer in anna.answers.all()] == ["Prioriteringar"]

    # Bo opens the link from his e-mail and moves to the other workshop.
    page.goto(_link_in_mail_to("bo.berg@kinda.example.se"))
    assert page.get_by_role("heading", level=1).inner_text() == _(
        "Your registration for %(title)s"
    ) % {"title": demo.seminar.title}
    page.get_by_role("checkbox", name=re.compile(re.escape(workshop_b.title))).uncheck()
    page.get_by_role("checkbox", name=re.compile(re.escape(workshop_a.title))).check()
    _send(page, _("Save changes"))
    assert list(Registration.objects.get(pk=bo.pk).sessions.all()) == [workshop_a]
    screenshot(page, "changed")

    # And cancels after all.
    page.get_by_role("link", name=_("Cancel the registration")).click()
    _send(page, _("Yes, cancel"))
    assert Registration.objects.get(pk=bo.pk).status == "cancelled"
    assert Registration.objects.get(pk=anna.pk).status == "confirmed"
    assert page.get_by_text(_("This registration is cancelled.")).is_visible()


def test_attendee_on_the_waiting_list_gets_the_freed_place(page, demo, journey, screenshot):
    page.set_viewport_size(PHONE)
    page.goto(demo.full.get_absolute_url())
    page.get_by_role("link", name=_("Fully booked – join the waiting list")).click()

    contact = page.get_by_role("region", name=_("Contact person"))
    contact.get_by_label(_("First name")).fill("Karin")
    contact.get_by_label(_("Last name")).fill("Nilsson")
    contact.get_by_label(_("E-mail")).fill("karin.nilsson@kinda.example.se")
    _participant(page, 1).get_by_label(_("Organisation")).fill("Kinda kommun")
    page.get_by_role("region", name=_("Privacy")).get_by_role("checkbox").check()
    _send(page, _("Join the waiting list"))

    page.wait_for_url(re.compile(r"/anmalan/skickad/$"))
    screenshot(page, "waitlisted")
    karin = Registration.objects.get(email="karin.nilsson@kinda.example.se")
    assert karin.status == "waitlisted"

    # Erik, who has the only place, cancels from his own link.
    page.goto(demo.first_in.get_absolute_url())
    page.get_by_role("link", name=_("Cancel the registration")).click()
    _send(page, _("Yes, cancel"))

    karin.refresh_from_db()
    assert karin.status == "confirmed"
    page.goto(_link_in_mail_to("karin.nilsson@kinda.example.se"))
    assert page.locator("dd").get_by_text(_("Confirmed"), exact=True).is_visible()
    screenshot(page, "promoted")


def _log_in(page, demo):
    page.goto("/admin/")
    page.get_by_label(capfirst(_("username"))).fill(demo.staff.username)
    page.get_by_label(_("Password")).fill(demo.password)
    _send(page, _("Log in"))


def test_organiser_finds_a_registration_checks_in_and_exports_the_list(
    page, demo, screenshot, tmp_path
):
    guest = demo.first_in
    _log_in(page, demo)

    # From the events list to the registrations of one event.
    events = capfirst(Event._meta.verbose_name_plural)
    page.get_by_role("rowheader", name=events, exact=True).get_by_role("link").click()
    row = page.get_by_role("row").filter(has_text=demo.full.title)
    row.get_by_role("link", name=_("Registrations"), exact=True).click()

    # Find the guest and check them in.
    search = page.get_by_role("search").get_by_role("textbox")
    search.fill(guest.last_name)
    search.press("Enter")
    page.wait_for_load_state()
    guest_row = page.get_by_role("row").filter(has_text=guest.last_name)
    guest_row.get_by_role("checkbox").check()
    page.get_by_role("combobox", name=_("Action:")).select_option(
        label=_("Mark the selected as attended")
    )
    page.get_by_role("button", name=_("Go"), exact=True).click()
    page.wait_for_load_state()
    guest.refresh_from_db()
    assert guest.status == "attended"
    screenshot(page, "checked-in")

    # Export the attendee list and open the file.
    page.get_by_role("link", name=_("Export lists")).click()
    page.get_by_role("radio", name=_("Attendee list"), exact=True).check()
    page.get_by_role("radio", name=_("Excel workbook (XLSX)")).check()
    with page.expect_download() as download_info:
        page.get_by_role("button", name=_("Export")).click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    workbook = openpyxl.load_workbook(saved, read_only=True)

    assert saved.name == f"{demo.full.slug}-deltagare.xlsx"
    header, *rows = workbook.active.iter_rows(values_only=True)
    columns = [str(Registration._meta.get_field(name).verbose_name) for name in FILE_COLUMNS]
    picked = [tuple(row[header.index(column)] for column in columns) for row in rows]
    assert picked == [("Erik", "Holm", str(Registration.Status.ATTENDED.label))]
