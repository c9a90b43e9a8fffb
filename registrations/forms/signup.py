"""The signup page's forms together: contact person, participants, price and consent.

SignupForms binds the three parts to one POST, handles "add a participant" and
"remove" without JavaScript (the page comes back with one participant more or
less and everything typed kept), turns the services' refusals into messages next
to the fields they concern, and lists every error for the summary at the top.
"""

import re
from dataclasses import dataclass

from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registrations import pricing
from registrations.exceptions import InvalidChoice, SessionFull

from .booking import SUBMISSION_KEY_PATTERN, BookingForm, ContactForm, new_submission_key
from .participant import MAX_PARTICIPANTS, ParticipantFormSet, add_service_error

CONTACT_PREFIX = "contact"
PARTICIPANT_PREFIX = "participant"
BOOKING_PREFIX = "booking"
TOTAL_KEY = f"{PARTICIPANT_PREFIX}-TOTAL_FORMS"
INITIAL_KEY = f"{PARTICIPANT_PREFIX}-INITIAL_FORMS"
ADD_BUTTON = "add_participant"
REMOVE_BUTTON = "remove_participant"
TOTAL_BUTTON = "show_total"
COPIED_CONTACT_FIELDS = ("first_name", "last_name", "email", "phone")
_PARTICIPANT_KEY = re.compile(rf"^{PARTICIPANT_PREFIX}-([0-9]+)-(.+)\Z")

ALREADY_SENT = _(
    "This form has already been sent. Check your e-mail for the confirmation, or send "
    "the form again to make a new registration."
)
INCOMPLETE = _("The form was sent incompletely. Please check the participants and send it again.")
TOO_MANY = _(
    "You can register at most %(num)d participants at a time. For a larger group, "
    "make several registrations or contact the organiser."
)
# The booking's fields in the services' InvalidChoice -> (form part, field name) here.
CONTACT_FIELDS = {
    "contact_name": ("contact", "first_name"),
    "contact_email": ("contact", "email"),
    "contact_phone": ("contact", "phone"),
}


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class SummaryItem:
    text: str
    anchor: str = ""  # id of the field to jump to; empty for the whole form


