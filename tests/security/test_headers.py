"""Security headers on a public page, the signup page, a manage page and the admin."""

import pytest
from django.urls import reverse

from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
ADMIN_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
PERMISSIONS = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


def _directives(header):
    return sorted(part.strip() for part in header.split(";"))


def assert_security_headers(response, *, referrer_policy="same-origin", csp=CSP):
    assert _directives(response["Content-Security-Policy"]) == _directives(csp)
    assert response["Permissions-Policy"] == PERMISSIONS
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Referrer-Policy"] == referrer_policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_headers_on_the_event_page(client):
    event = EventFactory()

    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert_security_headers(response)


def test_headers_on_the_signup_page(client):
    event = EventFactory()

    response = client.get(reverse("registrations:signup", args=[event.slug]))

    assert response.status_code == 200
    assert_security_headers(response)


def test_headers_on_a_page_not_found(client):
    response = client.get("/finns-inte/")

    assert response.status_code == 404
    assert_security_headers(response)


def test_headers_on_the_admin_login(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert_security_headers(response)


def test_headers_in_the_admin(client):
    user = UserFactory(is_superuser=True)
    user.save()  # the factory sets the password without saving it
    client.force_login(user)

    response = client.get(reverse("admin:registrations_registration_changelist"))

    assert response.status_code == 200
    assert_security_headers(response)


def test_headers_admin_relaxation_applies_under_admin_only(client, settings):
    settings.CONTENT_SECURITY_POLICY_ADMIN_UPDATE = {"style-src": ["'self'", "'unsafe-inline'"]}
    event = EventFactory(slug="admin")

    admin_login = client.get(reverse("admin:login"))
    public = [
        client.get(event.get_absolute_url()),
        client.get("/administration/"),
        client.get(reverse("registrations:signup", args=[event.slug])),
    ]

    assert_security_headers(admin_login, csp=ADMIN_CSP)
    assert [r["Content-Security-Policy"].count("unsafe-inline") for r in public] == [0, 0, 0]


def test_headers_on_a_manage_page_keep_the_link_private(client):
    """The secret link never leaves the site as a Referer and is never indexed.
    A page with a form says "same-origin" rather than "no-referrer": with
    "no-referrer" browsers send ``Origin: null`` with the form's POST, which
    CSRF protection refuses (registrations/views/common.py)."""
    registration = RegistrationFactory()

    response = client.get(registration.get_absolute_url())

    assert response.status_code == 200
    assert_security_headers(response, referrer_policy="same-origin")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_headers_on_a_booking_page_send_no_referrer(client):
    registration = RegistrationFactory()

    response = client.get(registration.booking.get_absolute_url())

    assert response.status_code == 200
    assert_security_headers(response, referrer_policy="no-referrer")
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_headers_on_the_signup_sent_page_send_no_referrer(client):
    registration = RegistrationFactory()
    url = reverse("registrations:signup_sent", args=[registration.event.slug])

    response = client.get(url)

    assert response.status_code == 200
    assert_security_headers(response, referrer_policy="no-referrer")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
