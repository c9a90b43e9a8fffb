"""Signing up for an event, and the page that says what was sent."""

from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from events import page_cache
from events.models import Event
from registrations import pricing, reference_data, services
from registrations.exceptions import AlreadyRegistered, RegistrationError
from registrations.forms import SignupForms, SignupOptions

from . import queries, signup_cache
from .common import closed_message, private_page

# The addresses the "sent" page names travel in a signed cookie of that page
# alone, for an hour: nothing about the signup is kept on the server for it.
SENT_COOKIE = "signup_sent"
SENT_MAX_AGE = 60 * 60
CSRF_REFUSED = _(
    "The form could not be received: the page had been open for a long time, or the "
    "browser did not send its cookie. Nothing was saved. What you typed is still below: "
    "check it and send the form again. If it happens again, allow cookies for this site."
)


@require_http_methods(["GET", "POST"])
@private_page(has_form=True, keep_in_history=True)
def signup(request, slug):
    event = queries.event_for_signup(slug)
    options = SignupOptions.from_event(event)
    if request.method == "POST":
        forms = SignupForms.from_post(options, request.POST)
        if forms.is_valid():
            try:
                booking = services.register(
                    **forms.service_arguments(),
                    language=translation.get_language() or "sv",
                    consent_at=timezone.now(),
                )
            except AlreadyRegistered:
                # Each address was sent the link it has: answer as for new ones.
                return _sent(event, forms)
            except RegistrationError as error:
                forms.add_service_error(error)
            else:
                if forms.is_own_booking(booking):
                    return _sent(event, forms)
                forms.refuse_reused_key()
    elif page_cache.usable(request):  # anonymous, no query string, no messages
        return _blank_form_from_cache(request, event, options)
    else:
        forms = SignupForms.blank(options)
    return render_signup(request, event, options, forms)


def _blank_form_from_cache(request, event, options):
    content = signup_cache.get(options)
    if content is None:
        forms = SignupForms.blank(options, submission_key=signup_cache.KEY_PLACEHOLDER)
        response = render_signup(
            request, event, options, forms, csrf_token=signup_cache.CSRF_PLACEHOLDER
        )
        content = response.content.decode()
        signup_cache.store(options, content)
    return HttpResponse(signup_cache.personalise(request, content))


@private_page(has_form=True, keep_in_history=True)
def refused_signup(request, slug):
    """The signup form refused by the CSRF protection (config.pages.csrf_failure):
    back as it was sent, with a fresh token and a word on what happened."""
    event = queries.event_for_signup(slug)
    options = SignupOptions.from_event(event)
    forms = SignupForms.refilled(options, request.POST, CSRF_REFUSED)
    return render_signup(request, event, options, forms, status=403)


def render_signup(request, event, options, forms, *, status=200, **context):
    return render(
        request,
        "registrations/signup.html",
        {
            "event": event,
            "options": options,
            "forms": forms,
            "closed_message": closed_message(event),
            "organisation_suggestions": reference_data.suggestions(),
            **context,
        },
        status=status,
    )


def _sent(event, forms):
    """Redirect to the "sent" page, which looks the same whether or not an address
    was registered before (registrations.services.register)."""
    response = redirect("registrations:signup_sent", slug=event.slug)
    preview = forms.price_preview
    lines = [
        [line.name, line.option_name, str(line.net), line.vat_rate, line.exemption_reason]
        for line in (preview.lines if preview else ())
    ]
    value = signing.dumps([event.slug, forms.participant_emails(), lines], salt=SENT_COOKIE)
    response.set_cookie(
        SENT_COOKIE,
        value,
        max_age=SENT_MAX_AGE,
        path=reverse("registrations:signup_sent", args=[event.slug]),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _sent_details(request, event):
    """The addresses written to and the price lines as sent (none for another event)."""
    try:
        slug, addresses, lines = signing.loads(
            request.COOKIES.get(SENT_COOKIE, ""), salt=SENT_COOKIE, max_age=SENT_MAX_AGE
        )
        totals = pricing.totals(
            pricing.Line(name=n, option_name=o, net=Decimal(net), vat_rate=r, exemption_reason=e)
            for n, o, net, r, e in lines
        )
    except (signing.BadSignature, TypeError, ValueError, ArithmeticError):
        return [], None
    if slug != event.slug:
        return [], None
    return addresses, totals


@require_http_methods(["GET"])
@private_page(has_form=False)
def signup_sent(request, slug):
    """After signing up: which addresses we wrote to, and what the e-mails hold.

    The same for new and already registered addresses: the booking's details
    (reference, places, the links) go only to the addresses, by e-mail.
    """
    event = get_object_or_404(
        Event.objects.published()
        .select_related("venue", "organiser")
        .prefetch_related("co_organisers"),
        slug=slug,
    )
    addresses, totals = _sent_details(request, event)
    return render(
        request,
        "registrations/signup_sent.html",
        {"event": event, "addresses": addresses, "totals": totals},
    )
