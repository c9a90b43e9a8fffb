"""Messages from the admin: write, preview with the number of recipients, send.

Two ways in, one flow: the "send a message" page of an event (recipients chosen by
status, attendance and session) and an action on the selected registrations.
Only organiser admins may send (RegistrationAdmin's "message" permission); what
was sent to whom is in the e-mail log (backoffice.email_log).
"""

import datetime as dt
import secrets

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from events.models import Event
from registrations.messages import (
    AlreadySent,
    cancel_scheduled,
    create_message,
    may_be_written_to,
    recipients,
)
from registrations.models import EventMessage, Registration

from .access import event_for_page, may

Status = Registration.Status
SHOWN_RECIPIENTS = 50  # names listed in the preview; the count is always exact
MAX_AHEAD = dt.timedelta(days=366)


class MessageForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"), max_length=150, widget=forms.TextInput(attrs={"class": "vTextField"})
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 70}),
        help_text=_(
            "Plain text; web addresses become links. Each e-mail starts with a greeting "
            "by first name and ends with the participant's own link to their registration."
        ),
    )

    when = forms.ChoiceField(
        label=_("When"),
        choices=[("now", _("Now")), ("later", _("At a chosen time"))],
        initial="now",
        required=False,
        widget=forms.RadioSelect,
    )
    send_on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date, e.g. 2027-04-26.")},
    )
    send_time = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Swedish time. The recipients are chosen when it is sent."),
        error_messages={"invalid": _("Enter a time, e.g. 09:00.")},
    )

    def clean_subject(self):
        return " ".join(self.cleaned_data["subject"].split())

    def clean_body(self):
        return self.cleaned_data["body"].replace("\r\n", "\n").strip()

    def clean(self):
        data = super().clean()
        data["send_at"] = None
        if data.get("when") != "later":
            return data
        day, time = data.get("send_on"), data.get("send_time")
        if day is None and "send_on" not in self.errors:
            self.add_error("send_on", gettext("Choose the day to send it."))
        if time is None and "send_time" not in self.errors:
            self.add_error("send_time", gettext("Choose the time to send it."))
        if day is None or time is None:
            return data
        send_at = timezone.make_aware(dt.datetime.combine(day, time))
        if send_at <= timezone.now():
            self.add_error("send_time", gettext("That time has passed. Choose a later one."))
        elif send_at > timezone.now() + MAX_AHEAD:
            self.add_error("send_on", gettext("Choose a day within a year."))
        else:
            data["send_at"] = send_at
        return data


class RecipientsForm(MessageForm):
    """Who of the event gets the message, and what it says."""

    statuses = forms.MultipleChoiceField(
        label=_("Send to"),
        choices=[
            (Status.CONFIRMED, _("Confirmed, not checked in")),
            (Status.ATTENDED, _("Checked in")),
            (Status.WAITLISTED, _("On the waiting list")),
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one group.")},
    )
    modes = forms.MultipleChoiceField(
        label=_("Attendance"),
        choices=Registration.AttendanceMode.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose on site, online or both.")},
    )
    session = forms.ModelChoiceField(
        label=_("Only those who chose"),
        queryset=None,
        required=False,
        empty_label=_("Everyone, whatever they chose"),
    )
    field_order = ("statuses", "modes", "session", "subject", "body", "when")

    def __init__(self, *args, event, **kwargs):
        kwargs.setdefault(
            "initial", {"statuses": [Status.CONFIRMED], "modes": event.attendance_modes}
        )
        super().__init__(*args, **kwargs)
        self.event = event
        if event.status == Event.Status.CANCELLED:
            self.fields["statuses"].help_text = _(
                "The event is cancelled: each group is what people were when it was cancelled."
            )
        if len(event.attendance_modes) < 2:
            del self.fields["modes"]
        sessions = event.sessions.filter(selectable=True).order_by("starts_at", "title")
        if sessions.exists():
            self.fields["session"].queryset = sessions
        else:
            del self.fields["session"]

    def recipients(self):
        data = self.cleaned_data
        return recipients(
            self.event,
            statuses=data["statuses"],
            modes=data.get("modes", ()),
            session=data.get("session"),
        )


def may_message(request, event):
    """Whether the user may write to the participants of ``event`` (organiser admins)."""
    return may(request, event, "message")


def message_page(model_admin, request, object_id):
    """/admin/events/event/<id>/message/: write to the event's participants."""
    event = event_for_page(model_admin, request, object_id, "message")
    if "cancel_message" in request.POST:
        return _cancel(request, event, request.POST["cancel_message"], log_admin=model_admin)
    form = RecipientsForm(request.POST or None, event=event)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "event": event,
        "title": gettext("Send a message"),
        "event_messages": list(event.messages.select_related("created_by").order_by("-send_at")),
    }
    return _compose(request, form, context, events=[event], log_admin=model_admin)


