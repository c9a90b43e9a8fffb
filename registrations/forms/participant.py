"""One participant: details, attendance mode, chosen sessions and answers.

The fields for sessions and questions are built per event from a SignupOptions.
Used in the signup formset and, for one registration, on the manage page.
"""

import datetime as dt

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from events.formatting import weekday_date
from registrations.exceptions import EventFull, InvalidChoice, SessionFull
from registrations.inputs import MAX_ANSWER_LENGTH, sessions_for_mode
from registrations.models import Question, Registration, YesNo
from registrations.reference_data import municipality_code
from registrations.services import ParticipantData

from .fields import ERROR_MESSAGES, EmailField, NameField, PhoneField, TextField
from .widgets import LimitedCheckboxes, LimitedRadios

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
# Autofill names (HTML autocomplete tokens) of the details; each participant is its
# own autofill section, so filling in one person never fills in the others.
AUTOFILL = {
    "first_name": "given-name",
    "last_name": "family-name",
    "email": "email",
    "organisation": "organization",
    "role": "organization-title",
    "phone": "tel",
}


def _max_length(name):
    return Registration._meta.get_field(name).max_length


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
        widget=forms.TextInput(attrs={"list": "organisation-suggestions"}),
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

    def __init__(self, *args, options, registration=None, **kwargs):
        """``registration``: the one being changed on the manage page (its sessions
        prefetched), or None in the signup form."""
        super().__init__(*args, **kwargs)
        self.options = options
        self.registration = registration
        section = f"section-{self.prefix or 'participant'}"
        for name, token in AUTOFILL.items():
            self.fields[name].widget.attrs["autocomplete"] = f"{section} {token}"
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
        if registration is None and options.per_participant_prices:
            self.fields["price_option"] = self._price_field()
        if registration is None and options.one_day_days:
            self.fields["day"] = forms.TypedChoiceField(
                label=_("Day (with a one-day price)"),
                choices=[("", "—")]
                + [(day.isoformat(), capfirst(weekday_date(day))) for day in options.one_day_days],
                coerce=dt.date.fromisoformat,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": _("Choose one of the event's days.")},
            )
        if options.sessions:
            self.fields["sessions"] = self._sessions_field()
        for question in options.questions:
            self.fields[f"answer_{question.pk}"] = answer_field(question)
        self.helper = self._helper()

    def _attendance_field(self):
        choices, closed = [], []
        for mode in self.options.modes:
            label = str(Registration.AttendanceMode(mode).label)
            note, is_closed = self._mode_note(mode)
            choices.append((mode, f"{label} – {note}" if note else label))
            if is_closed:
                closed.append(mode)
        return forms.ChoiceField(
            label=_("How will you take part?"),
            choices=choices,
            initial=self.options.default_mode,
            widget=LimitedRadios(disabled_values=closed),
            error_messages={
                "required": _("Choose whether you take part on site or online."),
                "invalid_choice": _("Choose whether you take part on site or online."),
            },
        )

    def _price_field(self):
        from .booking import price_label

        return forms.TypedChoiceField(
            label=_("Price for this participant"),
            choices=[("", _("The booking's price (below)"))]
            + [(option.pk, price_label(option)) for option in self.options.price_options],
            coerce=int,
            empty_value=None,
            required=False,
            error_messages={"invalid_choice": _("Choose one of the price options shown.")},
        )

    def clean(self):
        cleaned = self._clean_sessions_mode(super().clean())
        option = self.options.price_option(cleaned.get("price_option"))
        needs_day = option is not None and option.one_day and self.options.one_day_days
        if needs_day and not cleaned.get("day") and "day" not in self.errors:
            self.add_error("day", _("Choose the day the participant comes."))
        return cleaned

    def _mode_note(self, mode):
        """What the choice of ``mode`` says after its name, and whether it is closed.

        The services' rules, told beforehand: a participant who holds a place keeps
        it (their own mode is never "fully booked") and cannot move to a full mode;
        an attendee cannot move to a mode their booking's price is not for.
        """
        registration = self.registration
        own = registration is not None and registration.attendance_mode == mode
        if own and registration.is_active:
            return "", False
        if registration is not None and not own:
            price = registration.price_option
            if price is not None and not price.serves(mode):
                if mode == Registration.AttendanceMode.ONLINE:
                    return str(_("your price is for on site only; contact the organiser")), True
                return str(_("your price is for online only; contact the organiser")), True
        if self.options.places_left[mode] != 0:
            return "", False
        if own:
            return str(_("fully booked; you are on its waiting list")), False
        if self.options.event.waiting_list and not (registration and registration.is_active):
            return str(_("fully booked; you join the waiting list")), False
        return str(_("fully booked")), True

    def _sessions_field(self):
        show_day = self.options.sessions_span_days
        modes = self.options.modes
        sessions = self.options.sessions
        return forms.TypedMultipleChoiceField(
            label=_("Sessions to choose"),
            help_text=_("Choose at most one session per time slot."),
            choices=[
                (option.pk, option.label(show_day=show_day, modes=modes)) for option in sessions
            ],
            coerce=int,
            required=False,
            widget=LimitedCheckboxes(
                disabled_values=[option.pk for option in sessions if option.is_full],
                served_modes={
                    option.pk: option.session.attendance_mode
                    for option in sessions
                    if option.session.attendance_mode
                },
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

    def _clean_sessions_mode(self, cleaned):
        """Sessions must serve the chosen attendance mode (ones the participant
        held before are dropped by the service instead)."""
        if "sessions" not in cleaned or "attendance_mode" in self.errors:
            return cleaned
        mode = cleaned.get("attendance_mode") or self.options.default_mode
        sessions = [self.options.session(pk) for pk in cleaned["sessions"]]
        held = ()
        if self.registration is not None:
            held = {session.pk for session in self.registration.sessions.all()}
        try:
            sessions_for_mode(sessions, mode, held=held)
        except InvalidChoice as error:
            self.add_error("sessions", error.message)
        return cleaned

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
            price_option=data.get("price_option"),
            day=data.get("day"),
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

    def clean(self):
        # Django's own minimum (validate_min) counts an empty participant as none
        # and says so beside that participant's own errors; only a form with no
        # participant at all is too few.
        if self.total_form_count() < self.min_num:
            raise forms.ValidationError(self.error_messages["too_few_forms"], code="too_few_forms")


ParticipantFormSet = forms.formset_factory(
    ParticipantForm,
    formset=BaseParticipantFormSet,
    extra=0,
    min_num=1,
    max_num=MAX_PARTICIPANTS,
    absolute_max=MAX_PARTICIPANTS,
    validate_max=True,
)
