"""Self-service from the secret link: see, change and cancel a registration;
"send me my link again"."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.models import Event
from registrations import handover, reference_data, services
from registrations.exceptions import CancellationDeadlinePassed, RegistrationError
from registrations.forms import ParticipantForm, ResendLinkForm, SignupOptions
from registrations.forms.handover import HandOverForm
from registrations.forms.participant import add_service_error
from registrations.models import Registration

from . import queries
from .common import private_page

Status = Registration.Status
PARTICIPANT_PREFIX = "participant"


def attendee_may_change(registration, event):
    """Whether to offer the change and cancel forms. The services decide; this
    only chooses what the page shows (their rule: waitlisted people may always
    leave; others until the cancellation deadline, or the start)."""
    if registration.status in (Status.CANCELLED, Status.ATTENDED):
        return False
    if event.status == Event.Status.CANCELLED or event.is_past:
        return False
    if registration.status == Status.WAITLISTED:
        return True
    return timezone.now() < (event.cancellation_deadline or event.starts_at)


def attendee_may_cancel(registration, event):
    """``attendee_may_change``, or a place cancelled late for the event's fee."""
    if attendee_may_change(registration, event):
        return True
    return (
        registration.is_active
        and registration.status != Status.ATTENDED
        and (event.status != Event.Status.CANCELLED and event.late_cancellation_fee() is not None)
    )


def dropped_sessions_message(registration):
    """The sessions a change of attendance mode took away, and why."""
    if registration.attendance_mode == Registration.AttendanceMode.ONLINE:
        text = _(
            "These sessions are on site only and are not streamed, so they are no longer "
            "among your choices now that you take part online: %(sessions)s."
        )
    else:
        text = _(
            "These sessions are for participants online only, so they are no longer among "
            "your choices now that you take part on site: %(sessions)s."
        )
    titles = ", ".join(
        _("“%(title)s”") % {"title": session.title} for session in registration.dropped_sessions
    )
    return text % {"sessions": titles}


@require_http_methods(["GET", "POST"])
@private_page(has_form=True)
def manage(request, token):
    registration, booking = queries.by_token(token)
    if booking is None:
        return link_not_found(request)
    if registration is None:
        if request.method == "POST":
            return redirect("registrations:manage", token=token)
        response = render(
            request,
            "registrations/manage_booking.html",
            {
                "booking": booking,
                "event": booking.event,
                "registrations": booking.registrations.all(),
                "may_cancel": any(
                    attendee_may_change(r, booking.event) for r in booking.registrations.all()
                ),
            },
        )
        response["Referrer-Policy"] = "no-referrer"  # no form on this page
        return response
    return _manage_registration(request, registration)


def _manage_registration(request, registration):
    event = queries.events_for_signup().get(pk=registration.event_id)
    options = SignupOptions.from_event(event)
    may_change = attendee_may_change(registration, event)
    page_errors = []
    if request.method == "POST" and may_change:
        form = ParticipantForm(
            request.POST, options=options, registration=registration, prefix=PARTICIPANT_PREFIX
        )
        if form.is_valid():
            try:
                updated = services.update_registration(
                    registration=registration, changes=form.to_participant_data()
                )
            except RegistrationError as error:
                if not add_service_error(form, error):
                    page_errors.append(error.message)
            else:
                messages.success(request, _("Your changes are saved."))
                if updated.dropped_sessions:
                    messages.info(request, dropped_sessions_message(updated))
                return redirect("registrations:manage", token=registration.manage_token)
    else:
        form = ParticipantForm(
            options=options,
            registration=registration,
            prefix=PARTICIPANT_PREFIX,
            initial=ParticipantForm.initial_for(registration, options),
        )
    deadline_message = ""
    if not may_change and registration.status in (Status.CONFIRMED, Status.WAITLISTED):
        deadline_message = CancellationDeadlinePassed(registration).message
    return render(
        request,
        "registrations/manage_registration.html",
        {
            "registration": registration,
            "event": event,
            "form": form,
            "may_change": may_change,
            "page_errors": page_errors,
            "deadline_message": deadline_message,
            "organisation_suggestions": reference_data.suggestions(),
            "may_hand_over": handover.may_hand_over(registration, event),
        },
    )


