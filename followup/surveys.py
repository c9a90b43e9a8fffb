"""Feedback surveys: invite those who attended, remind once, take one answer per
participant, and sum the answers up.

Answers are stored apart from the people (see models.py): ``submit`` locks the
participant's invitation, refuses a second answer, saves the answers with no key
to the participant and only then marks the invitation answered, all in one
transaction.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from exports.reports import Sheet
from messaging.models import OutgoingEmail
from messaging.services import queue_email
from registrations.models import Registration

from .models import Survey, SurveyAnswer, SurveyInvitation, SurveyQuestion, SurveyResponse

Kind = SurveyQuestion.Kind


class AlreadyAnswered(Exception):
    """The participant has answered the survey already."""


def questions_for(survey, registration):
    """The questions asked of ``registration``: all, except those about a session to
    choose that the participant did not choose."""
    chosen = set(registration.sessions.values_list("pk", flat=True))
    return [
        question
        for question in survey.questions.select_related("session").order_by("order", "pk")
        if question.session_id is None
        or not question.session.selectable
        or question.session_id in chosen
    ]


def due_at(survey):
    """When the invitations go out: ``send_days_after`` days after the event's last
    day, at the end of that day's programme (the event's end time)."""
    return survey.event.ends_at + dt.timedelta(days=survey.send_days_after)


def participants(survey):
    """Who is invited: those checked in, whose personal data is still kept."""
    return Registration.objects.filter(
        event=survey.event, status=Registration.Status.ATTENDED, anonymised_at__isnull=True
    )


def invite(survey, *, now=None) -> int:
    """Invite every participant not yet invited; returns how many were e-mailed."""
    now = now or timezone.now()
    invited = 0
    with transaction.atomic():
        survey = Survey.objects.select_for_update().select_related("event").get(pk=survey.pk)
        already = SurveyInvitation.objects.filter(survey=survey).values("registration_id")
        for registration in participants(survey).exclude(pk__in=already).select_related("booking"):
            invitation = SurveyInvitation.objects.create(survey=survey, registration=registration)
            _queue(invitation, OutgoingEmail.Kind.SURVEY)
            invited += 1
        if survey.sent_at is None:
            survey.sent_at = now
            survey.save(update_fields=["sent_at"])
    return invited


def remind(survey, *, now=None) -> int:
    """The one reminder to those invited who have not answered; returns how many."""
    now = now or timezone.now()
    reminded = 0
    with transaction.atomic():
        survey = Survey.objects.select_for_update().select_related("event").get(pk=survey.pk)
        waiting = survey.invitations.filter(
            answered=False, reminded_at__isnull=True, registration__anonymised_at__isnull=True
        ).select_related("registration__booking", "registration__event")
        for invitation in waiting:
            invitation.reminded_at = now
            invitation.save(update_fields=["reminded_at"])
            _queue(invitation, OutgoingEmail.Kind.SURVEY_REMINDER)
            reminded += 1
        survey.reminded_at = now
        survey.save(update_fields=["reminded_at"])
    return reminded


def send_due(*, now=None):
    """What the daily job does: invitations that are due, then reminders that are.
    Returns (invited, reminded)."""
    now = now or timezone.now()
    invited = reminded = 0
    surveys = Survey.objects.select_related("event").exclude(event__status="cancelled")
    for survey in surveys.filter(sent_at__isnull=True, questions__isnull=False).distinct():
        if due_at(survey) <= now:
            invited += invite(survey, now=now)
    for survey in surveys.filter(sent_at__isnull=False, reminded_at__isnull=True):
        if survey.sent_at + dt.timedelta(days=survey.reminder_days_after) <= now:
            reminded += remind(survey, now=now)
    return invited, reminded


def _queue(invitation, kind):
    registration = invitation.registration
    event = invitation.survey.event
    queue_email(
        to=registration.email,
        kind=kind,
        template=kind,
        context={
            "registration": registration,
            "event": event,
            "survey": invitation.survey,
            "survey_url": settings.SITE_URL + invitation.get_absolute_url(),
            "contact_address": event.contact_address,
        },
        language=registration.language or settings.LANGUAGE_CODE,
        event=event,
        registration=registration,
        booking=registration.booking,
        reply_to=event.contact_address,
    )


def submit(*, invitation, answers, language="sv") -> SurveyResponse:
    """Save ``answers`` ([(question, value)]) as one response, not linked to the
    participant; ``AlreadyAnswered`` if the invitation was used."""
    with transaction.atomic():
        invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.answered:
            raise AlreadyAnswered
        response = SurveyResponse.objects.create(survey_id=invitation.survey_id, language=language)
        SurveyAnswer.objects.bulk_create(
            [_answer(response, question, value) for question, value in answers]
        )
        invitation.answered = True
        invitation.save(update_fields=["answered"])
    return response


def _answer(response, question, value):
    if question.kind == Kind.RATING:
        return SurveyAnswer(response=response, question=question, rating=int(value))
    if question.kind == Kind.SINGLE:
        return SurveyAnswer(response=response, question=question, choices=[value])
    if question.kind == Kind.MULTIPLE:
        return SurveyAnswer(response=response, question=question, choices=list(value))
    return SurveyAnswer(response=response, question=question, text=str(value).strip())


@dataclass
class QuestionResult:
    question: SurveyQuestion
    answered: int = 0
    counts: list = field(default_factory=list)  # (label, number, percent)
    texts: list = field(default_factory=list)
    average: float | None = None

    @property
    def most(self):
        return max((number for _label, number, _percent in self.counts), default=0)


@dataclass
class Results:
    survey: Survey
    responses: int
    invited: int
    questions: list  # QuestionResult


def results(survey):
    """Every question's figures (three queries, however many answers)."""
    questions = list(survey.questions.select_related("session").order_by("order", "pk"))
    rows = SurveyAnswer.objects.filter(question__survey=survey).values_list(
        "question_id", "rating", "choices", "text"
    )
    by_question = {question.pk: [] for question in questions}
    for question_id, rating, choices, text in rows.order_by("pk"):
        by_question.setdefault(question_id, []).append((rating, choices, text))
    counts = survey.invitations.aggregate(invited=_count(), responses=_count(Q(answered=True)))
    return Results(
        survey=survey,
        responses=counts["responses"],
        invited=counts["invited"],
        questions=[_result(question, by_question[question.pk]) for question in questions],
    )


