"""What the services accept: submitted data cleaned, or InvalidChoice.

The forms validate first; these checks repeat every rule that protects the
data (a forged or replayed request never reaches the database unchecked).
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import ServedModes, Session

from .exceptions import InvalidChoice
from .models import Booking, Question, Registration, YesNo
from .validators import (
    is_public_sector,
    normalise_organisation_number,
    validate_organisation_number,
)

MAX_ANSWER_LENGTH = {Question.Kind.SHORT_TEXT: 300, Question.Kind.LONG_TEXT: 5000}
YES_NO = tuple(YesNo.values)
PARTICIPANT_TEXT_FIELDS = (
    "first_name",
    "last_name",
    "organisation",
    "role",
    "phone",
    "municipality_code",
    "dietary_needs",
    "accessibility_needs",
)


def clean_text(value):
    """Strip surrounding space and NUL characters (PostgreSQL refuses them)."""
    return str(value or "").replace("\x00", "").strip()


def normalise_email(value):
    return clean_text(value).lower()


def clean_language(value):
    codes = {code for code, _name in settings.LANGUAGES}
    return value if value in codes else settings.LANGUAGE_CODE


def submission_key(value):
    """The signup form's one-time key, or None; a tampered key is refused."""
    value = clean_text(value)
    if len(value) > 64:
        raise InvalidChoice(
            _("The form could not be read. Please reload the page and try again."),
            field="submission_key",
        )
    return value or None


def raise_first_error(error, *, participant=None):
    """Turn a model ValidationError into InvalidChoice naming the field."""
    for field, messages in error.message_dict.items():
        raise InvalidChoice(messages[0], field=field, participant=participant) from error
    raise InvalidChoice(error.messages[0], participant=participant) from error


def attendance_mode(event, requested, *, participant=None):
    """The attendance mode of a participant: the event's only mode, or the
    requested one of a hybrid event."""
    modes = event.attendance_modes
    if len(modes) == 1:
        return modes[0]
    if requested not in modes:
        raise InvalidChoice(
            _("Choose whether you take part on site or online."),
            field="attendance_mode",
            participant=participant,
        )
    return requested


def session_ids(data, *, participant=None):
    try:
        ids = tuple(dict.fromkeys(int(pk) for pk in data.session_ids))
    except (TypeError, ValueError) as error:
        raise InvalidChoice(
            _("That session cannot be chosen for this event."),
            field="session_ids",
            participant=participant,
        ) from error
    return ids


def chosen_sessions(ids, sessions_by_id, *, participant=None):
    """The Session objects of ``ids``; each must be a selectable session of the event
    (``sessions_by_id`` holds the event's sessions that were asked for)."""
    chosen = []
    for pk in ids:
        session = sessions_by_id.get(pk)
        if session is None or not session.selectable:
            raise InvalidChoice(
                _("That session cannot be chosen for this event."),
                field="session_ids",
                participant=participant,
            )
        chosen.append(session)
    return chosen


def _session_mode_message(session):
    """Why ``session`` cannot be chosen in the attendance mode it does not serve."""
    if session.attendance_mode == ServedModes.ON_SITE:
        text = _(
            "“%(session)s” is on site only: it is not streamed. Untick it, or choose to "
            "take part on site."
        )
    else:
        text = _(
            "“%(session)s” is for participants online only. Untick it, or choose to take "
            "part online."
        )
    return text % {"session": session.title}


def sessions_for_mode(sessions, mode, *, held=(), participant=None):
    """The ``sessions`` that serve attendance ``mode``. Another one is refused,
    unless the participant held it before (in ``held``, ids): it is left out."""
    kept = []
    for session in sessions:
        if session.serves(mode):
            kept.append(session)
        elif session.pk not in held:
            raise InvalidChoice(
                _session_mode_message(session), field="session_ids", participant=participant
            )
    return kept


def _price_mode_message(option, name):
    if option.attendance_mode == ServedModes.ON_SITE:
        text = _(
            "“%(option)s” is for participants on site only, and %(name)s takes part "
            "online. Choose another price for %(name)s."
        )
    else:
        text = _(
            "“%(option)s” is for participants online only, and %(name)s takes part "
            "on site. Choose another price for %(name)s."
        )
    return text % {"option": option.name, "name": name}


