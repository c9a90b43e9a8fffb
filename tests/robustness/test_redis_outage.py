"""Redis stopped under a running site: pages are rendered without the cache, the
rate limits let everyone through, admin login lockouts hold (they live in the
database), and nothing answers 500. The test starts a Redis of its own and
stops it, so the shared one is never touched."""

import pytest
from django.urls import reverse

from registrations.models import Booking
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from tests.redis_support import PrivateRedis, redis_cache_settings, unavailable
from tests.registrations.signup_post import person, signup_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_redis(settings):
    """The default cache on a private Redis; ``retry_after=0`` so each request
    tries Redis again (the pause is tested on its own)."""
    from django.core.cache import cache

    reason = PrivateRedis.missing()
    if reason:
        unavailable(reason)
    with PrivateRedis() as server:
        settings.CACHES = redis_cache_settings(server.url, retry_after=0)
        yield server
        cache.close()


def event_page(client):
    return client.get(reverse("events:event", args=["seminarium"]))


def signup(client, event, number):
    return client.post(
        reverse("registrations:signup", args=[event.slug]),
        signup_post([person(number)], key=f"{number:043d}"),
        REMOTE_ADDR="192.0.2.10",
    )


def test_redis_outage_event_page_is_rendered_without_the_cache(client, private_redis):
    from django.core.cache import cache

    event = EventFactory(slug="seminarium", capacity=10)
    assert "10 platser kvar" in event_page(client).text
    assert len(list(cache._cache.get_client().scan_iter())) == 1  # the page, in Redis

    private_redis.stop()
    RegistrationFactory(booking__event=event)
    response = event_page(client)

    assert response.status_code == 200
    assert "9 platser kvar" in response.text


def test_redis_outage_rate_limits_let_signups_through(client, private_redis, settings):
    settings.RATE_LIMITS = {"registrations:signup": "2/m"}
    event = EventFactory()
    assert [signup(client, event, number).status_code for number in range(3)] == [302, 302, 429]

    private_redis.stop()
    statuses = [signup(client, event, number).status_code for number in range(3, 6)]

    assert statuses == [302, 302, 302]
    assert Booking.objects.count() == 5


def test_redis_outage_admin_login_lockout_still_holds(client, private_redis):
    user = UserFactory(username="organisator", is_superuser=True)
    user.save()
    private_redis.stop()

    statuses = [
        client.post(
            reverse("admin:login"),
            {"username": "organisator", "password": "fel lösenord"},
            REMOTE_ADDR="192.0.2.10",
        ).status_code
        for _ in range(5)
    ]

    assert statuses == [200, 200, 200, 200, 429]


def test_redis_back_after_an_outage_is_used_again(client, private_redis):
    from django.core.cache import cache

    EventFactory(slug="seminarium")
    private_redis.stop()
    assert event_page(client).status_code == 200

    private_redis.start()
    event_page(client)

    assert len(list(cache._cache.get_client().scan_iter())) == 1


def test_redis_outage_pauses_before_trying_again(private_redis, settings):
    from django.core.cache import cache

    settings.CACHES = redis_cache_settings(private_redis.url, retry_after=60)
    cache.set("greeting", "hej")
    private_redis.stop()
    assert cache.get("greeting") is None
    private_redis.start()

    # Redis answers again, but the cache leaves it alone until the pause is over.
    assert (cache.available, cache.get("greeting", "paused")) == (False, "paused")
    cache._down_until = 0
    assert cache.add("greeting", "hej igen") is True
