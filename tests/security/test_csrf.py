"""A form refused by the CSRF protection: a Swedish page that says what to do; the
signup form comes back filled in as it was sent."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from registrations.models import Booking
from tests.factories import EventFactory
from tests.registrations.signup_post import field_value, main_text, person, signup_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client():
    """A browser that lost its cookies: no CSRF cookie, so no token is valid."""
    return Client(enforce_csrf_checks=True)


def test_csrf_failure_on_a_form_explains_in_swedish(strict_client):
    event = EventFactory()

    response = strict_client.post(
        reverse("registrations:resend_link", args=[event.slug]), {"email": "maja@kinda.se"}
    )

    text = main_text(response.content.decode())
    assert response.status_code == 403
    assert text.startswith("Formuläret kunde inte skickas För din säkerhet")
    assert "tillåt kakor för den här webbplatsen" in text
    assert "maja@kinda.se" not in response.content.decode()


def test_csrf_failure_on_the_admin_login_shows_nothing_that_was_sent(strict_client):
    response = strict_client.post(
        reverse("admin:login"), {"username": "organisator", "password": "hemligt-lösenord"}
    )

    assert response.status_code == 403
    assert "Formuläret kunde inte skickas" in response.content.decode()
    assert "hemligt-lösenord" not in response.content.decode()
    assert "organisator" not in response.content.decode()


def test_csrf_failure_on_the_signup_form_keeps_what_was_typed(strict_client):
    event = EventFactory()
    data = signup_post([person(1, dietary_needs="Glutenfri"), person(2)])

    response = strict_client.post(reverse("registrations:signup", args=[event.slug]), data)

    html = response.content.decode()
    assert response.status_code == 403
    assert Booking.objects.count() == 0
    assert [item.text for item in response.context["forms"].error_summary] == [
        "Formuläret kunde inte tas emot: sidan hade varit öppen länge, eller så skickade "
        "webbläsaren inte med sin kaka (cookie). Ingenting sparades. Det du skrev finns kvar "
        "här nedanför: kontrollera uppgifterna och skicka formuläret igen. Händer det igen "
        "behöver du tillåta kakor för den här webbplatsen."
    ]
    assert field_value(html, "contact-first_name") == "Karin"
    assert field_value(html, "participant-1-email") == "deltagare2@kinda.se"
    assert "Glutenfri</textarea>" in html
    assert field_value(html, "booking-submission_key") == data["booking-submission_key"]
    assert re.search(r'name="booking-consent"[^>]*checked', html)
    assert "csrftoken" in response.cookies


def test_csrf_failure_then_sending_again_signs_up(strict_client):
    event = EventFactory()
    data = signup_post([person(1)])
    url = reverse("registrations:signup", args=[event.slug])

    refused = strict_client.post(url, data)
    token = field_value(refused.content.decode(), "csrfmiddlewaretoken")
    again = strict_client.post(url, {**data, "csrfmiddlewaretoken": token})

    assert (refused.status_code, again.status_code) == (403, 302)
    assert again.url == reverse("registrations:signup_sent", args=[event.slug])
    assert Booking.objects.get().registrations.get().email == "deltagare1@kinda.se"
