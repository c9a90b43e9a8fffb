"""Right of access and right to erasure, limited to the organiser's own events."""

import json
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from messaging.models import OutgoingEmail
from registrations import services
from registrations.event_cancellation import cancel_event
from registrations.models import Registration
from registrations.privacy import ErasureResult, erase_personal_data, export_personal_data
from tests.factories import EventFactory, RegistrationFactory
from tests.privacy.conftest import SIGNED_UP, after_event, participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(conference):
    """Anna also registered for another organiser's event."""
    registration = RegistrationFactory(email="anna@kinda.se", first_name="Anna")
    return registration


def test_access_export_has_every_registration_booking_and_email(conference, elsewhere):
    organiser = conference["event"].organiser

    data = export_personal_data(email=" Anna@Kinda.se ", organisers=[organiser])

    assert json.loads(json.dumps(data)) == data
    assert data["email"] == "anna@kinda.se"
    assert data["organisers"] == [organiser.name]
    assert [r["event"]["title"] for r in data["registrations"]] == ["Välfärdsdagen"]
    (anna,) = data["registrations"]
    assert {key: anna[key] for key in ("first_name", "last_name", "email", "phone", "role")} == {
        "first_name": "Anna",
        "last_name": "Berg",
        "email": "anna@kinda.se",
        "phone": "070-222 22 22",
        "role": "Socialsekreterare",
    }
    assert (anna["dietary_needs"], anna["accessibility_needs"]) == ("Glutenfri", "Hörslinga")
    assert anna["sessions"] == ["Workshop A"]
    assert sorted((a["question"], a["answer"]) for a in anna["answers"]) == [
        ("Middag?", "yes"),
        ("Något mer?", "Jag har diabetes"),
    ]
    assert anna["booking_reference"] == conference["public"].reference
    assert data["bookings"] == []  # Karin made the booking
    assert [(e["to"], e["kind"]) for e in data["emails"]] == [("anna@kinda.se", "confirmation")]
    assert "Glutenfri" in data["emails"][0]["text"]


def test_access_export_says_why_a_registration_was_cancelled_and_what_it_was(conference):
    cancel_event(event=conference["event"])

    data = export_personal_data(email="anna@kinda.se", organisers=[conference["event"].organiser])

    (anna,) = data["registrations"]
    assert (anna["status"], anna["status_before_cancellation"], anna["cancellation_reason"]) == (
        "cancelled",
        "confirmed",
        "event_cancelled",
    )


def test_access_export_of_a_contact_person_has_the_booking(conference):
    data = export_personal_data(email="karin@kinda.se", organisers=[conference["event"].organiser])

    (booking,) = data["bookings"]
    assert data["registrations"] == []
    assert (booking["contact_name"], booking["contact_phone"], booking["invoice_reference"]) == (
        "Karin Kontakt",
        "070-111 11 11",
        "Karin Kontakt",
    )
    assert booking["participants"] == [
        r.reference for r in conference["public"].registrations.order_by("pk")
    ]
    assert booking["privacy_notice_accepted_at"] == SIGNED_UP.isoformat()
    assert [e["kind"] for e in data["emails"]] == ["booking_confirmation"]


def test_access_export_is_limited_to_the_organisers_events(conference, elsewhere):
    data = export_personal_data(email="anna@kinda.se", organisers=[elsewhere.event.organiser])

    assert [r["reference"] for r in data["registrations"]] == [elsewhere.reference]
    assert data["emails"] == []


def test_access_export_of_an_unknown_address_is_empty(conference):
    data = export_personal_data(email="ingen@kinda.se", organisers=[conference["event"].organiser])

    assert (data["registrations"], data["bookings"], data["emails"]) == ([], [], [])


def test_erasure_anonymises_the_person_in_the_organisers_events_only(conference, elsewhere):
    organiser = conference["event"].organiser

    with time_machine.travel(after_event(2), tick=False):
        result = erase_personal_data(email="ANNA@kinda.se", organisers=[organiser])

    anna = Registration.objects.get(booking=conference["public"], first_name="")
    bo = Registration.objects.get(booking=conference["public"], first_name="Bo")
    elsewhere.refresh_from_db()
    assert result == ErasureResult(registrations=1, bookings=0, emails_deleted=1, emails_blanked=2)
    assert (anna.email, anna.phone, anna.dietary_needs, anna.answers.count()) == (
        f"anonymised-{anna.pk}@anonymised.invalid",
        "",
        "",
        0,
    )
    assert (anna.status, list(anna.sessions.values_list("title", flat=True))) == (
        "confirmed",
        ["Workshop A"],
    )
    assert (bo.email, elsewhere.email, elsewhere.first_name) == (
        "bo@kinda.se",
        "anna@kinda.se",
        "Anna",
    )
    assert OutgoingEmail.objects.filter(to="anna@kinda.se").count() == 0
    assert OutgoingEmail.objects.filter(to="bo@kinda.se").exclude(body_text="").count() == 1
    assert (
        export_personal_data(email="anna@kinda.se", organisers=[organiser])["registrations"] == []
    )


