"""``/healthz`` for load balancers: 200 when the database and the cache answer,
503 otherwise, with nothing else to read (no versions, no errors, no data).

It is answered first in the middleware, before the host check, the HTTPS
redirect, sessions and the rest: a load balancer probes each app server by its
own address over plain HTTP, and the answer must say whether *this* server can
serve, not whether the probe looked like a visitor.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

PATHS = {"/healthz", "/healthz/"}
CACHE_PREFIX = "healthz"


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        logger.warning("Health check: the database does not answer: %s", error)
        return False


def cache_answers():
    """A value written to the cache can be read back (a cache that is down
    reads nothing: config/cache.py)."""
    key = f"{CACHE_PREFIX}:{secrets.token_hex(8)}"  # its own key: servers probed at once
    try:
        cache.set(key, "ok", 10)
        answered = cache.get(key) == "ok"
        cache.delete(key)
    except Exception as error:  # any cache backend, any failure: not healthy
        logger.warning("Health check: the cache does not answer: %s", error)
        return False
    if not answered:
        logger.warning("Health check: the cache does not answer")
    return answered


def health(request):
    healthy = database_answers() and cache_answers()
    response = HttpResponse(
        "ok\n" if healthy else "unavailable\n",
        status=200 if healthy else 503,
        content_type="text/plain; charset=utf-8",
    )
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """Answers ``/healthz`` before any other middleware (first in MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in PATHS and request.method in {"GET", "HEAD"}:
            return health(request)
        return self.get_response(request)
