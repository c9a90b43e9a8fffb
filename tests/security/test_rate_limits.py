"""Rate limits per client address on the signup and "send my link again" POSTs."""

import datetime as dt

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse

from config.security import client_address, rate_limit_key
from registrations.models import Booking
from tests.factories import EventFactory
from tests.registrations.signup_post import person, signup_post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_backend")]


@pytest.fixture
def limits(settings):
    """Low limits, counted from the start of a minute: the counts are per minute,
    so a slow test crossing into the next one would start counting again."""
    settings.RATE_LIMITS = {"registrations:signup": "3/m", "registrations:resend_link": "2/m"}
    now = dt.datetime.now(dt.UTC)
    with time_machine.travel(now.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)):
        yield


def signup(client, event, number, address="192.0.2.10"):
    return client.post(
        reverse("registrations:signup", args=[event.slug]),
        signup_post([person(number)], key=f"{number:043d}"),
        REMOTE_ADDR=address,
    )


def resend(client, event, address="192.0.2.10"):
    return client.post(
        reverse("registrations:resend_link", args=[event.slug]),
        {"email": "anna@kinda.se"},
        REMOTE_ADDR=address,
    )


def test_rate_limit_signup_answers_429_past_the_limit(client, limits):
    event = EventFactory()

    statuses = [signup(client, event, number).status_code for number in range(4)]

    assert statuses == [302, 302, 302, 429]
    assert Booking.objects.count() == 3


def test_rate_limit_page_says_to_wait_and_go_back(client, limits):
    event = EventFactory()
    for number in range(3):
        signup(client, event, number)

    response = signup(client, event, 3)

    html = response.content.decode()
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "<h1>För många försök</h1>" in html
    assert "Vänta en minut och gå sedan tillbaka med webbläsarens bakåtknapp" in html


def test_rate_limit_signup_is_per_address(client, limits):
    event = EventFactory()
    for number in range(3):
        signup(client, event, number)

    response = signup(client, event, 3, address="198.51.100.7")

    assert response.status_code == 302


def test_rate_limit_signup_pages_are_not_counted(client, limits):
    event = EventFactory()
    url = reverse("registrations:signup", args=[event.slug])
    for _ in range(10):
        assert client.get(url, REMOTE_ADDR="192.0.2.10").status_code == 200

    assert signup(client, event, 1).status_code == 302


def test_rate_limit_resend_link_answers_429_past_the_limit(client, limits):
    event = EventFactory()

    statuses = [resend(client, event).status_code for _ in range(3)]

    assert statuses == [302, 302, 429]


def test_rate_limit_resend_link_and_signup_are_counted_apart(client, limits):
    event = EventFactory()
    for _ in range(2):
        resend(client, event)

    assert signup(client, event, 1).status_code == 302


def test_rate_limit_default_limits_are_generous_for_real_use():
    from config import settings as project_settings

    assert project_settings.RATE_LIMITS == {
        "registrations:signup": "20/m",
        "registrations:resend_link": "5/m",
        "registrations:resend_links": "5/m",
        "admin_password_reset": "5/m",
        "followup:verify": "10/m",
        "followup:verify_code": "10/m",
    }


def _request(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_client_address_without_a_proxy_ignores_x_forwarded_for(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(_request("192.0.2.10", "203.0.113.9")) == "192.0.2.10"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "192.0.2.10", "192.0.2.10"),
        (1, "203.0.113.9, 192.0.2.10", "192.0.2.10"),  # forged left-most entry
        (2, "203.0.113.9, 192.0.2.10, 10.0.0.2", "192.0.2.10"),
        (2, "192.0.2.10", "192.0.2.10"),  # fewer entries than proxies
        (1, "", "10.0.0.1"),  # no header: the proxy's address
        (1, "not-an-address", "10.0.0.1"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_client_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies

    assert client_address(_request("10.0.0.1", forwarded)) == expected


def test_rate_limit_key_counts_an_ipv6_network_as_one_client(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    first = rate_limit_key("g", _request("2001:db8:1:2::1"))
    second = rate_limit_key("g", _request("2001:db8:1:2:ffff::9"))
    other = rate_limit_key("g", _request("2001:db8:1:3::1"))

    assert first == second == "2001:db8:1:2::/64"
    assert other == "2001:db8:1:3::/64"
    assert rate_limit_key("g", _request("192.0.2.10")) == "192.0.2.10"
