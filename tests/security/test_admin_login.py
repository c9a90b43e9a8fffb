"""Brute-force protection of the admin login (django-axes): five wrong passwords
for one username from one address lock that pair out for the cool-off period."""

import datetime as dt

import pytest
import time_machine
from django.http import HttpRequest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
LOCKED = "Inloggningen är spärrad efter 5 felaktiga lösenord i rad."
TRY_LATER = "Försök igen om 15 minuter."


def log_in(client, username, password, address="192.0.2.10"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def fail(client, username, times, address="192.0.2.10"):
    """Wrong passwords; the status of each answer (200: the form with its error)."""
    return [log_in(client, username, "fel lösenord", address).status_code for _ in range(times)]


def test_admin_login_right_password_works(client, superuser):
    response = log_in(client, "organisator", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_admin_login_four_failures_still_let_the_right_password_in(client, superuser):
    assert fail(client, "organisator", 4) == [200, 200, 200, 200]

    response = log_in(client, "organisator", PASSWORD)

    assert response.status_code == 302


def test_admin_login_five_failures_lock_out_even_the_right_password(client, superuser):
    assert fail(client, "organisator", 5) == [200, 200, 200, 200, 429]

    response = log_in(client, "organisator", PASSWORD)

    html = response.content.decode()
    assert response.status_code == 429
    assert LOCKED in html
    assert TRY_LATER in html
    assert "_auth_user_id" not in client.session


def test_admin_login_lockout_leaves_other_users_and_addresses_alone(client, superuser):
    other = UserFactory(username="kollega", is_superuser=True)
    other.save()
    fail(client, "organisator", 5)

    same_address_other_user = log_in(client, "kollega", PASSWORD)
    client.logout()
    same_user_other_address = log_in(client, "organisator", PASSWORD, address="198.51.100.7")

    assert same_address_other_user.status_code == 302
    assert same_user_other_address.status_code == 302


def test_admin_login_lockout_ends_after_the_cool_off(client, superuser):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        fail(client, "organisator", 5)
        assert log_in(client, "organisator", PASSWORD).status_code == 429
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 16, tzinfo=dt.UTC), tick=False):
        response = log_in(client, "organisator", PASSWORD)

    assert response.status_code == 302


def test_admin_login_lockout_counts_the_address_behind_a_trusted_proxy(client, superuser, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    statuses = [
        client.post(
            reverse("admin:login"),
            {"username": "organisator", "password": "fel"},
            REMOTE_ADDR="10.0.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attacker}, 192.0.2.10",
        ).status_code
        for attacker in range(5)
    ]
    proxy_itself = log_in(client, "organisator", PASSWORD, address="10.0.0.1")
    colleague_behind_same_proxy = client.post(
        reverse("admin:login"),
        {"username": "organisator", "password": PASSWORD, "next": reverse("admin:index")},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )

    # The forged left-most entries change nothing: the attacker is 192.0.2.10.
    assert statuses == [200, 200, 200, 200, 429]
    assert proxy_itself.status_code == 302  # the proxy's own address is not locked
    assert colleague_behind_same_proxy.status_code == 302


def test_admin_login_through_the_test_client_needs_a_request(client, superuser):
    """axes checks every authenticate() call against its lockouts, so it needs
    the request; tests that do not care use client.force_login instead."""
    assert client.login(request=HttpRequest(), username="organisator", password=PASSWORD)