def test_erasure_of_a_contact_person_blanks_the_booking_contact(conference):
    organiser = conference["event"].organiser

    with time_machine.travel(after_event(2), tick=False):
        result = erase_personal_data(email="karin@kinda.se", organisers=[organiser])

    booking = conference["public"]
    booking.refresh_from_db()
    assert result == ErasureResult(bookings=1, emails_deleted=2)
    assert (booking.contact_name, booking.contact_phone, booking.invoice_reference) == ("", "", "")
    assert booking.registrations.filter(first_name="Anna").count() == 1


def test_erasure_before_the_event_cancels_and_gives_the_seat_to_the_next_in_line(db):
    event = EventFactory(capacity=1, waiting_list=True)
    first = services.register(
        event=event,
        contact_name="Anna Berg",
        contact_email="anna@kinda.se",
        participants=[participant("Anna", "anna@kinda.se")],
        consent_at=SIGNED_UP,
    ).registrations.get()
    second = services.register(
        event=event,
        contact_name="Bo Berg",
        contact_email="bo@kinda.se",
        participants=[participant("Bo", "bo@kinda.se")],
        consent_at=SIGNED_UP,
    ).registrations.get()
    assert second.status == Registration.Status.WAITLISTED

    result = erase_personal_data(email="anna@kinda.se", organisers=[event.organiser])

    first.refresh_from_db()
    second.refresh_from_db()
    assert (result.registrations, result.cancelled, result.bookings) == (1, 1, 1)
    assert (first.status, first.first_name) == (Registration.Status.CANCELLED, "")
    assert second.status == Registration.Status.CONFIRMED
    assert OutgoingEmail.objects.filter(to="anna@kinda.se").count() == 0


def test_erasure_twice_changes_nothing_more(conference):
    organiser = conference["event"].organiser
    with time_machine.travel(after_event(2), tick=False):
        erase_personal_data(email="anna@kinda.se", organisers=[organiser])

        again = erase_personal_data(email="anna@kinda.se", organisers=[organiser])

    assert again == ErasureResult()


def test_erasure_of_a_blank_address_does_nothing(conference):
    result = erase_personal_data(email="  ", organisers=[conference["event"].organiser])

    assert result == ErasureResult()
    assert Registration.objects.filter(anonymised_at__isnull=False).count() == 0


def test_personal_data_command_exports_json(conference, tmp_path):
    target = tmp_path / "anna.json"

    call_command(
        "personal_data",
        "--export",
        "anna@kinda.se",
        "--organiser",
        conference["event"].organiser.slug,
        "--output",
        str(target),
        stdout=StringIO(),
    )

    data = json.loads(target.read_text(encoding="utf-8"))
    assert [r["first_name"] for r in data["registrations"]] == ["Anna"]


def test_personal_data_command_erases(conference):
    out = StringIO()

    with time_machine.travel(after_event(2), tick=False):
        call_command(
            "personal_data",
            "--erase",
            "cecilia@konsult.se",
            "--organiser",
            conference["event"].organiser.slug,
            stdout=out,
        )

    assert out.getvalue() == (
        "Erased: 1 registrations (0 cancelled first), 1 bookings as contact person; "
        "e-mails deleted: 2, e-mail texts deleted: 0.\n"
    )
    assert Registration.objects.filter(email="cecilia@konsult.se").count() == 0


def test_personal_data_command_refuses_an_unknown_organiser(conference):
    expected = "No organiser with this slug, name or organiser admin's username: finns-inte"
    with pytest.raises(CommandError, match=expected):
        call_command("personal_data", "--export", "anna@kinda.se", "--organiser", "finns-inte")


def test_access_export_has_the_days_checked_in(conference):
    from django.utils.timezone import localtime

    from registrations.models import Registration
    from registrations.services import mark_attended

    anna = Registration.objects.get(email="anna@kinda.se")
    event = anna.event
    mark_attended(registration=anna, day=event.days[0])
    moment = anna.day_attendances.get().checked_in_at

    data = export_personal_data(email="anna@kinda.se", organisers=[event.organiser])

    assert data["registrations"][0]["checked_in_per_day"] == [
        {"day": event.days[0].isoformat(), "checked_in_at": localtime(moment).isoformat()}
    ]
