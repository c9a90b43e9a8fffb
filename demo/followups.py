"""The demo's past events after the event: check-ins per day, certificates of
attendance and a feedback survey with answers, from the event's ``certificates``
and ``survey`` tables in seeds/*.toml. Deterministic: loading again changes nothing.
"""

import datetime as dt

from django.utils import timezone

from followup import certificates
from followup.models import (
    CertificateSettings,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from registrations.models import DayAttendance, Registration


def attended_days(index, days):
    """Which of ``days`` the ``index``-th participant (by e-mail) came on: most came
    every day, some missed the first or the last."""
    if len(days) == 1:
        return days
    if index % 4 == 1:
        return days[:-1]
    if index % 6 == 5:
        return days[1:]
    if index % 9 == 7:
        return days[:1]
    return days


def check_in_days(event):
    """One check-in per day attended, 20 minutes before the start (a minute apart)."""
    attended = Registration.objects.filter(event=event, status=Registration.Status.ATTENDED)
    for index, registration in enumerate(attended.order_by("email")):
        wanted = attended_days(index, event.days)
        for day in wanted:
            start = timezone.localtime(event.starts_at).time()
            moment = timezone.make_aware(dt.datetime.combine(day, start)) - dt.timedelta(
                minutes=20 - index % 15
            )
            DayAttendance.objects.update_or_create(
                registration=registration, day=day, defaults={"checked_in_at": moment}
            )
        DayAttendance.objects.filter(registration=registration).exclude(day__in=wanted).delete()
        first = min(wanted)
        first_at = DayAttendance.objects.get(registration=registration, day=first).checked_in_at
        Registration.objects.filter(pk=registration.pk).update(checked_in_at=first_at)


def load_certificates(event, row):
    """The event's setting, and its certificates as if e-mailed the day after."""
    CertificateSettings.objects.update_or_create(
        event=event, defaults={"send_to": row.get("send_to", CertificateSettings.SendTo.NONE)}
    )
    if not row.get("emailed", False):
        return
    emailed_at = event.ends_at + dt.timedelta(days=1, hours=-4)
    for registration in certificates.attended(event):
        certificate = certificates.issue(registration)
        if certificate.emailed_at is None:
            certificate.emailed_at = emailed_at
            certificate.save(update_fields=["emailed_at"])


def load_survey(event, row):
    """The survey, its questions, and the answers of ``answers`` (the n-th answer of
    every question makes the n-th response); invited: everyone who attended, the
    first of them as many as answered."""
    row = dict(row)
    questions = row.pop("questions", [])
    sent_at = event.ends_at + dt.timedelta(days=row.get("send_days_after", 1))
    survey, _created = Survey.objects.update_or_create(
        event=event,
        defaults={**row, "sent_at": sent_at, "reminded_at": sent_at + dt.timedelta(days=7)},
    )
    stored = []
    for order, data in enumerate(questions, start=1):
        data = dict(data)
        answers = data.pop("answers", [])
        data["choices"] = "\n".join(data.get("choices", []))
        question, _created = SurveyQuestion.objects.update_or_create(
            survey=survey, text=data.pop("text"), defaults={**data, "order": order}
        )
        stored.append((question, answers))
    responses = max((len(answers) for _question, answers in stored), default=0)
    if survey.responses.count() != responses:
        survey.responses.all().delete()
        for number in range(responses):
            response = SurveyResponse.objects.create(survey=survey)
            for question, answers in stored:
                if number < len(answers) and answers[number] not in ("", []):
                    SurveyAnswer.objects.create(
                        response=response, question=question, **_value(question, answers[number])
                    )
    attended = Registration.objects.filter(event=event, status=Registration.Status.ATTENDED)
    for index, registration in enumerate(attended.order_by("email")):
        SurveyInvitation.objects.update_or_create(
            survey=survey,
            registration=registration,
            defaults={"answered": index < responses, "reminded_at": survey.reminded_at},
        )


def _value(question, value):
    if question.kind == SurveyQuestion.Kind.RATING:
        return {"rating": int(value)}
    if question.kind == SurveyQuestion.Kind.TEXT:
        return {"text": str(value)}
    return {"choices": value if isinstance(value, list) else [value]}