class SignupForms:
    def __init__(self, options, contact, participants, booking, *, submission_key):
        self.options = options
        self.contact = contact
        self.participants = participants
        self.booking = booking
        self.submission_key = submission_key
        self.page_errors = []
        self.focus = ""  # "new-participant" or "participants" after add/remove

    # --- building -------------------------------------------------------------

    @classmethod
    def blank(cls, options):
        key = new_submission_key()
        return cls(
            options,
            ContactForm(prefix=CONTACT_PREFIX),
            ParticipantFormSet(prefix=PARTICIPANT_PREFIX, options=options),
            BookingForm(prefix=BOOKING_PREFIX, options=options, initial={"submission_key": key}),
            submission_key=key,
        )

    @classmethod
    def from_post(cls, options, post):
        """Bind to a POST; for "add" or "remove", or a tampered participant count,
        return the forms filled in with what was typed but not yet validated."""
        data = post.copy()
        problem = _repair_participant_count(data)
        if data.get(f"{CONTACT_PREFIX}-is_participant"):
            _copy_contact_to_first_participant(data)
        action = ""
        if ADD_BUTTON in data:
            action = "add"
            problem = problem or _add_participant(data)
        elif TOTAL_BUTTON in data:
            action = "total"
        elif REMOVE_BUTTON in data:
            action = "remove"
            _remove_participant(data, data.get(REMOVE_BUTTON))
        bound = cls._bind(options, data)
        if not action and not problem:
            return bound
        forms = bound._unvalidated()
        if problem:
            forms.page_errors.append(problem)
        if action == "add" and not problem:
            forms.focus = "new-participant"
            forms.participants.forms[-1].fields["first_name"].widget.attrs["autofocus"] = True
        elif action == "remove":
            forms.focus = "participants"
        elif action == "total":
            forms.focus = "total"
        return forms

    @classmethod
    def refilled(cls, options, post, message):
        """The forms filled in with ``post`` as it was sent, none validated, with
        ``message`` at the top: a submission refused before it was read."""
        data = post.copy()
        _repair_participant_count(data)
        forms = cls._bind(options, data)._unvalidated()
        forms.page_errors.append(message)
        return forms

    @classmethod
    def _bind(cls, options, data):
        booking = BookingForm(data, prefix=BOOKING_PREFIX, options=options)
        key = booking["submission_key"].value() or ""
        if not re.match(SUBMISSION_KEY_PATTERN, key):
            key = new_submission_key()
        return cls(
            options,
            ContactForm(data, prefix=CONTACT_PREFIX),
            ParticipantFormSet(data, prefix=PARTICIPANT_PREFIX, options=options),
            booking,
            submission_key=key,
        )

    def _unvalidated(self):
        """The same forms unbound, filled in with the bound values (no error shown)."""

        def values(form):
            return {name: form[name].value() for name in form.fields}

        participants = [values(form) for form in self.participants.forms]
        return SignupForms(
            self.options,
            ContactForm(prefix=CONTACT_PREFIX, initial=values(self.contact)),
            ParticipantFormSet(
                prefix=PARTICIPANT_PREFIX, options=self.options, initial=participants or None
            ),
            BookingForm(
                prefix=BOOKING_PREFIX,
                options=self.options,
                initial={**values(self.booking), "submission_key": self.submission_key},
            ),
            submission_key=self.submission_key,
        )

    # --- validating and calling the service ----------------------------------

    def is_valid(self):
        results = [self.contact.is_valid(), self.participants.is_valid()]
        own = self._own_price_options()
        self.booking.participants_pay = any(
            option is not None and option.amount > 0 for option in own
        )
        if (
            own
            and all(option is not None for option in own)
            and "price_option" in self.booking.fields
        ):
            # Everyone has a price of their own: the booking's price is not asked for.
            self.booking.fields["price_option"].required = False
        results.append(self.booking.is_valid())
        return all(results) and not self.page_errors

    def _own_price_options(self):
        """The price option each participant chose for themselves (None: the booking's)."""
        return [
            self.options.price_option(form.cleaned_data.get("price_option"))
            for form in self.participants.forms
            if hasattr(form, "cleaned_data")
        ]

    def service_arguments(self):
        """Keyword arguments for services.register (all but language and consent_at)."""
        contact = self.contact.cleaned_data
        return {
            "event": self.options.event,
            "contact_name": self.contact.contact_name,
            "contact_email": contact["email"],
            "contact_phone": contact["phone"],
            "participants": [form.to_participant_data() for form in self.participants.forms],
            "price_option": self.booking.chosen_price_option() or self._own_price_options()[0],
            "invoice": self.booking.invoice_data(),
            "submission_key": self.booking.cleaned_data["submission_key"],
        }

    def is_own_booking(self, booking):
        """A submission key finds the booking it made; one found for other details
        means the key was reused (or forged), and that booking is not shown."""
        return (
            booking.event_id == self.options.event.pk
            and booking.contact_email.casefold() == self.contact.cleaned_data["email"].casefold()
        )

    def participant_emails(self):
        """The participants' addresses as typed (valid forms only)."""
        return [form.cleaned_data["email"] for form in self.participants.forms]

    def refuse_reused_key(self):
        self.page_errors.append(ALREADY_SENT)
        self.submission_key = new_submission_key()

    def add_service_error(self, error):
        """Show a RegistrationError next to the field it concerns, or at the top."""
        forms = self.participants.forms
        if isinstance(error, SessionFull):
            placed = [add_service_error(form, error) for form in forms]
            if any(placed):
                return
        elif isinstance(error, InvalidChoice) and self._add_choice_error(error):
            return
        self.page_errors.append(error.message)

    def _add_choice_error(self, error):
        """Next to the participant's field, else the booking's (a price option
        that does not serve a participant's attendance mode)."""
        if error.participant is not None:
            forms = self.participants.forms
            if not 0 <= error.participant < len(forms):
                return False
            if add_service_error(forms[error.participant], error):
                return True
        part, name = CONTACT_FIELDS.get(error.field, ("booking", error.field))
        form = self.contact if part == "contact" else self.booking
        if name and name in form.fields:
            form.add_error(name, error.message)
            return True
        return False

    # --- showing --------------------------------------------------------------

    @cached_property
    def price_preview(self):
        """The booking's lines and totals as typed so far (None without prices): each
        participant's price, or the booking's; shown before the form is sent."""
        if not self.options.price_options:
            return None
        default = self.options.price_option(_as_int(self.booking["price_option"].value()))
        lines = []
        for number, form in enumerate(self.participants.forms, start=1):
            chosen = form["price_option"].value() if "price_option" in form.fields else None
            option = self.options.price_option(_as_int(chosen)) or default
            if option is None:
                continue
            first = form["first_name"].value() or ""
            last = form["last_name"].value() or ""
            name = f"{first} {last}".strip() or gettext("Participant %(number)d") % {
                "number": number
            }
            lines.append(
                pricing.Line(
                    name=name,
                    option_name=option.name,
                    net=pricing.to_ore(option.amount),
                    vat_rate=option.vat_rate or "0",
                    exemption_reason=option.vat_exemption_reason,
                )
            )
        return pricing.totals(lines)

    @cached_property
    def error_summary(self):
        """Every error on the page, in page order, with the id of its field."""
        items = [SummaryItem(str(message)) for message in self.page_errors]
        items += _form_errors(self.contact, gettext("Contact person"), "contact-heading")
        for message in self.participants.non_form_errors():
            items.append(SummaryItem(message, "participants-heading"))
        for index, form in enumerate(self.participants.forms, start=1):
            label = gettext("Participant %(number)d") % {"number": index}
            items += _form_errors(form, label, f"participant-{index - 1}-heading")
        items += _form_errors(self.booking, "", "booking-heading")
        return items

    @property
    def waiting_list_only(self):
        return self.options.event.waiting_list and self.options.event.is_full

    @property
    def participant_count(self):
        return len(self.participants.forms)

    @property
    def can_remove(self):
        return self.participant_count > 1

    @property
    def can_add(self):
        return self.participant_count < MAX_PARTICIPANTS


