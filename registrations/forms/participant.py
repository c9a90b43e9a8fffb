"""One participant: details, attendance mode, chosen sessions and answers.

The fields for sessions and questions are built per event from a SignupOptions.
Used in the signup formset and, for one registration, on the manage page.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from registrations.exceptions import EventFull, InvalidChoice, SessionFull
from registrations.inputs import MAX_ANSWER_LENGTH
from registrations.models import Question, Registration, YesNo
from registrations.reference_data import municipality_code
from registrations.services import ParticipantData

from .fields import ERROR_MESSAGES, EmailField, NameField, PhoneField, TextField

MAX_PARTICIPANTS = 20
# Field names in the services' InvalidChoice that are called differently here.
SERVICE_FIELD_NAMES = {"session_ids": "sessions"}
DETAIL_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "organisation",
    "role",
    "phone",
    "dietary_needs",
    "accessibility_needs",
)


def _max_length(name):
    return Registration._meta.get_field(name).max_length


class DisabledChoicesMixin:
    """Options in ``disabled_values`` are shown but cannot be picked, unless they
    are already chosen (a participant keeps a full session they hold)."""

    def __init__(self, *args, disabled_values=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.disabled_values = {str(value) for value in disabled_values}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) in self.disabled_values and not selected:
            option["attrs"]["disabled"] = True
        return option


class LimitedCheckboxes(DisabledChoicesMixin, forms.CheckboxSelectMultiple):
    pass


class LimitedRadios(DisabledChoicesMixin, forms.RadioSelect):
    pass


def answer_field(question):
    """The form field for one of the event's own questions."""
    kwargs = {
        "label": question.text,
        "required": question.required,
        # Crispy renders help texts as HTML; the organiser's text is plain text.
        "help_text": escape(question.help_text),
        "error_messages": {
            **ERROR_MESSAGES,
            "required": _("Please answer this question."),
            "invalid_choice": _("Choose one of the given alternatives."),
        },
    }
    kind = question.kind
    if kind == Question.Kind.LONG_TEXT:
        return TextField(multiline=True, max_length=MAX_ANSWER_LENGTH[kind], **kwargs)
    if kind == Question.Kind.YES_NO:
        return forms.ChoiceField(choices=YesNo.choices, widget=forms.RadioSelect, **kwargs)
    choices = [(choice, choice) for choice in question.choice_list]
    if kind == Question.Kind.SINGLE_CHOICE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **kwargs)
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **kwargs
        )
    return TextField(max_length=MAX_ANSWER_LENGTH[Question.Kind.SHORT_TEXT], **kwargs)


