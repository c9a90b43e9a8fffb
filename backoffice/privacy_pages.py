"""Privacy requests ("Begäranden om personuppgifter", /admin/integritet/<organiser>/):
an organiser admin finds a person by e-mail address in the organiser's own events,
downloads everything stored about them (the JSON of ``manage.py personal_data
--export``) and erases them after a page that says what happens.

The address travels only in POST bodies, never in a URL. Each search, export and
erasure is logged (registrations/privacy_requests.py) with a keyed hash of the
address instead of the address; the log is listed on the page.
"""

import datetime as dt

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.abilities import PRIVACY
from events.models import Organiser
from registrations.models import PrivacyRequest, Registration
from registrations.privacy import erase_personal_data, export_personal_data
from registrations.privacy_requests import (
    as_json,
    email_fingerprint,
    erasure_summary,
    export_summary,
    record_request,
)

from .scoping import can
from .staff_pages import choose_organiser

Action = PrivacyRequest.Action
LOG_SHOWN = 50


class PersonForm(forms.Form):
    email = forms.EmailField(
        label=_("The person's e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"class": "vTextField", "autocomplete": "off"}),
        help_text=_("As they registered with it, or as contact person of a booking."),
        error_messages={
            "required": _("Enter the e-mail address of the person who asks."),
            "invalid": _("Enter an e-mail address such as namn@kommun.se."),
        },
    )


def _organiser(request, organiser_id):
    organiser = get_object_or_404(Organiser, pk=organiser_id)
    if not can(request, PRIVACY, organiser.pk):
        raise Http404
    return organiser


def _page_url(organiser):
    return reverse("admin:privacy", args=[organiser.pk])


def index(admin_site, request):
    return choose_organiser(
        admin_site, request, PRIVACY, title=gettext("Privacy requests"), page="admin:privacy"
    )


def privacy_page(admin_site, request, organiser_id):
    organiser = _organiser(request, organiser_id)
    form = PersonForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        data = export_personal_data(email=email, organisers=[organiser])
        if request.POST.get("action") == "export":
            record_request(
                organiser=organiser,
                action=Action.EXPORT,
                email=email,
                user=request.user,
                summary=export_summary(data),
            )
            return _download(data)
        record_request(
            organiser=organiser,
            action=Action.SEARCH,
            email=email,
            user=request.user,
            summary=export_summary(data),
        )
        found = {
            "email": email,
            "registrations": _rows(data["registrations"]),
            "bookings": _rows(data["bookings"]),
            "emails": len(data["emails"]),
            "count": sum(export_summary(data).values()),
        }
    return _render(admin_site, request, organiser, form, found)


def _render(admin_site, request, organiser, form, found):
    log = PrivacyRequest.objects.filter(organiser=organiser).select_related("user")
    earlier = None
    if found is not None:
        earlier = list(log.filter(email_hash=email_fingerprint(found["email"]))[:LOG_SHOWN])
    context = {
        **admin_site.each_context(request),
        "title": gettext("Privacy requests: %(organiser)s") % {"organiser": organiser.name},
        "organiser": organiser,
        "form": form,
        "found": found,
        "earlier": earlier,
        "log": log[:LOG_SHOWN],
    }
    return TemplateResponse(request, "admin/staff/privacy_page.html", context)


def _rows(records):
    """Registrations or bookings of the export, as the page lists them."""
    rows = []
    for record in records:
        event = record["event"]
        status = record.get("status")
        rows.append(
            {
                "event": event["title"],
                "starts_at": dt.datetime.fromisoformat(event["starts_at"]),
                "reference": record["reference"],
                "name": " ".join(
                    part
                    for part in (
                        record.get("first_name", record.get("contact_name", "")),
                        record.get("last_name", ""),
                    )
                    if part
                ),
                "status": Registration.Status(status).label if status else "",
                "anonymised": record["anonymised_at"] is not None,
            }
        )
    return rows


def _download(data):
    day = timezone.localdate().isoformat()
    response = HttpResponse(as_json(data) + "\n", content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="personuppgifter-{day}.json"'
    response["Cache-Control"] = "no-store"
    return response


def erase(admin_site, request, organiser_id):
    """POST with the address: a page that says what erasure does; its button
    (``confirm``) erases, logs and goes back to the privacy page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    organiser = _organiser(request, organiser_id)
    form = PersonForm(request.POST)
    if not form.is_valid():
        return _render(admin_site, request, organiser, form, None)
    email = form.cleaned_data["email"].strip().lower()
    if request.POST.get("confirm") != "yes":
        data = export_personal_data(email=email, organisers=[organiser])
        context = {
            **admin_site.each_context(request),
            "title": gettext("Erase a person's data"),
            "organiser": organiser,
            "email": email,
            "counts": export_summary(data),
            "registrations": _rows(data["registrations"]),
        }
        return TemplateResponse(request, "admin/staff/privacy_erase.html", context)
    with transaction.atomic():
        result = erase_personal_data(email=email, organisers=[organiser])
        record_request(
            organiser=organiser,
            action=Action.ERASE,
            email=email,
            user=request.user,
            summary=erasure_summary(result),
        )
    messages.success(
        request,
        gettext(
            "Erased. Anonymised registrations: %(registrations)s (cancelled first: "
            "%(cancelled)s); bookings as contact person: %(bookings)s; deleted e-mails: "
            "%(emails)s."
        )
        % {
            "registrations": result.registrations,
            "cancelled": result.cancelled,
            "bookings": result.bookings,
            "emails": result.emails_deleted,
        },
    )
    return HttpResponseRedirect(_page_url(organiser))
