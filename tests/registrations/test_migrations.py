"""Data migrations of registrations, run on today's models."""

import importlib

import pytest
from django.apps import apps

from events.models import Event
from registrations.models import Registration
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

record = importlib.import_module("registrations.migrations.0005_registration_cancellation_record")


def test_registrations_of_events_cancelled_before_are_cancelled_with_them():
    cancelled = EventFactory(status=Event.Status.CANCELLED)
    seat = RegistrationFactory(booking__event=cancelled)
    waiting = RegistrationFactory(booking__event=cancelled, status="waitlisted")
    left = RegistrationFactory(booking__event=cancelled, status="cancelled")
    other = RegistrationFactory()
    cancelled.refresh_from_db()

    record.cancel_with_cancelled_events(apps, None)

    rows = Registration.objects.order_by("pk").values_list(
        "status", "status_before_cancellation", "cancellation_reason", "cancelled_at"
    )
    assert list(rows) == [
        ("cancelled", "confirmed", "event_cancelled", cancelled.updated_at),
        ("cancelled", "waitlisted", "event_cancelled", cancelled.updated_at),
        ("cancelled", "", "", None),
        ("confirmed", "", "", None),
    ]
    assert [r.pk for r in (seat, waiting, left, other)] == sorted(
        Registration.objects.values_list("pk", flat=True)
    )