def participant_prices(event, default, submitted, people):
    """Each participant's price option and day: their own choice or the booking's
    ``default``; the option must serve their attendance mode, and a one-day option
    of a multi-day event needs one of its days."""
    options = {option.pk: option for option in event.price_options.all()}
    for index, (data, person) in enumerate(zip(submitted, people, strict=True)):
        chosen = getattr(data, "price_option", None)
        option = default
        if chosen not in (None, ""):
            option = options.get(getattr(chosen, "pk", chosen))
            if option is None:
                raise InvalidChoice(
                    _("That price option is not offered for this event."),
                    field="price_option",
                    participant=index,
                )
        person["price_option"] = option
        person["day"] = None
        if option is None:
            continue
        if not option.serves(person["mode"]):
            name = f"{person['fields']['first_name']} {person['fields']['last_name']}"
            raise InvalidChoice(
                _price_mode_message(option, name), field="price_option", participant=index
            )
        if option.one_day:
            person["day"] = event_day(event, getattr(data, "day", None), participant=index)
    return people


def event_day(event, value, *, participant=None):
    """One of the event's days (the only one of a one-day event), or InvalidChoice."""
    days = event_days(event)
    if len(days) == 1:
        return days[0]
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            value = None
    if value not in days:
        raise InvalidChoice(
            _("Choose the day the participant comes."), field="day", participant=participant
        )
    return value


def event_days(event):
    """The dates an event covers, first to last."""
    first = timezone.localdate(event.starts_at)
    last = timezone.localdate(event.ends_at)
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def answers(questions, submitted, *, participant=None):
    """``{question id: value}`` of the non-empty answers, every rule checked."""
    by_id = {question.pk: question for question in questions}
    try:
        submitted = {int(key): value for key, value in dict(submitted or {}).items()}
    except (TypeError, ValueError):
        submitted = {None: ""}
    for key in submitted:
        if key not in by_id:
            raise InvalidChoice(
                _("An answer was given to a question this event does not ask."),
                field="answers",
                participant=participant,
            )
    cleaned = {}
    for question in questions:
        value = _answer(question, submitted.get(question.pk), participant)
        if value:
            cleaned[question.pk] = value
    return cleaned


def _answer(question, value, participant):
    field = f"answer_{question.pk}"
    value = clean_text(value)
    if not value:
        if question.required:
            raise InvalidChoice(
                _("Please answer “%(question)s”.") % {"question": question.text},
                field=field,
                participant=participant,
            )
        return ""
    kind = question.kind
    if kind in MAX_ANSWER_LENGTH and len(value) > MAX_ANSWER_LENGTH[kind]:
        raise InvalidChoice(
            _("The answer can be at most %(max)d characters long.")
            % {"max": MAX_ANSWER_LENGTH[kind]},
            field=field,
            participant=participant,
        )
    if kind == Question.Kind.YES_NO:
        allowed = YES_NO
    elif kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE):
        allowed = question.choice_list
    else:
        return value
    picked = [line.strip() for line in value.split("\n") if line.strip()]
    if kind != Question.Kind.MULTIPLE_CHOICE and len(picked) != 1:
        picked = [value]
    if any(choice not in allowed for choice in picked):
        raise InvalidChoice(
            _("Choose one of the given alternatives."), field=field, participant=participant
        )
    return "\n".join(dict.fromkeys(picked))


def participant_fields(data, *, participant=None):
    """The participant's own fields, cleaned; required ones and lengths checked."""
    fields = {name: clean_text(getattr(data, name)) for name in PARTICIPANT_TEXT_FIELDS}
    fields["email"] = normalise_email(data.email)
    try:
        Registration(**fields).clean_fields(
            exclude=["booking", "event", "attendance_mode", "status", "language"]
        )
    except ValidationError as error:
        raise_first_error(error, participant=participant)
    return fields


