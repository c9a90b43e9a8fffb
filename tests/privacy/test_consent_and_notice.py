"""The consent and its time are recorded; the privacy notice names the controller."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from registrations import services
from registrations.models import Booking
from tests.factories import EventFactory, OrganiserFactory
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


def test_privacy_notice_names_the_co_organisers_of_the_event(client):
    event = EventFactory(title="Aktuell Socialpolitik", organiser__name="Norrbottens Kommuner")
    event.co_organisers.add(OrganiserFactory(name="Region Västerbotten"))

    response = client.get(reverse("registrations:privacy") + f"?evenemang={event.slug}")

    text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert (
        "För Aktuell Socialpolitik är Norrbottens Kommuner personuppgiftsansvarig. "
        "Medarrangör: Region Västerbotten."
    ) in text
    assert "Bara arrangörens personal för evenemanget kan se anmälningarna." in text


def test_privacy_notice_and_accessibility_statement_list_the_same_organisers(client):
    organiser = OrganiserFactory(name="Norrbottens Kommuner")
    region = OrganiserFactory(name="Region Västerbotten")
    EventFactory(organiser=organiser).co_organisers.add(region)
    EventFactory(organiser__name="Utkastets arrangör", status="draft").co_organisers.add(
        OrganiserFactory(name="Utkastets medarrangör")
    )
    OrganiserFactory(name="Arrangör utan evenemang")

    privacy = client.get(reverse("registrations:privacy"))
    statement = client.get(reverse("accessibility"))

    assert [o.name for o in privacy.context["organisers"]] == [
        "Norrbottens Kommuner",
        "Region Västerbotten",
    ]
    assert list(statement.context["organisers"]) == list(privacy.context["organisers"])
    assert f'href="mailto:{region.contact_email}"' in statement.content.decode()
