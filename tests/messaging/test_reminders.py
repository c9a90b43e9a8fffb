import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from messaging.models import OutgoingEmail
from tests.factories import EventFactory, RegistrationFactory, VenueFactory

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


def _local(*args):
    return timezone.make_aware(dt.datetime(*args))


@pytest.fixture
def event():
    venue = VenueFactory(
        name="Kisa folkets hus",
        street_address="Storgatan 1",
        postal_code="590 38",
        city="Kisa",
        directions="Tio minuter från stationen.",
        accessibility_notes="Hiss finns.",
    )
    return EventFactory(
        title="Välfärd för alla",
        slug="valfard-for-alla",
        organiser=venue.organiser,
        venue=venue,
        format="hybrid",
        online_details="https://meet.example.se/abc",
        starts_at=_local(2027, 4, 27, 9, 30),
        ends_at=_local(2027, 4, 27, 16, 0),
        reminder_days_before=3,
    )


@pytest.fixture
def remind(django_capture_on_commit_callbacks, run_tasks):
    """Run the daily command at ``moment`` and the worker; returns the e-mails sent."""

    def run(moment):
        mail.outbox.clear()
        with time_machine.travel(moment, tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                call_command("send_reminders", verbosity=0)
            run_tasks()
        return list(mail.outbox)

    return run


def _register(event, when=(2027, 3, 1, 12, 0), **fields):
    with time_machine.travel(_local(*when), tick=False):
        return RegistrationFactory(booking__event=event, **fields)


def test_send_reminders_waits_for_the_reminder_day(event, remind):
    _register(event)

    assert remind(_local(2027, 4, 23, 23, 59)) == []


def test_send_reminders_on_the_day_reminds_each_confirmed_participant_once(event, remind):
    confirmed = _register(event, email="bo@kinda.se")
    _register(event, status="waitlisted")
    _register(event, status="cancelled")

    [reminder] = remind(_local(2027, 4, 24, 6, 0))

    assert reminder.to == ["bo@kinda.se"]
    assert reminder.subject == "Påminnelse: Välfärd för alla, tisdag 27 april 2027"
    assert OutgoingEmail.objects.get().registration == confirmed
    assert remind(_local(2027, 4, 24, 18, 0)) == []
    assert remind(_local(2027, 4, 25, 6, 0)) == []


def test_send_reminders_catches_up_a_missed_day_until_the_event_starts(event, remind):
    _register(event)

    assert len(remind(_local(2027, 4, 26, 6, 0))) == 1
    _register(event, email="sen@kinda.se")
    assert remind(_local(2027, 4, 27, 10, 0)) == []


def test_send_reminders_skips_people_who_registered_after_the_reminder_day(event, remind):
    _register(event, when=(2027, 4, 24, 10, 0))

    assert remind(_local(2027, 4, 25, 6, 0)) == []


def test_send_reminders_skips_cancelled_events_and_events_without_reminders(event, remind):
    _register(event)
    quiet = EventFactory(starts_at=event.starts_at, ends_at=event.ends_at, reminder_days_before=0)
    _register(quiet)
    event.status = "cancelled"
    event.save()

    assert remind(_local(2027, 4, 24, 6, 0)) == []


def test_send_reminders_gives_the_practical_details(event, remind):
    on_site = _register(event, email="bo@kinda.se")
    online = _register(event, email="c@kinda.se", attendance_mode="online", language="en")

    first, second = remind(_local(2027, 4, 24, 6, 0))

    assert first.to == ["bo@kinda.se"]
    assert "När: tisdag 27 april 2027 kl. 09.30–16.00\n" in first.body
    assert (
        "Var: Kisa folkets hus, Storgatan 1, 590 38 Kisa\n"
        "Hitta hit: Tio minuter från stationen.\n"
        "Tillgänglighet: Hiss finns.\n"
        f"Program: {SITE}/evenemang/valfard-for-alla/\n"
    ) in first.body
    assert "meet.example.se" not in first.body
    assert f"{SITE}/anmalan/{on_site.manage_token}/\n" in first.body
    assert second.to == ["c@kinda.se"]
    assert second.subject == "Reminder: Välfärd för alla, Tuesday 27 April 2027"
    assert "Where: Online\nHow to join: https://meet.example.se/abc\n" in second.body
    assert "Kisa folkets hus" not in second.body
    assert f"{SITE}/anmalan/{online.manage_token}/\n" in second.body
    assert '<a href="https://meet.example.se/abc"' in second.alternatives[0].content
