"""The privacy notice."""

import re

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import ngettext

from events.models import Event, Organiser

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,120}\Z")


def retention_period(days):
    """365 -> "12 months", 730 -> "24 months", 30 -> "30 days"."""
    if days % 365 == 0:
        months = days // 365 * 12
        return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


def privacy(request):
    event = None
    slug = request.GET.get("evenemang", "")
    if SLUG.match(slug):
        events = Event.objects.published().select_related("organiser").with_co_organisers()
        event = events.filter(slug=slug).first()
    return render(
        request,
        "registrations/privacy.html",
        {
            "event": event,
            "organisers": Organiser.objects.of_published_events()
            .only("name", "contact_email")
            .order_by("name"),
            "retention": retention_period(settings.PRIVACY_RETENTION_DAYS),
            "sensitive_retention": retention_period(settings.PRIVACY_SENSITIVE_RETENTION_DAYS),
        },
    )
