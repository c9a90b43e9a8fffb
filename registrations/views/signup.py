"""Signing up for an event, and the confirmation page after it."""

from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods

from registrations import reference_data, services
from registrations.exceptions import RegistrationError
from registrations.forms import SignupForms, SignupOptions

from . import queries
from .common import closed_message, private_page


@require_http_methods(["GET", "POST"])
@private_page(has_form=True)
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
            except RegistrationError as error:
                forms.add_service_error(error)
            else:
                if forms.is_own_booking(booking):
                    return redirect("registrations:confirmation", token=booking.manage_token)
                forms.refuse_reused_key()
    else:
        forms = SignupForms.blank(options)
    return render(
        request,
        "registrations/signup.html",
        {
            "event": event,
            "options": options,
            "forms": forms,
            "closed_message": closed_message(event),
            "organisation_suggestions": reference_data.suggestions(),
        },
    )


@require_http_methods(["GET"])
@private_page(has_form=False)
def confirmation(request, token):
    """Shown after signing up: what was booked, the reference, what happens next."""
    booking = queries.booking_for_confirmation(token)
    registrations = booking.registrations.all()
    return render(
        request,
        "registrations/confirmation.html",
        {
            "booking": booking,
            "event": booking.event,
            "registrations": registrations,
            "has_waitlisted": any(r.status == "waitlisted" for r in registrations),
        },
    )
