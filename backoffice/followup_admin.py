"""After the event in the admin: the certificate setting on the event form, the
certificates as one ZIP and "e-mail them now" from the dashboard, the feedback
survey with its questions, and its results (charts and XLSX).

All of it is for organiser admins of the event's organiser only (door staff and
other organisations get a 404 or no link); see backoffice/scoping.py.
"""

import io

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from exports.writers import write_xlsx
from followup import certificates, surveys
from followup.models import CertificateSettings, Survey, SurveyQuestion
from followup.tasks import send_event_certificates
from registrations.models import Question

from .scoping import ScopedInline, ScopedModelAdmin

CHOICE_KINDS = (SurveyQuestion.Kind.SINGLE, SurveyQuestion.Kind.MULTIPLE)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CertificateSettingsForm(forms.ModelForm):
    class Meta:
        model = CertificateSettings
        fields = ("send_to", "question")

    def clean(self):
        cleaned = super().clean()
        send_to, question = cleaned.get("send_to"), cleaned.get("question")
        if send_to == CertificateSettings.SendTo.ANSWERED_YES:
            if question is None:
                self.add_error("question", _("Choose the yes/no question that decides."))
            elif question.kind != Question.Kind.YES_NO:
                self.add_error("question", _("Choose a question answered with yes or no."))
        event_id = self.instance.event_id
        if question is not None and event_id and question.event_id != event_id:
            self.add_error("question", _("Choose a question of this event."))
        return cleaned


