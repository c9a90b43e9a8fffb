"""Admin actions on events: publish, unpublish, cancel (with a message), duplicate.

Each calls events.services and turns its refusals into admin messages; each
change is written to the event's history.
"""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from events import services
from events.models import Event
from registrations import event_cancellation
from registrations.models import Registration


def _run(modeladmin, request, queryset, operation, done):
    changed = 0
    for event in modeladmin.restrict(request, queryset, "change"):
        try:
            operation(event=event)
        except services.EventError as error:
            modeladmin.message_user(request, f"{event}: {error.message}", messages.ERROR)
            continue
        modeladmin.log_change(request, event, str(done))
        changed += 1
    return changed


@admin.action(description=_("Publish the selected events"), permissions=["change"])
def publish(modeladmin, request, queryset):
    changed = _run(modeladmin, request, queryset, services.publish_event, _("Published."))
    if changed:
        text = ngettext("%(count)d event published.", "%(count)d events published.", changed)
        modeladmin.message_user(request, text % {"count": changed}, messages.SUCCESS)


@admin.action(description=_("Make the selected events drafts"), permissions=["change"])
def unpublish(modeladmin, request, queryset):
    done = _("Made a draft.")
    changed = _run(modeladmin, request, queryset, services.unpublish_event, done)
    if changed:
        text = ngettext(
            "%(count)d event is now a draft.", "%(count)d events are now drafts.", changed
        )
        modeladmin.message_user(request, text % {"count": changed}, messages.SUCCESS)


class CancelForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the registrants (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text=_("Added to the e-mail that tells everyone registered that it is cancelled."),
    )


def _intermediate(request, modeladmin, template, context):
    return TemplateResponse(
        request,
        template,
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            **context,
        },
    )


@admin.action(
    description=_("Cancel the selected events and tell the registrants"), permissions=["change"]
)
def cancel(modeladmin, request, queryset):
    events = list(
        modeladmin.restrict(request, queryset, "change").exclude(status=Event.Status.CANCELLED)
    )
    if not events:
        modeladmin.message_user(request, gettext("No event to cancel."), messages.WARNING)
        return None
    form = CancelForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        for event in events:
            try:
                told = event_cancellation.cancel_event(
                    event=event, message=form.cleaned_data["message"]
                )
            except services.EventError as error:
                modeladmin.message_user(request, f"{event}: {error.message}", messages.ERROR)
                continue
            text = ngettext(
                "Cancelled; %(count)d registrant is told by e-mail.",
                "Cancelled; %(count)d registrants are told by e-mail.",
                told,
            ) % {"count": told}
            modeladmin.log_change(request, event, text)
            _log_cancelled_registrations(request, event)
            modeladmin.message_user(request, f"{event}: {text}", messages.SUCCESS)
        return None
    return _intermediate(
        request,
        modeladmin,
        "admin/events/event/cancel_confirmation.html",
        {"title": gettext("Cancel events"), "events": events, "form": form, "action": "cancel"},
    )


CANCELLED_WITH_THE_EVENT = {
    Registration.Status.CONFIRMED: _("Cancelled with the event (was confirmed)."),
    Registration.Status.WAITLISTED: _("Cancelled with the event (was on the waiting list)."),
    Registration.Status.ATTENDED: _("Cancelled with the event (was checked in)."),
}


def _log_cancelled_registrations(request, event):
    """Each registration's history says it was cancelled with the event, and what it was."""
    cancelled = Registration.objects.filter(
        event=event, cancellation_reason=Registration.CancellationReason.EVENT_CANCELLED
    )
    for status, text in CANCELLED_WITH_THE_EVENT.items():
        LogEntry.objects.log_actions(
            request.user.pk, cancelled.filter(status_before_cancellation=status), CHANGE, str(text)
        )


class DuplicateForm(forms.Form):
    starts_on = forms.DateField(
        label=_("New start date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Every time in the programme moves by the same number of days."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(
        label=_("Slug"), max_length=120, help_text=_("Part of the web address; must be new.")
    )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Event.objects.filter(slug=slug).exists():
            raise ValidationError(_("That address is already used by another event."))
        return slug


@admin.action(description=_("Duplicate the event to a new date"), permissions=["add"])
def duplicate(modeladmin, request, queryset):
    events = list(modeladmin.restrict(request, queryset, "add"))
    if len(events) != 1:
        modeladmin.message_user(
            request, gettext("Choose exactly one event to duplicate."), messages.WARNING
        )
        return None
    (event,) = events
    if "apply" in request.POST:
        form = DuplicateForm(request.POST)
    else:
        form = DuplicateForm(initial=_suggestion(event))
    if form.is_valid():
        try:
            copy = services.duplicate_event(event=event, **form.cleaned_data)
        except services.EventError as error:
            form.add_error("slug", error.message)
        else:
            modeladmin.log_addition(
                request, copy, gettext("Copied from %(event)s.") % {"event": event.title}
            )
            modeladmin.message_user(
                request,
                gettext("The copy is saved as a draft. Check it before you publish it."),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:events_event_change", args=[copy.pk]))
    return _intermediate(
        request,
        modeladmin,
        "admin/events/event/duplicate_form.html",
        {
            "title": gettext("Duplicate an event"),
            "event": event,
            "form": form,
            "action": "duplicate",
        },
    )


def _suggestion(event):
    """Next year's date on the same weekday, with the year changed in title and slug."""
    start = timezone.localdate(event.starts_at)
    starts_on = start + dt.timedelta(weeks=52)
    if starts_on.year == start.year:
        starts_on += dt.timedelta(weeks=1)
    copy_year, old_year = str(starts_on.year), str(start.year)
    return {
        "starts_on": starts_on,
        "title": services.replace_year(event.title, old_year, copy_year),
        "slug": services.unique_slug(services.replace_year(event.slug, old_year, copy_year)),
    }
