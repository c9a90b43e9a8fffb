"""The consent and its time are recorded; the privacy notice names the controller."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from registrations import services
from registrations.models import Booking
from tests.factories import EventFactory
from tests.privacy.conftest import participant
from tests.registrations.signup_post import person, signup_post

pytestmark = pytest.mark.django_db

MOMENT = dt.datetime(2026, 5, 4, 8, 30, 15, tzinfo=dt.UTC)


def test_consent_time_is_stored_by_the_register_service(db):
    event = EventFactory()

    booking = services.register(
        event=event,
        contact_name="Anna Berg",
        contact_email="anna@kinda.se",
        participants=[participant("Anna", "anna@kinda.se")],
        consent_at=MOMENT,
    )

    booking.refresh_from_db()
    assert booking.consent_at == MOMENT


def test_consent_time_is_the_moment_of_the_signup(client):
    with time_machine.travel(MOMENT, tick=False):
        event = EventFactory()
        response = client.post(
            reverse("registrations:signup", args=[event.slug]), signup_post([person(1)])
        )

    assert response.status_code == 302
    assert Booking.objects.get().consent_at == MOMENT


def test_consent_is_required_to_sign_up(client):
    event = EventFactory()
    data = signup_post([person(1)])
    del data["booking-consent"]

    response = client.post(reverse("registrations:signup", args=[event.slug]), data)

    assert response.status_code == 200
    assert "Du behöver godkänna integritetsmeddelandet för att kunna anmäla dig." in (
        response.content.decode()
    )
    assert Booking.objects.count() == 0


def test_privacy_notice_names_the_organiser_as_controller(client):
    event = EventFactory(title="Välfärdsdagen", organiser__name="Kommunförbundet Norr")

    response = client.get(reverse("registrations:privacy") + f"?evenemang={event.slug}")

    html = response.content.decode()
    assert response.status_code == 200
    assert "För Välfärdsdagen är Kommunförbundet Norr personuppgiftsansvarig." in html
