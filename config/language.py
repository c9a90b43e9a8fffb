"""Switching the language with a plain link (GET), so that pages carry no CSRF token
for it and can be cached and shared between visitors."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

NEXT_PARAMETER = "next"


@never_cache
def switch_language(request, code):
    """Remember ``code`` in the language cookie (as Django's set_language does) and
    go back to ``next`` when it is an address on this site, else to the front page."""
    destination = request.GET.get(NEXT_PARAMETER, "")
    if not url_has_allowed_host_and_scheme(
        destination, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        destination = "/"
    response = HttpResponseRedirect(destination)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