def _cancel(request, event, message_id, *, log_admin):
    message = event.messages.filter(pk=message_id if message_id.isdigit() else None).first()
    if message is not None and cancel_scheduled(message=message):
        log_admin.log_change(
            request,
            event,
            gettext("Scheduled message “%(subject)s” cancelled.") % {"subject": message.subject},
        )
        messages.success(request, gettext("The scheduled message was cancelled. Nothing was sent."))
    else:
        messages.warning(request, gettext("That message could not be cancelled: it has been sent."))
    return HttpResponseRedirect(request.path)


@admin.action(description=_("Send a message to the selected"), permissions=["message"])
def send_message(modeladmin, request, queryset):
    """The same flow for registrations picked in the list (cancelled ones are left out)."""
    chosen = modeladmin.restrict(request, queryset, "message")
    selected = chosen.filter(may_be_written_to())
    events = list(Event.objects.filter(pk__in=selected.values("event_id")).order_by("starts_at"))
    if not events:
        modeladmin.message_user(
            request, gettext("None of the selected can be sent a message."), messages.WARNING
        )
        return None
    selected_count = selected.count()
    form = MessageForm(request.POST if {"preview", "apply", "edit"} & set(request.POST) else None)
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": gettext("Send a message"),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action": "send_message",
        # The selection as the list sent it (all pages: select_across), not every id.
        "selected_ids": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "selected_count": selected_count,
        "left_out": chosen.count() - selected_count,
    }
    return _compose(
        request,
        form,
        context,
        events=events,
        log_admin=modeladmin,
        selected=selected.order_by("last_name", "first_name", "pk"),
    )


def _compose(request, form, context, *, events, log_admin, selected=None):
    """Show the form; on "preview" the recipients and text; on "apply" send."""
    step = next((name for name in ("apply", "preview") if name in request.POST), "edit")
    if step == "edit" or not form.is_valid():
        return _render(request, "admin/registrations/message_form.html", {**context, "form": form})
    people = selected if selected is not None else form.recipients()
    count = people.count()
    if count == 0:
        form.add_error(None, gettext("No one matches that choice. Choose other groups."))
        return _render(request, "admin/registrations/message_form.html", {**context, "form": form})
    send_key = request.POST.get("send_key", "")
    if step == "apply" and send_key:
        return _send(request, form, people, events=events, send_key=send_key, log_admin=log_admin)
    shown = list(people.select_related("event")[:SHOWN_RECIPIENTS])
    return _render(
        request,
        "admin/registrations/message_preview.html",
        {
            **context,
            "form": form,
            "count": count,
            "shown": shown,
            "not_shown": count - len(shown),
            "events": events,
            "several_events": len(events) > 1,
            "send_key": secrets.token_urlsafe(16),
        },
    )


def _send(request, form, people, *, events, send_key, log_admin):
    """Record the message per event (sent now, or at its time); a preview sent twice
    (a double click) sends nothing the second time."""
    data = form.cleaned_data
    send_at = data["send_at"]
    chosen = isinstance(form, RecipientsForm)
    total = 0
    try:
        for number, event in enumerate(events):
            message = create_message(
                event=event,
                subject=data["subject"],
                body=data["body"],
                send_key=f"{send_key}:{number}",
                send_at=send_at,
                statuses=data.get("statuses", ()) if chosen else (),
                modes=data.get("modes", ()) if chosen else (),
                session=data.get("session") if chosen else None,
                registration_ids=None
                if chosen
                else list(people.filter(event=event).values_list("pk", flat=True)),
                by=request.user,
            )
            total += message.sent_count
            log_admin.log_change(request, event, _log_note(message))
    except AlreadySent:
        messages.warning(request, gettext("This message has already been sent."))
        return HttpResponseRedirect(_after_sending(events, send_at))
    if send_at is None:
        text = ngettext(
            "The message is on its way to %(count)d participant.",
            "The message is on its way to %(count)d participants.",
            total,
        ) % {"count": total}
    else:
        text = gettext("The message will be sent %(when)s to those who match your choice then.") % {
            "when": date_format(timezone.localtime(send_at), "DATETIME_FORMAT")
        }
    messages.success(request, text)
    return HttpResponseRedirect(_after_sending(events, send_at))


def _log_note(message):
    if message.status == EventMessage.Status.SCHEDULED:
        return gettext("Message “%(subject)s” scheduled for %(when)s.") % {
            "subject": message.subject,
            "when": date_format(timezone.localtime(message.send_at), "DATETIME_FORMAT"),
        }
    return ngettext(
        "Message “%(subject)s” sent to %(count)d participant.",
        "Message “%(subject)s” sent to %(count)d participants.",
        message.sent_count,
    ) % {"subject": message.subject, "count": message.sent_count}


def _after_sending(events, send_at):
    """The e-mail log of what was sent; for a scheduled one, the event's message page."""
    if send_at is not None and len(events) == 1:
        return reverse("admin:events_event_message", args=[events[0].pk])
    return _email_log_url(events)


def _email_log_url(events):
    query = {"kind__exact": "message"}
    if len(events) == 1:
        query["event"] = events[0].pk
    return f"{reverse('admin:messaging_outgoingemail_changelist')}?{urlencode(query)}"


def _render(request, template, context):
    return TemplateResponse(request, template, context)
