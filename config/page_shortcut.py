"""The event page for anonymous visitors, answered before most of the middleware.

An anonymous GET of an event page (no query string, no session or messages
cookie) needs none of sessions, CSRF, authentication, messages, rate limits or
axes: this middleware, placed right after the security headers and WhiteNoise,
answers it from the page cache after the one light query of ``events.page_cache``
(whose result is the cache key and the ETag), with the headers the skipped
middleware would have added (language, Vary, X-Frame-Options). On a miss the
request goes through the whole stack, and the view renders and stores the page
without asking the light query again. The security headers, CSP and HSTS are
still added by the middleware before this one.

Anything else (logged-in staff, a language switch in flight, messages to show,
a 404, the database not answering) goes the ordinary way.
"""

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control

from events import page_cache

from .middleware import visitor_language

# What the event view's response gets from the middleware skipped here.
VARY = "Accept-Language, Cookie"


def _event_slug(request):
    """The slug when this request may be answered here, else None."""
    if request.method != "GET" or request.META.get("QUERY_STRING"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.view_name != "events:event":
        return None
    return match.kwargs["slug"]


class CachedEventPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        slug = _event_slug(request)
        if slug is None:
            return self.get_response(request)
        with translation.override(visitor_language(request)):
            try:
                current = page_cache.current(slug)
            except DatabaseError:
                current = None  # the ordinary way answers 503 (DatabaseUnavailableMiddleware)
            if current is None:
                return self.get_response(request)
            return self._answer(request, current)

    def _answer(self, request, current):
        etag = page_cache.etag(current)
        if etag in request.META.get("HTTP_IF_NONE_MATCH", ""):
            response = HttpResponseNotModified()
        else:
            content = page_cache.get(current)
            if content is None:
                request.event_for_page_cache = current  # the view need not read it again
                return self.get_response(request)
            response = HttpResponse(content)
            response["Content-Language"] = translation.get_language()
            response["Vary"] = VARY
            response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
        response["ETag"] = etag
        patch_cache_control(response, private=True, no_cache=True)
        return response