def _form_errors(form, prefix, section_anchor):
    if not form.is_bound:
        return []
    items = []
    for name, errors in form.errors.items():
        if name == "__all__" or form.fields[name].widget.is_hidden:
            items += [SummaryItem(str(error), section_anchor) for error in errors]
            continue
        field = form[name]
        anchor = field.id_for_label or f"{field.auto_id}_0"
        label = getattr(form, "summary_labels", {}).get(name) or form.fields[name].label
        label = Truncator(strip_tags(str(label))).chars(80)
        heading = f"{prefix}, {label}" if prefix else label
        items += [SummaryItem(f"{heading}: {error}", anchor) for error in errors]
    return items


def _participant_indices(data):
    return {int(m.group(1)) for key in data if (m := _PARTICIPANT_KEY.match(key))}


def _repair_participant_count(data):
    """Make the participant count agree with the participants sent.

    A missing or tampered count (TOTAL_FORMS of 1000, say) is set to the number of
    participants actually present, at most MAX_PARTICIPANTS, and a message says so:
    the forms come back with what was typed and nothing is saved.
    """
    indices = _participant_indices(data)
    present = min((max(indices) + 1) if indices else 1, MAX_PARTICIPANTS)
    raw = data.get(TOTAL_KEY, "")
    total = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 6 else None
    problem = None
    if total is None or not data.get(INITIAL_KEY, "").isdigit():
        problem = INCOMPLETE
    elif total > MAX_PARTICIPANTS:
        problem = TOO_MANY % {"num": MAX_PARTICIPANTS}
    elif total < 1:
        problem = INCOMPLETE
    if problem:
        data[TOTAL_KEY] = str(present)
        data[INITIAL_KEY] = "0"
    return problem


def _copy_contact_to_first_participant(data):
    """With "I am signing up myself", the first participant's empty name, e-mail and
    phone fields take the contact person's."""
    for name in COPIED_CONTACT_FIELDS:
        target = f"{PARTICIPANT_PREFIX}-0-{name}"
        if not data.get(target, "").strip():
            data[target] = data.get(f"{CONTACT_PREFIX}-{name}", "")


def _add_participant(data):
    total = int(data[TOTAL_KEY])
    if total >= MAX_PARTICIPANTS:
        return TOO_MANY % {"num": MAX_PARTICIPANTS}
    data[TOTAL_KEY] = str(total + 1)
    return None


def _remove_participant(data, raw_index):
    """Drop participant ``raw_index`` and move the ones after it up (one stays)."""
    total = int(data[TOTAL_KEY])
    raw_index = raw_index or ""
    # A button value longer than any index (5,000 digits do not even convert) is no index.
    if not raw_index.isdigit() or len(raw_index) > 4 or total <= 1 or int(raw_index) >= total:
        return
    index = int(raw_index)
    for key in [k for k in data if k.startswith(f"{PARTICIPANT_PREFIX}-{index}-")]:
        del data[key]
    for number in range(index + 1, total):
        old_prefix = f"{PARTICIPANT_PREFIX}-{number}-"
        for key in [k for k in data if k.startswith(old_prefix)]:
            values = data.getlist(key)
            del data[key]
            data.setlist(f"{PARTICIPANT_PREFIX}-{number - 1}-{key[len(old_prefix) :]}", values)
    data[TOTAL_KEY] = str(total - 1)
