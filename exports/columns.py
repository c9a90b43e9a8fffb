"""The columns an attendee list can have: every standard field, the event's
selectable sessions and the event's own questions.

A column reads one registration as a dict of ``FIELDS`` (what ``values()`` gives,
cheap to read by the hundred thousand) plus, set per chunk by
reports.attendee_list, ``sessions`` (chosen session ids), ``session_titles`` and
``answers`` ({question id: value}) and ``days`` (the dates checked in on, for a
multi-day event).
"""

import functools
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

from registrations.models import Registration, answer_reader, answer_text
from registrations.reference_data import municipalities, regions

PARTICIPANT = _("Participant")
BOOKING = _("Booking")
SESSIONS = _("Sessions")
QUESTIONS = _("Questions")
ATTENDANCE = _("Attendance per day")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[dict], object]
    group: str = PARTICIPANT


@functools.cache
def _place_names():
    return {place.code: place.name for place in (*municipalities(), *regions())}


def _attr(name):
    return lambda row: row[name]


def _booking(name):
    return lambda row: row[f"booking__{name}"]


def _price_option(row):
    return row["booking__price_option__name"] or ""


def _chosen_sessions(row):
    return ", ".join(row["session_titles"])


@functools.lru_cache(maxsize=32)
def _labels(field, language):
    """{stored value: label} of a choices field, translated once per export language."""
    return {value: str(label) for value, label in Registration._meta.get_field(field).choices}


def _display(field):
    def value(row):
        stored = row[field]
        return _labels(field, translation.get_language()).get(stored, stored)

    value.choices_field = field
    return value


def reader(column, language):
    """``column.value``, with the labels of a choices field or the words of a yes/no
    answer looked up once for ``language`` instead of once per row (an export reads
    100,000 rows)."""
    question = getattr(column.value, "question", None)
    if question is not None:
        with translation.override(language):
            text = answer_reader(question.kind)
        return lambda row: text(row["answers"].get(question.pk, ""))
    field = getattr(column.value, "choices_field", None)
    if field is None:
        return column.value
    labels = _labels(field, language)
    return lambda row: labels.get(row[field], row[field])


STANDARD_COLUMNS = (
    Column("reference", _("reference"), _attr("reference")),
    Column("first_name", _("first name"), _attr("first_name")),
    Column("last_name", _("last name"), _attr("last_name")),
    Column("email", _("e-mail"), _attr("email")),
    Column("phone", _("phone"), _attr("phone")),
    Column("organisation", _("organisation"), _attr("organisation")),
    Column("role", _("role or title"), _attr("role")),
    Column("municipality_code", _("municipality or region code"), _attr("municipality_code")),
    Column(
        "municipality",
        _("municipality or region"),
        lambda row: _place_names().get(row["municipality_code"], ""),
    ),
    Column("attendance_mode", _("attendance"), _display("attendance_mode")),
    Column("status", _("status"), _display("status")),
    Column("dietary_needs", _("dietary needs"), _attr("dietary_needs")),
    Column("accessibility_needs", _("accessibility needs"), _attr("accessibility_needs")),
    Column("sessions", _("chosen sessions"), _chosen_sessions, SESSIONS),
    Column("created_at", _("registered"), _attr("created_at")),
    Column("checked_in_at", _("checked in"), _attr("checked_in_at")),
    Column("cancelled_at", _("cancelled"), _attr("cancelled_at")),
    Column("booking_reference", _("booking reference"), _booking("reference"), BOOKING),
    Column("contact_name", _("contact person"), _booking("contact_name"), BOOKING),
    Column("contact_email", _("contact e-mail"), _booking("contact_email"), BOOKING),
    Column("contact_phone", _("contact phone"), _booking("contact_phone"), BOOKING),
    Column("price_option", _("price option"), _price_option, BOOKING),
    Column(
        "invoice_organisation", _("paying organisation"), _booking("invoice_organisation"), BOOKING
    ),
    Column(
        "invoice_organisation_number",
        _("organisation number"),
        _booking("invoice_organisation_number"),
        BOOKING,
    ),
    Column("invoice_address", _("invoice address"), _booking("invoice_address"), BOOKING),
    Column("invoice_reference", _("buyer's reference"), _booking("invoice_reference"), BOOKING),
    Column("invoice_peppol_id", _("Peppol ID or GLN"), _booking("invoice_peppol_id"), BOOKING),
)

# What a row holds (``Registration.objects.values(*FIELDS)``).
FIELDS = (
    "pk",
    "reference",
    "first_name",
    "last_name",
    "email",
    "phone",
    "organisation",
    "role",
    "municipality_code",
    "attendance_mode",
    "status",
    "dietary_needs",
    "accessibility_needs",
    "created_at",
    "checked_in_at",
    "cancelled_at",
    "booking__reference",
    "booking__contact_name",
    "booking__contact_email",
    "booking__contact_phone",
    "booking__price_option__name",
    "booking__invoice_organisation",
    "booking__invoice_organisation_number",
    "booking__invoice_address",
    "booking__invoice_reference",
    "booking__invoice_peppol_id",
)

DEFAULT_KEYS = (
    "last_name",
    "first_name",
    "email",
    "organisation",
    "role",
    "attendance_mode",
    "status",
    "dietary_needs",
    "accessibility_needs",
)


def _session_column(session):
    chosen = _("chosen")

    def value(row):
        return "x" if session.pk in row["sessions"] else ""

    label = f"{session.title} ({chosen})"
    return Column(f"session:{session.pk}", label, value, SESSIONS)


def _question_column(question):
    def value(row):
        return answer_text(question.kind, row["answers"].get(question.pk, ""))

    value.question = question

    return Column(f"question:{question.pk}", question.text, value, QUESTIONS)


def _day_column(number, day):
    def value(row):
        return "x" if day in row["days"] else ""

    label = _("Attendance day %(number)d (%(date)s)") % {
        "number": number,
        "date": formats.date_format(day, "j F"),
    }
    return Column(f"day:{day.isoformat()}", label, value, ATTENDANCE)


def event_columns(event):
    """Every column available for ``event``, in the order they are offered (2 queries):
    a multi-day event has an attendance column for each day."""
    sessions = event.sessions.filter(selectable=True).order_by("starts_at", "pk")
    questions = event.questions.order_by("order", "pk")
    days = event.days if event.is_multi_day else []
    return [
        *STANDARD_COLUMNS,
        *(_day_column(number, day) for number, day in enumerate(days, start=1)),
        *(_session_column(session) for session in sessions),
        *(_question_column(question) for question in questions),
    ]


def default_keys(columns):
    """The standard choice: the usual fields plus every session and question."""
    return [
        column.key
        for column in columns
        if column.key in DEFAULT_KEYS or column.group in (SESSIONS, QUESTIONS)
        if column.key != "sessions"
    ]


def pick(columns, keys):
    """The columns named by ``keys``, in that order; unknown keys are skipped (a saved
    choice may name a question that was removed since)."""
    by_key = {column.key: column for column in columns}
    return [by_key[key] for key in keys if key in by_key]


def swedish_sort_key(text):
    """Sort as a Swedish reader expects: å, ä, ö after z; é with e, ü with y."""
    key = []
    for char in text.casefold():
        if char in "åäö":
            key.append(f"z~{'åäö'.index(char)}")
            continue
        if char == "ü":
            char = "y"
        base = unicodedata.normalize("NFD", char)[0]
        key.append(base)
    return key
