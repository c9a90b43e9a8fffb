"""Messages from the admin: write, preview with the number of recipients, send.

Two ways in, one flow: the "send a message" page of an event (recipients chosen by
status, attendance and session) and an action on the selected registrations.
Only organiser admins may send (RegistrationAdmin's "message" permission); what
was sent to whom is in the e-mail log (backoffice.email_log).
"""

import secrets

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from events.models import Event
from registrations.messages import may_be_written_to, recipients, send_event_message
from registrations.models import Registration

from .access import event_for_page, may

Status = Registration.Status
SHOWN_RECIPIENTS = 50  # names listed in the preview; the count is always exact
SENT_KEYS = "sent_message_keys"  # session: previews already sent (double clicks)


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

    def clean_subject(self):
        return " ".join(self.cleaned_data["subject"].split())

    def clean_body(self):
        return self.cleaned_data["body"].replace("\r\n", "\n").strip()


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
    field_order = ("statuses", "modes", "session", "subject", "body")

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
    form = RecipientsForm(request.POST or None, event=event)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "event": event,
        "title": gettext("Send a message"),
    }
    return _compose(request, form, context, events=[event], log_admin=model_admin)


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
    sent_keys = request.session.get(SENT_KEYS, [])
    target = _email_log_url(events)
    if send_key in sent_keys:
        messages.warning(request, gettext("This message has already been sent."))
        return HttpResponseRedirect(target)
    request.session[SENT_KEYS] = [*sent_keys[-19:], send_key]
    subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
    total = 0
    for event in events:
        count = send_event_message(
            event=event, registrations=people.filter(event=event), subject=subject, body=body
        )
        total += count
        note = ngettext(
            "Message “%(subject)s” sent to %(count)d participant.",
            "Message “%(subject)s” sent to %(count)d participants.",
            count,
        ) % {"subject": subject, "count": count}
        log_admin.log_change(request, event, note)
    messages.success(
        request,
        ngettext(
            "The message is on its way to %(count)d participant.",
            "The message is on its way to %(count)d participants.",
            total,
        )
        % {"count": total},
    )
    return HttpResponseRedirect(target)


def _email_log_url(events):
    query = {"kind__exact": "message"}
    if len(events) == 1:
        query["event"] = events[0].pk
    return f"{reverse('admin:messaging_outgoingemail_changelist')}?{urlencode(query)}"


def _render(request, template, context):
    return TemplateResponse(request, template, context)
