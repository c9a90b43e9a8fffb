"""Site-wide pages that belong to no app: the accessibility statement, the
answer to a form refused by the CSRF protection, and the error pages for a
database that does not answer (503) and for other server errors (500)."""

import datetime as dt
import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers

from events.models import Organiser
from registrations.views.signup import refused_signup

# When the statement was last reviewed against the browser tests' results
# (tests/browser/); update it with the known problems below.
STATEMENT_REVIEWED = dt.date(2026, 11, 25)
SUPERVISION_URL = "https://www.digg.se/tdosanmalan"
# A restarting or failing-over PostgreSQL answers again within seconds.
DATABASE_RETRY_AFTER = 5

logger = logging.getLogger(__name__)


def is_database_unavailable(exception):
    """Whether ``exception`` says the database could not be reached or used just
    now (connection refused or lost, the server shutting down), as opposed to a
    mistake in a query."""
    return isinstance(exception, OperationalError | InterfaceError)


def database_unavailable(request, exception=None):
    """503 with the page that says to try again in a moment and that Back keeps
    the form. Standalone like 500.html: it needs no database to render."""
    logger.warning("Database unavailable, answered 503: %s", exception)
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    add_never_cache_headers(response)
    return response


def server_error(request):
    """handler500: a database that does not answer anywhere in the middleware
    (sessions, the login lockout) is a 503 too; anything else is the 500 page."""
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable(request, sys.exc_info()[1])
    return HttpResponseServerError(loader.render_to_string("500.html"))


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a form came without a valid CSRF token, mostly
    because the browser sent no cookie (cleared, blocked, or the page was open
    through a change of session). The signup form comes back filled in as it was
    sent, with a fresh token; any other form gets a page that says what to do
    (nothing it sent is shown again: it may hold a password)."""
    match = request.resolver_match
    if request.method == "POST" and match and match.view_name == "registrations:signup":
        return refused_signup(request, **match.kwargs)
    return render(request, "403_csrf.html", status=403)


def accessibility_statement(request):
    """The tillgänglighetsredogörelse the law on accessible public services asks for."""
    organisers = Organiser.objects.of_published_events()
    context = {
        "site_contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "organisers": organisers.only("name", "slug", "contact_email").order_by("name"),
        "reviewed": STATEMENT_REVIEWED,
        "supervision_url": SUPERVISION_URL,
    }
    return render(request, "pages/accessibility.html", context)
