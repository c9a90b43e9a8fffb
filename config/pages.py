"""Site-wide pages that belong to no app: the accessibility statement."""

import datetime as dt

from django.conf import settings
from django.shortcuts import render

from events.models import Organiser

# When the statement was last reviewed against the browser tests' results
# (tests/browser/); update it with the known problems below.
STATEMENT_REVIEWED = dt.date(2026, 11, 25)
SUPERVISION_URL = "https://www.digg.se/tdosanmalan"


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