class ParticipantForm(forms.Form):
    first_name = NameField(label=_("First name"), max_length=_max_length("first_name"))
    last_name = NameField(label=_("Last name"), max_length=_max_length("last_name"))
    email = EmailField(
        label=_("E-mail"),
        max_length=Registration._meta.get_field("email").max_length,
        help_text=_("The confirmation and the link to change or cancel are sent here."),
    )
    organisation = TextField(
        label=_("Organisation"),
        max_length=_max_length("organisation"),
        help_text=_("For example Kinda kommun or Region Östergötland."),
        widget=forms.TextInput(attrs={"list": "organisation-suggestions", "autocomplete": "off"}),
    )
    role = TextField(label=_("Role or title"), max_length=_max_length("role"), required=False)
    phone = PhoneField(label=_("Phone"), max_length=_max_length("phone"), required=False)
    dietary_needs = TextField(
        label=_("Dietary needs"),
        max_length=_max_length("dietary_needs"),
        required=False,
        multiline=True,
        rows=2,
    )
    accessibility_needs = TextField(
        label=_("Accessibility needs"),
        max_length=_max_length("accessibility_needs"),
        required=False,
        multiline=True,
        rows=2,
    )

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = options
        days = settings.PRIVACY_SENSITIVE_RETENTION_DAYS
        sensitive_note = _("Deleted at the latest %(days)d days after the event.") % {"days": days}
        self.fields["dietary_needs"].help_text = " ".join(
            [str(_("For example vegetarian, gluten-free or allergies.")), sensitive_note]
        )
        self.fields["accessibility_needs"].help_text = " ".join(
            [
                str(_("For example wheelchair access, hearing loop or sign language.")),
                sensitive_note,
            ]
        )
        if options.is_hybrid:
            self.fields["attendance_mode"] = self._attendance_field()
        if options.sessions:
            self.fields["sessions"] = self._sessions_field()
        for question in options.questions:
            self.fields[f"answer_{question.pk}"] = answer_field(question)
        self.helper = self._helper()

    def _attendance_field(self):
        event = self.options.event
        choices, full = [], []
        for mode in self.options.modes:
            label = str(Registration.AttendanceMode(mode).label)
            if self.options.places_left[mode] == 0:
                if event.waiting_list:
                    label += " – " + str(_("fully booked; you join the waiting list"))
                else:
                    label += " – " + str(_("fully booked"))
                    full.append(mode)
            choices.append((mode, label))
        return forms.ChoiceField(
            label=_("How will you take part?"),
            choices=choices,
            initial=self.options.default_mode,
            widget=LimitedRadios(disabled_values=full),
            error_messages={
                "required": _("Choose whether you take part on site or online."),
                "invalid_choice": _("Choose whether you take part on site or online."),
            },
        )

    def _sessions_field(self):
        show_day = self.options.sessions_span_days
        return forms.TypedMultipleChoiceField(
            label=_("Sessions to choose"),
            help_text=_("Choose at most one session per time slot."),
            choices=[
                (option.pk, option.label(show_day=show_day)) for option in self.options.sessions
            ],
            coerce=int,
            required=False,
            widget=LimitedCheckboxes(
                disabled_values=[option.pk for option in self.options.sessions if option.is_full]
            ),
            error_messages={"invalid_choice": _("Choose among the sessions listed.")},
        )

    def _helper(self):
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(
            Row(
                Column("first_name", css_class="col-sm-6"),
                Column("last_name", css_class="col-sm-6"),
            ),
            "email",
            "organisation",
            Row(Column("role", css_class="col-sm-6"), Column("phone", css_class="col-sm-6")),
            "dietary_needs",
            "accessibility_needs",
            *(name for name in self.fields if name not in DETAIL_FIELDS),
        )
        return helper

    def clean_sessions(self):
        ids = self.cleaned_data["sessions"]
        chosen = sorted(
            (self.options.session(pk) for pk in ids), key=lambda session: session.starts_at
        )
        for first, second in zip(chosen, chosen[1:], strict=False):
            if second.starts_at < first.ends_at:
                raise ValidationError(
                    _("“%(first)s” and “%(second)s” are at the same time. Choose one of them."),
                    code="overlap",
                    params={"first": first.title, "second": second.title},
                )
        return ids

    def answers(self):
        """``{question id: value}``: multiple choices one per line, yes/no as yes/no."""
        result = {}
        for question in self.options.questions:
            value = self.cleaned_data.get(f"answer_{question.pk}")
            if isinstance(value, list):
                value = "\n".join(value)
            if value:
                result[question.pk] = value
        return result

    def to_participant_data(self):
        data = self.cleaned_data
        return ParticipantData(
            **{name: data[name] for name in DETAIL_FIELDS},
            municipality_code=municipality_code(data["organisation"]),
            attendance_mode=data.get("attendance_mode") or self.options.default_mode,
            session_ids=tuple(data.get("sessions", ())),
            answers=self.answers(),
        )

    @staticmethod
    def initial_for(registration, options):
        """The form's initial values from a registration (sessions and answers prefetched)."""
        initial = {name: getattr(registration, name) for name in DETAIL_FIELDS}
        initial["attendance_mode"] = registration.attendance_mode
        initial["sessions"] = [session.pk for session in registration.sessions.all()]
        multiple = {q.pk for q in options.questions if q.kind == Question.Kind.MULTIPLE_CHOICE}
        for answer in registration.answers.all():
            value = answer.value
            if answer.question_id in multiple:
                value = value.split("\n")
            initial[f"answer_{answer.question_id}"] = value
        return initial


def add_service_error(form, error):
    """Put a service's refusal next to the field it concerns; False if none fits."""
    if isinstance(error, SessionFull) and "sessions" in form.fields:
        if error.session.pk in (form.cleaned_data.get("sessions") or ()):
            form.add_error("sessions", error.message)
            return True
        return False
    if isinstance(error, EventFull) and "attendance_mode" in form.fields:
        form.add_error("attendance_mode", error.message)
        return True
    if isinstance(error, InvalidChoice):
        name = SERVICE_FIELD_NAMES.get(error.field, error.field)
        if name and name in form.fields:
            form.add_error(name, error.message)
            return True
    return False


class BaseParticipantFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": _(
            "The form was sent incompletely. Please check the participants and send it again."
        ),
        "too_many_forms": _(
            "You can register at most %(num)d participants at a time. For a larger group, "
            "make several registrations or contact the organiser."
        ),
        "too_few_forms": _("Add at least one participant."),
    }

    def __init__(self, *args, options, **kwargs):
        self.options = options
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        # Every participant shown must be filled in or removed with "Remove".
        return {"options": self.options, "empty_permitted": False}


ParticipantFormSet = forms.formset_factory(
    ParticipantForm,
    formset=BaseParticipantFormSet,
    extra=0,
    min_num=1,
    max_num=MAX_PARTICIPANTS,
    absolute_max=MAX_PARTICIPANTS,
    validate_min=True,
    validate_max=True,
)
