"""Site-wide pages that belong to no app: the accessibility statement and the
answer to a form refused by the CSRF protection."""

import datetime as dt

from django.conf import settings
from django.shortcuts import render

from events.models import Organiser
from registrations.views.signup import refused_signup

# When the statement was last reviewed against the browser tests' results
# (tests/browser/); update it with the known problems below.
STATEMENT_REVIEWED = dt.date(2026, 11, 25)
SUPERVISION_URL = "https://www.digg.se/tdosanmalan"


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
