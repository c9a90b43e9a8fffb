"""The public forms: checking a certificate's code, answering a survey."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SurveyQuestion

RATINGS = [(str(number), str(number)) for number in range(1, 6)]


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=60,
        help_text=_(
            "As printed at the bottom of the certificate, e.g. ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-23."
        ),
        error_messages={"required": _("Type the verification code of the certificate.")},
    )


def question_field(question):
    """The form field of one survey question."""
    label = question.text
    if question.session_id and question.session:
        label = f"{question.text} ({question.session.title})"
    required = question.required
    messages = {"required": _("Answer this question, it is required.")}
    if question.kind == SurveyQuestion.Kind.RATING:
        return forms.TypedChoiceField(
            label=label,
            choices=RATINGS,
            coerce=int,
            widget=forms.RadioSelect(attrs={"data-rating": "1"}),
            required=required,
            help_text=_("1 is poor, 5 is very good."),
            error_messages={**messages, "invalid_choice": _("Choose a number from 1 to 5.")},
        )
    if question.kind == SurveyQuestion.Kind.SINGLE:
        return forms.ChoiceField(
            label=label,
            choices=[(choice, choice) for choice in question.choice_list],
            widget=forms.RadioSelect,
            required=required,
            error_messages={**messages, "invalid_choice": _("Choose one of the alternatives.")},
        )
    if question.kind == SurveyQuestion.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            label=label,
            choices=[(choice, choice) for choice in question.choice_list],
            widget=forms.CheckboxSelectMultiple,
            required=required,
            error_messages={**messages, "invalid_choice": _("Choose among the alternatives.")},
        )
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=required,
        error_messages={
            **messages,
            "max_length": _("Write at most %(limit_value)d characters (now %(show_value)d)."),
        },
    )


class SurveyForm(forms.Form):
    """One field per question (``q<id>``) of the questions asked of this participant."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = question_field(question)

    def answers(self):
        """[(question, value)] of the answered questions (value: int, str or list)."""
        answered = []
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if value in (None, "", []):
                continue
            answered.append((question, value))
        return answered
