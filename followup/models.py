"""Certificates of attendance and feedback surveys.

A survey's answers are stored apart from the people who gave them:
``SurveyResponse`` and ``SurveyAnswer`` have no key to a registration or an
invitation, and no time of their own. ``SurveyInvitation`` (one per participant,
with the secret of the personal link) says only *whether* its participant has
answered, so nobody can answer twice and nothing links an answer to a person.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models import Event, Session
from registrations.models import Question, Registration


def new_certificate_code():
    """A verification code nobody can guess or count through (128 bits), in groups
    of four that can be read out: 'K7QM-3XPA-...' (8 groups)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    code = "".join(secrets.choice(alphabet) for _ in range(26))
    return "-".join(code[index : index + 4] for index in range(0, 26, 4))


def new_survey_token():
    return secrets.token_urlsafe(32)


class CertificateSettings(models.Model):
    """Whom an event's certificates of attendance are e-mailed to after it."""

    class SendTo(models.TextChoices):
        NONE = "none", _("Nobody (download only)")
        ATTENDED = "attended", _("Everyone who attended")
        ANSWERED_YES = "answered_yes", _("Those who answered yes to a question")

    event = models.OneToOneField(
        Event,
        on_delete=models.CASCADE,
        related_name="certificate_settings",
        verbose_name=_("event"),
    )
    send_to = models.CharField(
        _("e-mail certificates to"), max_length=20, choices=SendTo, default=SendTo.NONE
    )
    question = models.ForeignKey(
        Question,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("question"),
        help_text=_('A yes/no question, e.g. "Vill du ha ett intyg på ditt deltagande?"'),
    )

    class Meta:
        verbose_name = _("certificates of attendance")
        verbose_name_plural = _("certificates of attendance")

    def __str__(self):
        return self.get_send_to_display()


class Certificate(models.Model):
    """A participant's certificate of attendance: its verification code, and when
    it was e-mailed (once)."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="certificate",
        verbose_name=_("registration"),
    )
    code = models.CharField(
        _("verification code"), max_length=40, unique=True, default=new_certificate_code
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate of attendance")
        verbose_name_plural = _("certificates of attendance")

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("followup:verify_code", kwargs={"code": self.code})


class Survey(models.Model):
    """An event's feedback survey, sent some days after the event to those who
    attended, with one reminder."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="survey", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=200, default=_("What did you think?"))
    introduction = models.TextField(_("introduction"), blank=True)
    send_days_after = models.PositiveSmallIntegerField(
        _("send days after the event"),
        default=1,
        help_text=_("0: the evening the event ends."),
    )
    reminder_days_after = models.PositiveSmallIntegerField(
        _("remind days after sending"),
        default=7,
        help_text=_("Those who have not answered get one reminder."),
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-event__starts_at", "pk"]
        verbose_name = _("feedback survey")
        verbose_name_plural = _("feedback surveys")

    def __str__(self):
        return f"{self.title} – {self.event}"


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", _("Rating 1–5")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.RATING)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("One per line (single and multiple choice).")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about the session"),
        help_text=_("Asked only of those who chose the session, when sessions were chosen."),
    )
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")

    def __str__(self):
        return self.text

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class SurveyInvitation(models.Model):
    """One participant's personal link to a survey: sent, reminded, answered (yes or
    no; not which answer, nor when)."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("survey")
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="survey_invitations",
        verbose_name=_("registration"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_survey_token, editable=False)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    answered = models.BooleanField(_("answered"), default=False)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "registration"], name="surveyinvitation_one_per_participant"
            ),
        ]

    def __str__(self):
        return str(self.registration)

    def get_absolute_url(self):
        return reverse("followup:survey", kwargs={"token": self.token})


class SurveyResponse(models.Model):
    """One participant's answers, without who or when."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    language = models.CharField(_("language"), max_length=5, default="sv")

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    choices = models.JSONField(_("chosen"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="surveyanswer_unique"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="surveyanswer_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.rating or self.text or ', '.join(self.choices)}"
