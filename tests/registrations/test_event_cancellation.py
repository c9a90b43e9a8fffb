"""Cancelling an event (registrations/event_cancellation.py): everyone is told, every
registration is cancelled with it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from events.models import Event
from events.services import EventError
from messaging.models import OutgoingEmail
from registrations.event_cancellation import cancel_event
from registrations.models import Registration
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_cancel_event_queues_an_email_to_each_registered_or_waiting():
    event = EventFactory()
    RegistrationFactory(booking__event=event, email="bo@kinda.se")
    RegistrationFactory(booking__event=event, email="cecilia@kinda.se", status="waitlisted")
    RegistrationFactory(booking__event=event, email="david@kinda.se", status="cancelled")

    told = cancel_event(event=event, message="Talaren är sjuk.")

    event.refresh_from_db()
    assert (told, event.status) == (2, Event.Status.CANCELLED)
    assert sorted(
        OutgoingEmail.objects.filter(kind="event_cancelled").values_list("to", flat=True)
    ) == [
        "bo@kinda.se",
        "cecilia@kinda.se",
    ]


def test_cancel_event_twice_is_refused():
    event = EventFactory(status=Event.Status.CANCELLED)

    with pytest.raises(EventError):
        cancel_event(event=event)


def test_cancel_event_cancels_every_registration_and_records_what_it_was():
    event = EventFactory(capacity=1)
    RegistrationFactory(booking__event=event, email="bo@kinda.se")
    RegistrationFactory(booking__event=event, email="cecilia@kinda.se", status="waitlisted")
    left = RegistrationFactory(
        booking__event=event,
        email="david@kinda.se",
        status="cancelled",
        cancellation_reason="participant",
        status_before_cancellation="confirmed",
    )

    with time_machine.travel(dt.datetime(2030, 1, 7, 9, tzinfo=STOCKHOLM), tick=False):
        cancel_event(event=event)
        now = timezone.now()

    rows = Registration.objects.order_by("pk").values_list(
        "email", "status", "status_before_cancellation", "cancellation_reason", "cancelled_at"
    )
    assert list(rows) == [
        ("bo@kinda.se", "cancelled", "confirmed", "event_cancelled", now),
        ("cecilia@kinda.se", "cancelled", "waitlisted", "event_cancelled", now),
        ("david@kinda.se", "cancelled", "confirmed", "participant", left.cancelled_at),
    ]


def test_cancel_event_sends_one_email_per_person_and_no_cancellation_on_top():
    event = EventFactory(capacity=1)
    RegistrationFactory(booking__event=event, email="bo@kinda.se")
    RegistrationFactory(booking__event=event, email="cecilia@kinda.se", status="waitlisted")

    cancel_event(event=event)

    assert sorted(OutgoingEmail.objects.values_list("to", "kind")) == [
        ("bo@kinda.se", "event_cancelled"),
        ("cecilia@kinda.se", "event_cancelled"),
    ]
