"""The rendered event page, cached per event, language and everything it shows.

Most of the page (programme, speakers, materials) changes rarely, and rendering it
costs ~15 ms of Python; a visitor who is not logged in gets the page from the cache
after one query. The key holds what can change the page:

- the event row's ``updated_at`` (every save of the event, also through the admin's
  event form with its inlines for sessions, prices and materials; the services in
  events/services.py set it too, and ``programme_changed`` does for other writes);
- the places taken (counted in the same query), so a signup or cancellation shows
  at once;
- what the clock decides: the registration state (not yet open, open, closed) and
  whether the event is past;
- the language.

Edits the event row does not see (a speaker's or venue's own admin page) show after
at most ``TIMEOUT`` seconds. The same version is the page's ETag: a browser's
revisit with If-None-Match gets 304 after the one query. There is no
Last-Modified: the places taken change the page without changing ``updated_at``.
Logged-in users, requests with a query string and requests carrying messages are
never served from, nor stored in, the cache.
"""

import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.utils import translation

TIMEOUT = 60  # seconds: the backstop for edits of related objects
PREFIX = "event-page"


def usable(request):
    """Whether this request may be answered from the cache (and fill it)."""
    if request.method != "GET" or request.GET:
        return False
    if len(messages.get_messages(request)):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


_SLUG = "\x00slug"  # stands for the slug in the compiled query
_compiled = {}


def current(slug):
    """The published event ``slug`` with what its cache key needs
    (EventQuerySet.for_page_cache), or None.

    This query is asked for every view of an event page, so its SQL is compiled
    once per process (building it through the ORM costs four times running it).
    """
    from .models import Event

    if connection.vendor not in _compiled:
        query = Event.objects.published().for_page_cache().filter(slug=_SLUG).order_by()[:1]
        sql, params = query.query.sql_with_params()
        _compiled[connection.vendor] = (sql, params, params.index(_SLUG))
    sql, params, position = _compiled[connection.vendor]
    params = (*params[:position], slug, *params[position + 1 :])
    return next(iter(Event.objects.raw(sql, params)), None)


def _version(event):
    """What the page shows of ``event`` now, in the current language, as a short string."""
    parts = (
        event.updated_at.isoformat(),
        event.seats_taken,
        event.online_taken,
        event.registration_closed_reason(),
        event.registration_state,
        event.is_past,
    )
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
    return f"{event.pk}:{translation.get_language()}:{digest}"


def key(event):
    """The cache key for ``event`` (from EventQuerySet.for_page_cache())."""
    return f"{PREFIX}:{_version(event)}"


def etag(event):
    """The page's ETag: it changes whenever the cache key does, so a browser that
    sends it back (If-None-Match) has the page as it is now."""
    return '"' + _version(event).replace(":", "-") + '"'


def get(event):
    return cache.get(key(event))


def store(event, content):
    cache.set(key(event), content, TIMEOUT)
