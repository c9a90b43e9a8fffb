"""The shared cache on Redis, which the site can do without.

Everything Anmälan keeps in the cache can be lost: cached event pages are made
anew, rate-limit counts start again. So a Redis that does not answer must not
turn a page into a server error. ``ResilientRedisCache`` is Django's RedisCache
that treats an unreachable Redis as an empty cache that stores nothing:

- reads answer the default (a miss), writes and deletes do nothing, ``add``
  answers False and ``incr`` raises ValueError as for a missing key, which
  django-ratelimit (with ``RATELIMIT_FAIL_OPEN``) takes as "do not limit";
- after a failure it leaves Redis alone for ``retry_after`` seconds (an OPTIONS
  key, ``?retry_after=5`` in CACHE_URL; 5 by default), so that visitors do not
  each wait for a connection that will fail, and then tries again;
- each failure is logged once per pause, as a warning.

``CACHE_URL=redis://host:6379/1`` selects it (config/settings.py).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

DEFAULT_RETRY_AFTER = 5.0  # seconds without Redis after it failed


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS") or {})}
        self.retry_after = float(params["OPTIONS"].pop("retry_after", DEFAULT_RETRY_AFTER))
        super().__init__(server, params)
        self._down_until = 0.0

    @property
    def available(self):
        """False while the pause after a failure lasts."""
        return time.monotonic() >= self._down_until

    def _attempt(self, operation, fallback, *args, **kwargs):
        if not self.available:
            return fallback()
        try:
            return operation(*args, **kwargs)
        except RedisError as error:
            self._down_until = time.monotonic() + self.retry_after
            logger.warning(
                "Cache unavailable, going on without it for %ss: %s", self.retry_after, error
            )
            return fallback()

    def get(self, key, default=None, version=None):
        return self._attempt(super().get, lambda: default, key, default, version)

    def get_many(self, keys, version=None):
        return self._attempt(super().get_many, dict, keys, version)

    def has_key(self, key, version=None):
        return self._attempt(super().has_key, lambda: False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().add, lambda: False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().set, lambda: None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().set_many, lambda: list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().touch, lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._attempt(super().delete, lambda: False, key, version)

    def delete_many(self, keys, version=None):
        return self._attempt(super().delete_many, lambda: None, keys, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")

        return self._attempt(super().incr, missing, key, delta, version)

    def clear(self):
        return self._attempt(super().clear, lambda: False)