class CertificateSettingsInline(ScopedInline, admin.StackedInline):
    model = CertificateSettings
    form = CertificateSettingsForm
    organiser_path = "event__organiser"
    can_delete = False
    max_num = 1
    min_num = 0
    extra = 1
    verbose_name = _("certificates of attendance")
    verbose_name_plural = _("certificates of attendance")

    # On an event's form once it is saved: the question it names is one of the event's.
    def has_view_permission(self, request, obj=None):
        return obj is not None and super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return obj is not None and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and super().has_change_permission(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["question"]
        questions = Question.objects.filter(kind=Question.Kind.YES_NO)
        field.queryset = questions.filter(event=obj) if obj is not None else questions.none()
        for name in (
            "can_add_related",
            "can_change_related",
            "can_delete_related",
            "can_view_related",
        ):
            setattr(field.widget, name, False)  # the event's questions are edited above
        field.help_text = _(
            "For “Those who answered yes”: a yes/no question of the event, e.g. “Vill du ha "
            "ett intyg på ditt deltagande?” (add it under Questions and save first)."
        )
        return formset


def may_follow_up(modeladmin, request, event):
    """Organiser admins of the event's organiser (change permission on the event)."""
    return modeladmin.has_change_permission(request, event)


def followup_urls(modeladmin):
    view = modeladmin.admin_site.admin_view
    return [
        path(
            "<path:object_id>/certificates.zip",
            view(lambda request, object_id: certificates_zip(modeladmin, request, object_id)),
            name="events_event_certificates",
        ),
        path(
            "<path:object_id>/send-certificates/",
            view(lambda request, object_id: send_certificates_now(modeladmin, request, object_id)),
            name="events_event_send_certificates",
        ),
    ]


def _event(modeladmin, request, object_id):
    event = modeladmin.get_object(request, unquote(object_id))
    if event is None or not may_follow_up(modeladmin, request, event):
        raise Http404
    return event


def certificates_zip(modeladmin, request, object_id):
    event = _event(modeladmin, request, object_id)
    content, _count = certificates.archive_bytes(event)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="intyg-{event.slug}.zip"'
    return response


def send_certificates_now(modeladmin, request, object_id):
    event = _event(modeladmin, request, object_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    dashboard = reverse("admin:events_event_dashboard", args=[event.pk])
    if not event.is_past:
        modeladmin.message_user(
            request, gettext("Certificates are sent after the event."), messages.WARNING
        )
        return HttpResponseRedirect(dashboard)
    if certificates.settings_of(event).send_to == CertificateSettings.SendTo.NONE:
        modeladmin.message_user(
            request,
            gettext(
                "The event's certificates are set to be e-mailed to nobody: choose whom on "
                "the event's form first."
            ),
            messages.WARNING,
        )
        return HttpResponseRedirect(dashboard)
    send_event_certificates.enqueue(event.pk)
    modeladmin.log_change(request, event, gettext("Certificates of attendance sent."))
    modeladmin.message_user(
        request,
        gettext(
            "The certificates are being e-mailed in the background, to those who have not "
            "had theirs yet. The e-mail log shows them."
        ),
        messages.SUCCESS,
    )
    return HttpResponseRedirect(dashboard)


def followup_context(request, event):
    """What the dashboard's "After the event" box shows (three queries)."""
    chosen = certificates.settings_of(event)
    attended = certificates.attended(event).order_by()
    counts = attended.aggregate(
        attended=Count("pk"),
        emailed=Count("pk", filter=Q(certificate__emailed_at__isnull=False)),
    )
    survey = Survey.objects.filter(event=event).annotate(answers=Count("responses")).first()
    return {
        "certificate_setting": chosen.get_send_to_display(),
        "certificates_attended": counts["attended"],
        "certificates_emailed": counts["emailed"],
        "may_send_certificates": event.is_past
        and chosen.send_to != CertificateSettings.SendTo.NONE,
        "survey": survey,
        "add_survey_url": reverse("admin:followup_survey_add") + f"?event={event.pk}",
    }


class SurveyQuestionInline(ScopedInline, admin.TabularInline):
    model = SurveyQuestion
    organiser_path = "survey__event__organiser"
    fields = ("text", "kind", "choices", "session", "required", "order")
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["session"]
        if obj is not None:
            field.queryset = field.queryset.filter(event_id=obj.event_id)
        else:
            field.queryset = field.queryset.none()
        return formset


class SurveyQuestionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            kind = data.get("kind")
            choices = [line for line in (data.get("choices") or "").splitlines() if line.strip()]
            if kind in CHOICE_KINDS and len(choices) < 2:
                form.add_error("choices", _("Write at least two choices, one per line."))


SurveyQuestionInline.formset = SurveyQuestionFormSet


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ("event", "title", "introduction", "send_days_after", "reminder_days_after")


@admin.register(Survey)
class SurveyAdmin(ScopedModelAdmin):
    organiser_path = "event__organiser"
    form = SurveyForm
    inlines = (SurveyQuestionInline,)
    list_display = ("title", "event", "sending", "answer_count", "results_link")
    list_select_related = ("event",)
    ordering = ("-event__starts_at", "pk")
    search_fields = ("title", "event__title")
    readonly_fields = ("sent_at", "reminded_at")
    fieldsets = (
        (None, {"fields": ("event", "title", "introduction")}),
        (
            _("Sending"),
            {"fields": (("send_days_after", "reminder_days_after"), ("sent_at", "reminded_at"))},
        ),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                response_count=Count("responses", distinct=True),
                invitation_count=Count("invitations", distinct=True),
            )
        )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        event = request.GET.get("event", "")
        if event.isdigit():
            initial["event"] = event
        return initial

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("event")  # the invitations belong to it
        return fields

    @admin.display(description=_("sending"))
    def sending(self, obj):
        if obj.sent_at:
            return gettext("Sent %(date)s") % {
                "date": timezone.localtime(obj.sent_at).strftime("%Y-%m-%d")
            }
        return gettext("%(days)d days after the event") % {"days": obj.send_days_after}

    @admin.display(description=_("answers"), ordering="response_count")
    def answer_count(self, obj):
        return gettext("%(answers)d of %(invited)d") % {
            "answers": obj.response_count,
            "invited": obj.invitation_count,
        }

    @admin.display(description=_("results"))
    def results_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:followup_survey_results", args=[obj.pk]),
            _("Results"),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/results/",
                view(self.results_view),
                name="followup_survey_results",
            ),
            path(
                "<path:object_id>/results.xlsx",
                view(self.results_xlsx),
                name="followup_survey_results_xlsx",
            ),
            *super().get_urls(),
        ]

    def _survey(self, request, object_id):
        survey = self.get_object(request, unquote(object_id))
        if survey is None:
            raise Http404
        if not self.has_view_permission(request, survey):
            raise PermissionDenied
        return survey

    def results_view(self, request, object_id):
        survey = self._survey(request, object_id)
        summary = surveys.results(survey)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Survey results"),
            "survey": survey,
            "event": survey.event,
            "summary": summary,
            "questions": [(result, _chart(result)) for result in summary.questions],
        }
        return TemplateResponse(request, "admin/followup/survey/results.html", context)

    def results_xlsx(self, request, object_id):
        survey = self._survey(request, object_id)
        buffer = io.BytesIO()
        write_xlsx(surveys.sheets(survey, surveys.results(survey)), buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="enkat-{survey.event.slug}.xlsx"'
        return response


def _chart(result, *, width=480, bar_height=22, gap=8, label_width=150):
    """Horizontal bars of one question's answers in SVG user units (no free text)."""
    if not result.counts:
        return None
    most = max(result.most, 1)
    plot = width - label_width - 60
    bars = []
    for index, (label, number, percent) in enumerate(result.counts):
        y = index * (bar_height + gap)
        bars.append(
            {
                "label": label,
                "number": number,
                "percent": percent,
                "y": y,
                "text_y": y + bar_height * 0.7,
                "width": round(plot * number / most, 1),
                "value_x": label_width + round(plot * number / most, 1) + 6,
            }
        )
    height = len(bars) * (bar_height + gap)
    return {
        "width": width,
        "height": height,
        "bar_height": bar_height,
        "label_width": label_width,
        "bars": bars,
    }
