"""Importing a participant list (a municipality's HR list, a spreadsheet) into one event.

The rows of a file, as text, are matched to the registration's fields by a
mapping of the file's columns (``import_columns.guess_mapping`` suggests one),
checked row by row (``check_rows``: what is wrong with each, and what each would
become: confirmed or on the waiting list), then registered through the public
form's service (``services.register``, one booking per participant) in one
transaction: if any row is refused, nothing is saved (``import_participants``).
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import capacity, history, inputs, reference_data, services
from .exceptions import InvalidChoice, RegistrationError
from .forms.fields import validate_phone
from .import_columns import NO_WORDS, ON_SITE_WORDS, ONLINE_WORDS, YES_WORDS, normalised, selectable
from .models import Question, Registration, YesNo
from .services import ParticipantData

MAX_ROWS = 2000
Status = Registration.Status
Mode = Registration.AttendanceMode


@dataclass
class Row:
    """One row of the file: its line number, what it would become, what is wrong."""

    number: int
    values: dict
    data: ParticipantData | None = None
    status: str = ""  # confirmed / waitlisted once it passes
    place: int = 0  # its number in the waiting list
    sessions: list = field(default_factory=list)  # the Session objects chosen
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def name(self):
        return " ".join(
            part for part in (self.values.get("first_name"), self.values.get("last_name")) if part
        )

    @property
    def email(self):
        return self.values.get("email", "")


@dataclass
class Check:
    rows: list
    empty: int  # empty rows left out

    @property
    def failing(self):
        return [row for row in self.rows if row.errors]

    @property
    def confirmed(self):
        return sum(1 for row in self.rows if row.status == Status.CONFIRMED)

    @property
    def waitlisted(self):
        return sum(1 for row in self.rows if row.status == Status.WAITLISTED)

    @property
    def importable(self):
        return bool(self.rows) and not self.failing


def check_rows(event, table, mapping):
    """Every non-empty row of ``table`` (lists of text, header row excluded, the
    first data row being line 2) read by ``mapping``, checked as the service would
    check it, places decided in the file's order against the places left now."""
    sessions = selectable(event)
    questions = list(event.questions.all())
    rows, empty = [], 0
    for offset, cells in enumerate(table):
        if not any(str(cell).strip() for cell in cells):
            empty += 1
            continue
        values = _values(cells, mapping)
        row = Row(number=offset + 2, values=values)
        _read_row(event, row, sessions, questions)
        rows.append(row)
    _check_duplicates(event, rows)
    _decide_places(event, rows)
    return Check(rows=rows, empty=empty)


def _values(cells, mapping):
    values = {}
    for cell, key in zip(cells, mapping, strict=False):
        if key:
            values[key] = " ".join(unicodedata.normalize("NFC", str(cell)).split())
    if "full_name" in values and not (values.get("first_name") or values.get("last_name")):
        first, _space, last = values["full_name"].rpartition(" ")
        values["first_name"], values["last_name"] = (first, last) if first else (last, "")
    return values


def _read_row(event, row, sessions, questions):
    values = row.values
    for key, message in (
        ("first_name", _("The first name is missing.")),
        ("last_name", _("The last name is missing.")),
        ("organisation", _("The organisation is missing.")),
    ):
        if not values.get(key):
            row.errors.append(message)
    email = inputs.normalise_email(values.get("email"))
    values["email"] = email
    if not email:
        row.errors.append(_("The e-mail address is missing."))
    else:
        try:
            validate_email(email)
        except ValidationError:
            row.errors.append(
                _("“%(email)s” is not an e-mail address such as name@kommun.se.") % {"email": email}
            )
    if values.get("phone"):
        try:
            validate_phone(values["phone"])
        except ValidationError as error:
            row.errors.extend(error.messages)
    mode = _mode(event, values.get("attendance_mode", ""), row)
    chosen = _sessions(values.get("sessions", ""), sessions, row)
    answers = {
        question.pk: _answer(question, values.get(f"answer_{question.pk}", ""))
        for question in questions
    }
    if row.errors:
        return
    code = _municipality(values, row)
    row.data = ParticipantData(
        first_name=values["first_name"],
        last_name=values["last_name"],
        email=email,
        organisation=values["organisation"],
        role=values.get("role", ""),
        phone=values.get("phone", ""),
        municipality_code=code,
        dietary_needs=values.get("dietary_needs", ""),
        accessibility_needs=values.get("accessibility_needs", ""),
        attendance_mode=mode,
        session_ids=tuple(session.pk for session in chosen),
        answers={pk: value for pk, value in answers.items() if value},
    )
    try:
        (person,) = inputs.participants(event, [row.data])
    except InvalidChoice as error:
        row.errors.append(error.message)
        row.data = None
        return
    row.sessions = person["sessions"]


def _mode(event, text, row):
    modes = event.attendance_modes
    default = modes[0] if modes else Mode.ON_SITE
    word = normalised(text)
    if not word or len(modes) == 1:
        return default
    if word in ON_SITE_WORDS:
        return Mode.ON_SITE
    if word in ONLINE_WORDS:
        return Mode.ONLINE
    row.errors.append(
        _("Attendance “%(value)s” is not understood: write “på plats” or “digitalt”.")
        % {"value": text}
    )
    return default


