"""Admin actions on registrations. Each calls registrations.services, never repeats
its rules, turns its refusals into admin messages and writes the registration's
history (the admin's LogEntry)."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from events.models import Event
from registrations import notifications, services
from registrations.exceptions import InvalidChoice, RegistrationError
from registrations.models import Registration

Status = Registration.Status
SHOWN = 100  # people listed on a confirmation page; the counts are always exact


def _each(modeladmin, request, queryset, permission, operation, done):
    """Run ``operation`` on each selected registration the user may touch."""
    succeeded = 0
    for registration in modeladmin.restrict(request, queryset, permission).select_related("event"):
        try:
            operation(registration)
        except RegistrationError as error:
            modeladmin.message_user(
                request, f"{registration.full_name}: {error.message}", messages.ERROR
            )
            continue
        modeladmin.log_change(request, registration, str(done))
        succeeded += 1
    return succeeded


def _report(modeladmin, request, count, text):
    if count:
        modeladmin.message_user(request, text % {"count": count}, messages.SUCCESS)


@admin.action(description=_("Confirm the selected registrations"), permissions=["change"])
def confirm(modeladmin, request, queryset):
    count = _each(
        modeladmin,
        request,
        queryset,
        "change",
        lambda registration: services.confirm_registration(registration=registration),
        _("Confirmed by the organiser."),
    )
    _report(
        modeladmin,
        request,
        count,
        ngettext("%(count)d registration confirmed.", "%(count)d registrations confirmed.", count),
    )


@admin.action(
    description=_("Confirm the selected registrations even if it is full"),
    permissions=["change"],
)
def confirm_over_capacity(modeladmin, request, queryset):
    count = _each(
        modeladmin,
        request,
        queryset,
        "change",
        lambda registration: services.confirm_registration(
            registration=registration, override_capacity=True
        ),
        _("Confirmed by the organiser, beyond the capacity."),
    )
    _report(
        modeladmin,
        request,
        count,
        ngettext("%(count)d registration confirmed.", "%(count)d registrations confirmed.", count),
    )


@admin.action(description=_("Cancel the selected registrations"), permissions=["change"])
def cancel(modeladmin, request, queryset):
    """Ask first, on a page listing who is cancelled and e-mailed; then cancel."""
    selected = modeladmin.restrict(request, queryset, "change")
    to_cancel = selected.exclude(status=Status.CANCELLED)
    if request.POST.get("post") == "yes":
        count = _each(
            modeladmin,
            request,
            to_cancel,
            "change",
            lambda registration: services.cancel_registration(
                registration=registration, by_organiser=True
            ),
            _("Cancelled by the organiser."),
        )
        _report(
            modeladmin,
            request,
            count,
            ngettext(
                "%(count)d registration cancelled.", "%(count)d registrations cancelled.", count
            ),
        )
        return None
    count = to_cancel.count()
    if count == 0:
        text = gettext("None of the selected registrations can be cancelled.")
        modeladmin.message_user(request, text, messages.WARNING)
        return None
    ordered = ("last_name", "first_name", "pk")
    shown = list(to_cancel.select_related("event").order_by(*ordered)[:SHOWN])
    already = selected.filter(status=Status.CANCELLED)
    return TemplateResponse(
        request,
        "admin/registrations/registration/cancel_confirmation.html",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "title": gettext("Cancel registrations"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "cancel",
            "selected_ids": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "count": count,
            "shown": shown,
            "not_shown": count - len(shown),
            "already": list(already.select_related("event").order_by(*ordered)[:SHOWN]),
            "already_count": already.count(),
            "several_events": selected.order_by().values("event_id").distinct().count() > 1,
            "back_url": request.get_full_path(),
        },
    )


@admin.action(
    description=_("Promote from the waiting list (events of the selected)"),
    permissions=["change"],
)
def promote(modeladmin, request, queryset):
    """Fill the free places of the selected registrations' events from their queues,
    first in line first (the queue order is the service's, not the selection's)."""
    event_ids = modeladmin.restrict(request, queryset, "change").values("event_id")
    promoted = []
    for event in Event.objects.filter(pk__in=event_ids).order_by("starts_at"):
        try:
            promoted += services.promote_waitlisted(event=event, by=request.user)
        except RegistrationError as error:
            modeladmin.message_user(request, f"{event}: {error.message}", messages.ERROR)
    if not promoted:
        modeladmin.message_user(
            request, gettext("No one was promoted: there are no free places."), messages.WARNING
        )
    _report(
        modeladmin,
        request,
        len(promoted),
        ngettext(
            "%(count)d registration promoted from the waiting list.",
            "%(count)d registrations promoted from the waiting list.",
            len(promoted),
        ),
    )


@admin.action(description=_("Mark the selected as attended"), permissions=["checkin"])
def mark_attended(modeladmin, request, queryset):
    count = _each(
        modeladmin,
        request,
        queryset,
        "checkin",
        lambda registration: services.mark_attended(registration=registration),
        _("Checked in."),
    )
    _report(
        modeladmin,
        request,
        count,
        ngettext("%(count)d participant checked in.", "%(count)d participants checked in.", count),
    )


def _resend(registration):
    if registration.status == "cancelled":
        raise InvalidChoice(_("A cancelled registration has no confirmation to send."))
    with transaction.atomic():
        notifications.confirmation_resent(registration)


@admin.action(description=_("Send the confirmation again"), permissions=["change"])
def resend_confirmation(modeladmin, request, queryset):
    count = _each(modeladmin, request, queryset, "change", _resend, _("Confirmation sent again."))
    _report(
        modeladmin,
        request,
        count,
        ngettext(
            "%(count)d confirmation is sent again.",
            "%(count)d confirmations are sent again.",
            count,
        ),
    )


REGISTRATION_ACTIONS = (
    confirm,
    confirm_over_capacity,
    cancel,
    promote,
    mark_attended,
    resend_confirmation,
)
