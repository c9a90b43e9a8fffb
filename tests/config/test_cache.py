"""The cache on Redis (CACHE_URL=redis://...): what the settings make of the URL,
and that the cache really is Redis, shared between processes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.urls import reverse

from tests.factories import EventFactory

ROOT = Path(__file__).resolve().parents[2]


def _caches_for(url):
    result = subprocess.run(  # noqa: S603 (this interpreter, our settings)
        [sys.executable, "-c", "import config.settings as s; print(s.CACHES['default'])"],
        cwd=ROOT,
        env={**os.environ, "CACHE_URL": url},
        capture_output=True,
        text=True,
        check=True,
    )
    return eval(result.stdout)  # noqa: S307 (our own settings' repr)


def test_cache_url_redis_selects_the_redis_cache_that_survives_an_outage():
    assert _caches_for("redis://127.0.0.1:6379/1") == {
        "BACKEND": "config.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


def test_cache_url_options_override_the_timeouts():
    config = _caches_for("redis://127.0.0.1:6379/1?socket_timeout=3&retry_after=10")

    assert config["OPTIONS"] == {
        "socket_connect_timeout": 1,
        "socket_timeout": 3,
        "retry_after": 10,
    }


def test_cache_url_default_is_local_memory():
    assert (
        _caches_for("locmemcache://")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    )


def test_redis_cache_stores_adds_and_counts(redis_cache):
    redis_cache.set("page", b"<html>", 60)

    assert redis_cache.get("page") == b"<html>"
    assert (redis_cache.add("count", 1, 60), redis_cache.add("count", 1, 60)) == (True, False)
    assert redis_cache.incr("count") == 2
    with pytest.raises(ValueError, match="not found"):
        redis_cache.incr("missing")


@pytest.mark.django_db
def test_redis_cache_holds_the_event_page_where_other_processes_find_it(client, redis_cache):
    event = EventFactory(slug="seminarium")

    page = client.get(reverse("events:event", args=[event.slug]))

    raw = redis.Redis.from_url(redis_cache._servers[0])
    keys = [key.decode() for key in raw.scan_iter(match=f"{redis_cache.key_prefix}:*")]
    assert len(keys) == 1
    assert f":event-page:{event.pk}:sv:" in keys[0]
    assert redis_cache.get(keys[0].split(":", 2)[2]) == page.content