def _sessions(text, sessions, row):
    """The selectable sessions named in ``text`` (titles separated by ; , or new lines)."""
    if not text:
        return []
    by_title = {normalised(session.title): session for session in sessions}
    if normalised(text) in by_title:
        return [by_title[normalised(text)]]
    chosen = []
    for part in re.split(r"[;,\n]", text):
        if not part.strip():
            continue
        session = by_title.get(normalised(part))
        if session is None:
            row.errors.append(_("There is no session “%(title)s” to choose.") % {"title": part})
        elif session not in chosen:
            chosen.append(session)
    return chosen


def _answer(question, text):
    """The stored form of an answer: yes/no words, several choices one per line."""
    if question.kind == Question.Kind.YES_NO:
        word = normalised(text)
        if word in YES_WORDS:
            return YesNo.YES
        if word in NO_WORDS:
            return YesNo.NO
        return text
    if question.kind == Question.Kind.MULTIPLE_CHOICE:
        return "\n".join(part.strip() for part in re.split(r"[;,\n]", text) if part.strip())
    return text


def _municipality(values, row):
    """The municipality or region code: from its own column when there is one, else
    from the organisation's name (as the signup form does)."""
    text = values.get("municipality", "")
    if not text:
        return reference_data.municipality_code(values["organisation"])
    by_code = {place.code: place for place in reference_data.municipalities()}
    by_code.update({region.code: region for region in reference_data.regions()})
    place = by_code.get(text.strip()) or reference_data.find_organisation(text)
    if place is None:
        row.notes.append(
            _("Municipality “%(name)s” is not known: saved without a municipality.")
            % {"name": text}
        )
        return reference_data.municipality_code(values["organisation"])
    return place.code


def _check_duplicates(event, rows):
    seen = {}
    for row in rows:
        if not row.email:
            continue
        if row.email in seen:
            row.errors.append(
                _("The same e-mail address as on row %(number)d.") % {"number": seen[row.email]}
            )
            row.data = None
        else:
            seen[row.email] = row.number
    registered = set(
        Registration.objects.for_event(event)
        .exclude(status=Status.CANCELLED)
        .filter(email__in=list(seen))
        .values_list("email", flat=True)
    )
    for row in rows:
        if row.data is not None and row.email in registered:
            row.errors.append(_("Already registered for this event."))
            row.data = None


def _decide_places(event, rows):
    """Confirmed or waitlisted, in the file's order, as ``capacity.decide`` would."""
    counts = Registration.objects.for_event(event).seat_counts()
    passing = [row for row in rows if row.data is not None]
    taken = capacity.session_counts(s for row in passing for s in row.sessions)
    for row in passing:
        mode = row.data.attendance_mode
        free = capacity.free_places(event, counts, mode)
        if free is None or free > 0:
            row.status = Status.CONFIRMED
            counts["active"][mode] += 1
        elif event.waiting_list:
            row.status = Status.WAITLISTED
            counts["waitlisted"][mode] += 1
            row.place = counts["waitlisted"][mode]
        else:
            row.errors.append(_("No place is left and the event has no waiting list."))
            continue
        for session in row.sessions:
            if session.capacity is not None and taken[session.pk] >= session.capacity:
                row.errors.append(_("“%(title)s” is full.") % {"title": session.title})
            elif row.status == Status.CONFIRMED:
                taken[session.pk] += 1
        if row.errors:
            row.status = ""


class ImportRefused(Exception):
    """A row was refused while importing; nothing was saved."""

    def __init__(self, number, error):
        self.number = number
        self.error = error
        super().__init__(f"row {number}: {error}")

    @property
    def message(self):
        return _("Row %(number)d: %(reason)s Nothing was imported.") % {
            "number": self.number,
            "reason": self.error,
        }


def import_participants(
    *,
    event,
    rows,
    price_option=None,
    invoice=None,
    language="sv",
    consent_at,
    notify=True,
    user,
    source="",
) -> list[Registration]:
    """Register ``rows`` (``(line number, ParticipantData)``) for ``event``, each as
    their own booking through ``services.register``, all in one transaction: a
    refused row raises ImportRefused and nothing is saved. ``notify``: each
    participant gets the public form's e-mails. The history of each registration
    says it was imported, by ``user``."""
    registrations = []
    with transaction.atomic():
        for number, data in rows:
            try:
                booking = services.register(
                    event=event,
                    contact_name=f"{data.first_name} {data.last_name}",
                    contact_email=data.email,
                    contact_phone=data.phone,
                    participants=[data],
                    price_option=price_option,
                    invoice=invoice,
                    language=language,
                    consent_at=consent_at,
                    by_organiser=True,
                    notify=notify,
                    notify_organiser=False,
                )
            except RegistrationError as error:
                raise ImportRefused(number, error.message) from error
            registrations.extend(booking.registrations.all())
        if notify:
            message = gettext_lazy(
                "Imported from a participant list (%(file)s); the participant is told by e-mail."
            )
        else:
            message = gettext_lazy("Imported from a participant list (%(file)s), without e-mail.")
        pks = [registration.pk for registration in registrations]
        history.record(
            Registration.objects.filter(pk__in=pks), _LazyFormat(message, source), user=user
        )
    return registrations


class _LazyFormat:
    """A lazy text with its file name, translated when the history writes it."""

    def __init__(self, text, source):
        self.text, self.source = text, source

    def __str__(self):
        return str(self.text) % {"file": self.source}