def _count(condition=None):
    return Count("pk", filter=condition)


def _result(question, answers):
    result = QuestionResult(question=question, answered=len(answers))
    if question.kind == Kind.TEXT:
        result.texts = [text for _rating, _choices, text in answers if text]
        return result
    if question.kind == Kind.RATING:
        tally = Counter(rating for rating, _choices, _text in answers if rating)
        labels = [str(number) for number in range(1, 6)]
        numbers = [tally.get(number, 0) for number in range(1, 6)]
        rated = sum(numbers)
        if rated:
            result.average = sum(n * r for n, r in zip(numbers, range(1, 6), strict=True)) / rated
    else:
        tally = Counter(choice for _rating, choices, _text in answers for choice in choices)
        labels = question.choice_list
        labels += [label for label in tally if label not in labels]  # choices since removed
        numbers = [tally.get(label, 0) for label in labels]
    total = len(answers)
    result.counts = [
        (label, number, round(100 * number / total) if total else 0)
        for label, number in zip(labels, numbers, strict=True)
    ]
    return result


def sheets(survey, summary):
    """The results as XLSX sheets: the figures per question, and every response."""
    figures = []
    for result in summary.questions:
        if result.question.kind == Kind.TEXT:
            figures.append([result.question.text, _("Free text"), result.answered, ""])
            continue
        for label, number, percent in result.counts:
            figures.append([result.question.text, label, number, percent])
    questions = [result.question for result in summary.questions]
    answers = {}
    for response_id, question_id, rating, choices, text in SurveyAnswer.objects.filter(
        response__survey=survey
    ).values_list("response_id", "question_id", "rating", "choices", "text"):
        answers.setdefault(response_id, {})[question_id] = (
            rating if rating is not None else (", ".join(choices) if choices else text)
        )
    ordered = [answers[key] for key in sorted(answers)]
    return [
        Sheet(
            _("Results"),
            [_("Question"), _("Answer"), _("Number"), _("Percent")],
            figures,
        ),
        Sheet(
            _("Responses"),
            [question.text for question in questions],
            [[row.get(question.pk, "") for question in questions] for row in ordered],
        ),
    ]