@require_http_methods(["GET", "POST"])
@private_page(has_form=True)
def hand_over(request, token):
    """Give the place of this registration to a colleague: a new person, a new link."""
    registration, booking = queries.by_token(token)
    if registration is None:
        return link_not_found(request)
    event = booking.event
    refusal = handover.refusal(registration, event)
    form = HandOverForm(
        request.POST if request.method == "POST" and refusal is None else None,
        initial={"organisation": registration.organisation},
    )
    page_errors = []
    if form.is_bound and form.is_valid():
        try:
            handover.hand_over(
                registration=registration,
                language=translation.get_language() or settings.LANGUAGE_CODE,
                **form.cleaned_data,
            )
        except RegistrationError as error:
            if getattr(error, "field", None) in form.fields:
                form.add_error(error.field, error.message)
            else:
                page_errors.append(error.message)
        else:
            messages.success(
                request,
                _(
                    "Your place is handed over to %(name)s, who gets an e-mail with a link of "
                    "their own. Your link no longer works; we have sent you a confirmation."
                )
                % {"name": f"{form.cleaned_data['first_name']} {form.cleaned_data['last_name']}"},
            )
            return redirect(event.get_absolute_url())
    return render(
        request,
        "registrations/hand_over.html",
        {
            "registration": registration,
            "event": event,
            "form": form,
            "refusal": refusal,
            "page_errors": page_errors,
            "organisation_suggestions": reference_data.suggestions(),
        },
    )


@require_http_methods(["GET", "POST"])
@private_page(has_form=True)
def cancel(request, token):
    """Cancel one registration (its own link) or a whole booking (the contact
    person's link), after a confirmation step."""
    registration, booking = queries.by_token(token)
    if booking is None:
        return link_not_found(request)
    event = booking.event
    people = [registration] if registration else list(booking.registrations.all())
    active = [r for r in people if r.status != Status.CANCELLED]
    error = ""
    if request.method == "POST" and active:
        try:
            if registration is not None:
                services.cancel_registration(registration=registration)
            else:
                services.cancel_booking(booking=booking)
        except RegistrationError as refusal:
            error = refusal.message
        else:
            messages.success(
                request,
                _("The registration is cancelled. We have sent a confirmation by e-mail."),
            )
            return redirect("registrations:manage", token=token)
    may_cancel = any(attendee_may_cancel(r, event) for r in active)
    late_fee = None
    if may_cancel and not any(attendee_may_change(r, event) for r in active):
        late_fee = event.late_cancellation_fee()
    deadline_message = ""
    if active and not may_cancel:
        deadline_message = CancellationDeadlinePassed(active[0]).message
    return render(
        request,
        "registrations/cancel.html",
        {
            "token": token,
            "event": event,
            "registration": registration,
            "booking": booking,
            "active": active,
            "error": error,
            "may_cancel": may_cancel,
            "late_fee": late_fee,
            "deadline_message": deadline_message,
        },
    )


def link_not_found(request):
    """A manage link that finds nothing (mistyped, cut off, or of a registration
    anonymised since): the same page for every such link, which says what may
    have happened and offers to send the links again."""
    context = {"form": ResendLinkForm(), "link_not_found": True}
    return render(request, "registrations/resend_links.html", context, status=404)


@require_http_methods(["GET", "POST"])
def resend_links(request):
    """ "Send me my links" without an event: the links of every event not yet over,
    with the same answer whether or not the address is registered."""
    if request.method == "POST":
        form = ResendLinkForm(request.POST)
        if form.is_valid():
            services.request_all_manage_links(email=form.cleaned_data["email"])
            messages.success(
                request,
                _(
                    "If the address is registered for an event that has not taken place yet, "
                    "we have now sent the links there. It can take a few minutes. If nothing "
                    "arrives, look in the spam folder too."
                ),
            )
            return redirect("registrations:resend_links")
    else:
        form = ResendLinkForm()
    return render(request, "registrations/resend_links.html", {"form": form})


@require_http_methods(["GET", "POST"])
def resend_link(request, slug):
    """Mail the manage links of an address, with the same answer whether or not
    it is registered."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    if request.method == "POST":
        form = ResendLinkForm(request.POST)
        if form.is_valid():
            services.request_manage_links(event=event, email=form.cleaned_data["email"])
            messages.success(
                request,
                _(
                    "If the address is registered for this event, we have sent the link to "
                    "the registration to it. It can take a few minutes; check your spam folder "
                    "too."
                ),
            )
            return redirect("registrations:resend_link", slug=event.slug)
    else:
        form = ResendLinkForm()
    return render(request, "registrations/resend_link.html", {"event": event, "form": form})