def price_option(event, chosen):
    """The event's price option that was chosen: required when it has any."""
    options = {option.pk: option for option in event.price_options.all()}
    if not options and chosen is None:
        return None
    if chosen is None:
        raise InvalidChoice(_("Choose a price option."), field="price_option")
    option = options.get(getattr(chosen, "pk", chosen))
    if option is None:
        raise InvalidChoice(
            _("That price option is not offered for this event."), field="price_option"
        )
    return option


def invoice_fields(paying, invoice):
    """The booking's invoice fields: required when someone's price is above zero."""
    if not paying:
        return {}
    if invoice is None:
        raise InvalidChoice(
            _("Enter the invoice details: the event has a fee."), field="invoice_organisation"
        )
    fields = {
        "invoice_organisation": clean_text(invoice.organisation),
        "invoice_organisation_number": normalise_organisation_number(
            clean_text(invoice.organisation_number)
        ),
        "invoice_address": clean_text(invoice.address),
        "invoice_reference": clean_text(invoice.reference),
        "invoice_peppol_id": clean_text(invoice.peppol_id),
        "invoice_order_number": clean_text(getattr(invoice, "order_number", "")),
    }
    if not fields["invoice_organisation"]:
        raise InvalidChoice(
            _("Enter the organisation that pays the invoice."), field="invoice_organisation"
        )
    try:
        validate_organisation_number(fields["invoice_organisation_number"])
    except ValidationError as error:
        raise InvalidChoice(error.messages[0], field="invoice_organisation_number") from error
    if not fields["invoice_address"]:
        raise InvalidChoice(_("Enter the invoice address."), field="invoice_address")
    if not fields["invoice_reference"] and is_public_sector(fields["invoice_organisation_number"]):
        raise InvalidChoice(
            _(
                "Municipalities, regions and government agencies need the buyer's "
                "reference on the invoice."
            ),
            field="invoice_reference",
        )
    return fields


def new_booking(event, submission_key, consent_at, *, paying=None, **arguments):
    """An unsaved Booking with the cleaned contact, price and invoice details.

    ``paying``: whether anyone booked pays (default: the booking's price is above zero).
    """
    option = price_option(event, arguments["price_option"])
    if paying is None:
        paying = option is not None and option.amount > 0
    booking = Booking(
        event=event,
        submission_key=submission_key,
        contact_name=clean_text(arguments["contact_name"]),
        contact_email=normalise_email(arguments["contact_email"]),
        contact_phone=clean_text(arguments["contact_phone"]),
        language=clean_language(arguments["language"]),
        price_option=option,
        consent_at=consent_at,
        **invoice_fields(paying, arguments["invoice"]),
    )
    try:
        booking.clean_fields(exclude=["event", "price_option", "submission_key"])
    except ValidationError as error:
        raise_first_error(error)
    return booking


def participants(event, submitted, *, held=()):
    """Cleaned fields, mode, sessions and answers of every participant.

    A session that does not serve the participant's attendance mode is refused,
    unless it is among the ``held`` session ids (it is then left out).
    """
    people, ids = [], []
    for index, data in enumerate(submitted):
        person = {
            "fields": participant_fields(data, participant=index),
            "mode": attendance_mode(event, data.attendance_mode, participant=index),
            "session_ids": session_ids(data, participant=index),
            "answers": data.answers,
        }
        ids.extend(person["session_ids"])
        people.append(person)
    seen = set()
    for index, person in enumerate(people):
        if person["fields"]["email"] in seen:
            raise InvalidChoice(
                _("Two participants have the same e-mail address; each needs their own."),
                field="email",
                participant=index,
            )
        seen.add(person["fields"]["email"])
    sessions_by_id = _sessions(event, ids)
    questions = list(event.questions.all())
    for index, person in enumerate(people):
        sessions = chosen_sessions(person["session_ids"], sessions_by_id, participant=index)
        person["sessions"] = sessions_for_mode(
            sessions, person["mode"], held=held, participant=index
        )
        person["answers"] = answers(questions, person["answers"], participant=index)
    return people


def _sessions(event, ids):
    if not ids:
        return {}
    return {session.pk: session for session in Session.objects.filter(event=event, pk__in=ids)}
