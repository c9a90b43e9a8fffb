"""The calendar files the e-mails carry, end to end: service, commit, worker, outbox,
then parsed with icalendar. An invitation (REQUEST) per participant, per day; its
cancellation (CANCEL) with the same UIDs and a higher SEQUENCE."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail

from registrations import notifications, services
from registrations.event_cancellation import cancel_event
from registrations.models import Registration
from tests.factories import EventFactory, SessionFactory, VenueFactory
from tests.messaging.helpers import person, register

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(day, hour, minute=0):
    return dt.datetime(2027, 5, day, hour, minute, tzinfo=STOCKHOLM)


def seminar(**fields):
    venue = VenueFactory(
        name="Kisa folkets hus",
        street_address="Storgatan 1",
        postal_code="590 38",
        city="Kisa",
        organiser__name="CKS",
    )
    defaults = {
        "title": "Välfärd för alla",
        "slug": "valfard-for-alla",
        "starts_at": at(11, 9, 30),
        "ends_at": at(11, 16),
        "venue": venue,
        "organiser": venue.organiser,
        "contact_name": "Kerstin Johansson",
        "contact_email": "seminarier@cks.se",
    }
    return EventFactory(**{**defaults, **fields})


def conference():
    """Three days, 11–13 May, with a programme on each day."""
    event = seminar(title="Aktuell Socialpolitik", starts_at=at(11, 10), ends_at=at(13, 12, 30))
    for day, start, end in [(11, 10, 16), (12, 9, 16), (13, 9, 12)]:
        SessionFactory(event=event, starts_at=at(day, start), ends_at=at(day, start, 45))
        SessionFactory(event=event, starts_at=at(day, end - 1), ends_at=at(day, end, 15))
    return event


def calendar_of(message):
    """(the part's method parameter, the parsed calendar) of the e-mail's .ics."""
    [part] = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    return part.get_param("method"), icalendar.Calendar.from_ical(part.get_payload(decode=True))


def entries(message):
    """(UID, SEQUENCE, DTSTART, DTEND) of every VEVENT of the e-mail's .ics."""
    _method, calendar = calendar_of(message)
    return [
        (
            str(item["UID"]),
            item["SEQUENCE"],
            item.decoded("DTSTART"),
            item.decoded("DTEND"),
        )
        for item in calendar.walk("VEVENT")
    ]


def message_to(address):
    [message] = [m for m in mail.outbox if m.to == [address]]
    return message


def only_registration(booking):
    return booking.registrations.get()


def test_invitation_is_a_request_from_the_contact_person_to_the_participant(committed):
    booking = register(committed, seminar(), person("Bo", "bo@kinda.se"))
    bo = only_registration(booking)

    method, calendar = calendar_of(message_to("bo@kinda.se"))
    [item] = calendar.walk("VEVENT")

    assert (method, calendar["METHOD"]) == ("REQUEST", "REQUEST")
    assert str(item["UID"]) == f"registration-{bo.reference}@anmalan"
    assert item["SEQUENCE"] == 0
    assert item["STATUS"] == "CONFIRMED"
    assert str(item["ORGANIZER"]) == "mailto:seminarier@cks.se"
    assert item["ORGANIZER"].params["CN"] == "Kerstin Johansson"
    assert str(item["ATTENDEE"]) == "mailto:bo@kinda.se"
    assert dict(item["ATTENDEE"].params) == {
        "CN": "Bo Svensson",
        "CUTYPE": "INDIVIDUAL",
        "ROLE": "REQ-PARTICIPANT",
        "PARTSTAT": "ACCEPTED",
        "RSVP": "FALSE",
    }
    assert str(item["LOCATION"]) == "Kisa folkets hus, Storgatan 1, 590 38 Kisa"
    assert (item.decoded("DTSTART"), item.decoded("DTEND")) == (at(11, 9, 30), at(11, 16))
    bo.refresh_from_db()
    assert (bo.calendar_uid, bo.calendar_sequence) == (f"registration-{bo.reference}", 0)


def test_invitation_of_someone_online_points_to_the_online_details(committed):
    event = seminar(
        format="hybrid",
        online_details="Teams-möte: https://teams.example.se/m/abc\nMötes-id 123",
    )
    register(
        committed,
        event,
        person("Bo", "bo@kinda.se", attendance_mode="online"),
        person("Cecilia", "cecilia@kinda.se"),
    )

    _method, online = calendar_of(message_to("bo@kinda.se"))
    _method, on_site = calendar_of(message_to("cecilia@kinda.se"))

    [item] = online.walk("VEVENT")
    assert str(item["LOCATION"]) == "https://teams.example.se/m/abc"
    assert "Teams-möte: https://teams.example.se/m/abc\nMötes-id 123" in str(item["DESCRIPTION"])
    [item] = on_site.walk("VEVENT")
    assert str(item["LOCATION"]) == "Kisa folkets hus, Storgatan 1, 590 38 Kisa"
    assert "teams.example.se" not in str(item["DESCRIPTION"])


def test_invitation_of_an_online_event_without_a_link_gives_the_details(committed):
    event = seminar(format="online", venue=None, online_details="Länken kommer\ndagen före.")
    register(committed, event, person("Bo", "bo@kinda.se"))

    _method, calendar = calendar_of(message_to("bo@kinda.se"))

    [item] = calendar.walk("VEVENT")
    assert str(item["LOCATION"]) == "Länken kommer dagen före."


def test_invitation_to_several_days_has_one_entry_per_day(committed):
    booking = register(committed, conference(), person("Bo", "bo@kinda.se"))
    uid = f"registration-{only_registration(booking).reference}"

    _method, calendar = calendar_of(message_to("bo@kinda.se"))

    assert entries(message_to("bo@kinda.se")) == [
        (f"{uid}@anmalan", 0, at(11, 10), at(11, 16, 15)),
        (f"{uid}-day2@anmalan", 0, at(12, 9), at(12, 16, 15)),
        (f"{uid}-day3@anmalan", 0, at(13, 9), at(13, 12, 30)),
    ]
    assert [str(item["SUMMARY"]) for item in calendar.walk("VEVENT")] == [
        "Aktuell Socialpolitik (dag 1 av 3)",
        "Aktuell Socialpolitik (dag 2 av 3)",
        "Aktuell Socialpolitik (dag 3 av 3)",
    ]


def test_invitation_days_end_with_what_the_participant_chose(committed):
    event = conference()
    dinner = SessionFactory(
        event=event, starts_at=at(12, 19), ends_at=at(12, 23), selectable=True, title="Middag"
    )
    register(
        committed,
        event,
        person("Bo", "bo@kinda.se", session_ids=(dinner.pk,)),
        person("Cecilia", "cecilia@kinda.se"),
    )

    [bo_second_day] = [e for e in entries(message_to("bo@kinda.se")) if "-day2@" in e[0]]
    [other_second_day] = [e for e in entries(message_to("cecilia@kinda.se")) if "-day2@" in e[0]]
    assert bo_second_day[2:] == (at(12, 9), at(12, 23))
    assert other_second_day[2:] == (at(12, 9), at(12, 16, 15))


@pytest.mark.parametrize("by_organiser", [False, True])
def test_cancellation_removes_every_day_invited_with_a_higher_sequence(committed, by_organiser):
    booking = register(committed, conference(), person("Bo", "bo@kinda.se"))
    invited = entries(message_to("bo@kinda.se"))

    committed(
        services.cancel_registration,
        registration=only_registration(booking),
        by_organiser=by_organiser,
    )

    method, calendar = calendar_of(message_to("bo@kinda.se"))
    assert (method, calendar["METHOD"]) == ("CANCEL", "CANCEL")
    assert entries(message_to("bo@kinda.se")) == [
        (uid, 1, start, end) for uid, _sequence, start, end in invited
    ]
    assert {str(item["STATUS"]) for item in calendar.walk("VEVENT")} == {"CANCELLED"}
    assert {str(item["ATTENDEE"]) for item in calendar.walk("VEVENT")} == {"mailto:bo@kinda.se"}
    assert {str(item["ORGANIZER"]) for item in calendar.walk("VEVENT")} == {
        "mailto:seminarier@cks.se"
    }


def test_cancelled_event_removes_the_invitation_of_everyone_invited(committed):
    event = seminar(capacity=1)
    booking = register(
        committed, event, person("Bo", "bo@kinda.se"), person("Cecilia", "c@kinda.se")
    )
    bo = booking.registrations.get(email="bo@kinda.se")

    committed(cancel_event, event=event, message="")

    method, calendar = calendar_of(message_to("bo@kinda.se"))
    assert method == "CANCEL"
    assert entries(message_to("bo@kinda.se")) == [
        (f"registration-{bo.reference}@anmalan", 1, at(11, 9, 30), at(11, 16))
    ]
    waiting = message_to("c@kinda.se")
    assert [p for p in waiting.message().walk() if p.get_content_type() == "text/calendar"] == []


def test_waitlisted_then_promoted_and_cancelled_gets_request_then_cancel(committed):
    event = seminar(capacity=1)
    booking = register(
        committed, event, person("Bo", "bo@kinda.se"), person("Cecilia", "c@kinda.se")
    )
    bo, cecilia = (booking.registrations.get(email=e) for e in ("bo@kinda.se", "c@kinda.se"))

    committed(services.cancel_registration, registration=bo)
    assert entries(message_to("c@kinda.se"))[0][:2] == (
        f"registration-{cecilia.reference}@anmalan",
        0,
    )
    committed(services.cancel_registration, registration=cecilia)

    method, _calendar = calendar_of(message_to("c@kinda.se"))
    assert method == "CANCEL"
    assert entries(message_to("c@kinda.se"))[0][:2] == (
        f"registration-{cecilia.reference}@anmalan",
        1,
    )


def test_changed_registration_sends_the_invitation_again_pointing_online(committed):
    event = seminar(format="hybrid", online_details="https://teams.example.se/m/abc")
    booking = register(committed, event, person("Bo", "bo@kinda.se"))
    bo = only_registration(booking)

    committed(
        services.update_registration,
        registration=bo,
        changes=person("Bo", "bo@kinda.se", attendance_mode="online"),
    )

    message = message_to("bo@kinda.se")
    method, calendar = calendar_of(message)
    [item] = calendar.walk("VEVENT")
    assert method == "REQUEST"
    assert (str(item["UID"]), item["SEQUENCE"]) == (f"registration-{bo.reference}@anmalan", 1)
    assert str(item["LOCATION"]) == "https://teams.example.se/m/abc"
    assert "Kalenderinbjudan bifogas igen: öppna den för att uppdatera din kalender." in (
        message.body
    )


def test_changed_registration_on_the_waiting_list_has_no_invitation(committed):
    event = seminar(capacity=0)
    booking = register(committed, event, person("Bo", "bo@kinda.se"))

    committed(
        services.update_registration,
        registration=only_registration(booking),
        changes=person("Bo", "bo@kinda.se", role="Enhetschef"),
    )

    [message] = mail.outbox
    assert [p for p in message.message().walk() if p.get_content_type() == "text/calendar"] == []
    assert "Kalenderinbjudan" not in message.body


def test_each_invitation_sent_again_has_a_higher_sequence(committed):
    booking = register(committed, seminar(), person("Bo", "bo@kinda.se"))
    bo = only_registration(booking)

    sequences = []
    for _time in range(2):
        committed(notifications.confirmation_resent, registration=bo)
        sequences.append(entries(message_to("bo@kinda.se"))[0][1])

    assert sequences == [1, 2]


def test_invitation_sent_before_invitations_were_per_person_is_cancelled_by_its_uid(committed):
    """Invitations sent before had the event's UID (the migration keeps it)."""
    event = seminar()
    booking = register(committed, event, person("Bo", "bo@kinda.se"))
    Registration.objects.filter(pk=only_registration(booking).pk).update(
        calendar_uid=f"event-{event.pk}", calendar_sequence=0
    )

    committed(services.cancel_registration, registration=only_registration(booking))

    assert entries(message_to("bo@kinda.se")) == [
        (f"event-{event.pk}@anmalan", 1, at(11, 9, 30), at(11, 16))
    ]


def test_english_invitation_names_the_days_in_english(committed):
    register(
        committed,
        conference(),
        person("Kim", "kim@lund.se"),
        contact_email="kim@lund.se",
        language="en",
    )

    _method, calendar = calendar_of(message_to("kim@lund.se"))

    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == "Aktuell Socialpolitik (day 1 of 3)"
