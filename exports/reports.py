"""The tabular exports of an event, as sheets: a title, a header and lazily read rows.

The rows are generators over ``QuerySet.iterator()``: a writer that consumes them
one at a time never holds more than a chunk of registrations in memory.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.formatting import when
from events.models import Session
from registrations import pricing
from registrations.models import Answer, Booking, DayAttendance, Registration

from . import columns as cols

CHUNK_SIZE = 2000
ACTIVE = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)
DEFAULT_STATUSES = ACTIVE


class ExportError(Exception):
    """This export cannot be made for this event; ``message`` says why."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


@dataclass
class Sheet:
    title: str
    header: list
    rows: Iterable
    name: str = ""  # a shorter name for the XLSX sheet tab than the title


def attendee_registrations(event, statuses=DEFAULT_STATUSES):
    """The registrations of an attendee list, as dicts of columns.FIELDS."""
    return (
        Registration.objects.filter(event=event, status__in=statuses)
        .order_by("last_name", "first_name", "pk")
        .values(*cols.FIELDS)
    )


def _batches(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def with_choices(event, registrations):
    """Registration rows in chunks, each with its session choices and answers read
    in two queries per chunk (see columns.py for the keys added)."""
    titles = dict(Session.objects.filter(event=event).values_list("pk", "title"))
    chosen = Registration.sessions.through.objects
    for batch in _batches(registrations.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        ids = [row["pk"] for row in batch]
        sessions = defaultdict(list)
        pairs = chosen.filter(registration_id__in=ids).order_by("session__starts_at", "session_id")
        for registration_id, session_id in pairs.values_list("registration_id", "session_id"):
            sessions[registration_id].append(session_id)
        answers = defaultdict(dict)
        for registration_id, question_id, value in Answer.objects.filter(
            registration_id__in=ids
        ).values_list("registration_id", "question_id", "value"):
            answers[registration_id][question_id] = value
        days = defaultdict(set)
        if event.is_multi_day:
            attended = DayAttendance.objects.filter(registration_id__in=ids)
            for registration_id, day in attended.values_list("registration_id", "day"):
                days[registration_id].add(day)
        for row in batch:
            session_ids = sessions.get(row["pk"], ())
            row["sessions"] = set(session_ids)
            row["session_titles"] = [titles[pk] for pk in session_ids]
            row["answers"] = answers.get(row["pk"], {})
            row["days"] = days.get(row["pk"], set())
            yield row


def attendee_list(event, keys=None, statuses=DEFAULT_STATUSES):
    """One sheet with the chosen columns (``keys``; the default choice when None)."""
    available = cols.event_columns(event)
    chosen = cols.pick(available, keys if keys is not None else cols.default_keys(available))
    if not chosen:
        raise ExportError(_("Choose at least one column."))
    registrations = with_choices(event, attendee_registrations(event, statuses))
    readers = [cols.reader(column, translation.get_language()) for column in chosen]
    rows = ([value(row) for value in readers] for row in registrations)
    return [Sheet(gettext("Attendees"), [column.label for column in chosen], rows)]


def _normalised(need):
    need = " ".join(need.split())
    return need[:1].upper() + need[1:]


def dietary_list(event):
    """Counts per dietary need and who has it, for everyone coming on site."""
    people = (
        Registration.objects.filter(event=event, status__in=ACTIVE, attendance_mode="on_site")
        .order_by()
        .values_list("dietary_needs", "last_name", "first_name", "organisation")
    )
    by_need = defaultdict(list)
    display = {}
    total = 0
    for need, last_name, first_name, organisation in people.iterator(chunk_size=CHUNK_SIZE):
        total += 1
        if not need.strip():
            continue
        key = _normalised(need).casefold()
        display.setdefault(key, _normalised(need))
        by_need[key].append((last_name, first_name, organisation))
    needs = sorted(by_need, key=lambda key: (-len(by_need[key]), cols.swedish_sort_key(key)))
    summary = [[display[key], len(by_need[key])] for key in needs]
    summary.append([gettext("Everyone on site"), total])
    names = [
        [display[key], last, first, organisation]
        for key in needs
        for last, first, organisation in sorted(
            by_need[key], key=lambda p: (cols.swedish_sort_key(p[0]), cols.swedish_sort_key(p[1]))
        )
    ]
    return [
        Sheet(gettext("Dietary needs"), [_("dietary needs"), _("number")], summary),
        Sheet(
            gettext("Names"),
            [_("dietary needs"), _("last name"), _("first name"), _("organisation")],
            names,
        ),
    ]


def session_lists(event):
    """One sheet per selectable session: who chose it. Every row names the session,
    so a CSV of one session, or a row copied elsewhere, still says which it is."""
    sessions = list(event.sessions.filter(selectable=True).order_by("starts_at", "pk"))
    if not sessions:
        raise ExportError(_("The event has no sessions to choose at signup."))
    header = [
        _("session"),
        _("last name"),
        _("first name"),
        _("organisation"),
        _("e-mail"),
        _("attendance"),
    ]
    modes = dict(Registration.AttendanceMode.choices)

    def rows(session, title):
        chose = (
            Registration.objects.filter(event=event, status__in=ACTIVE, sessions=session)
            .order_by("last_name", "first_name", "pk")
            .values_list("last_name", "first_name", "organisation", "email", "attendance_mode")
        )
        for *person, mode in chose.iterator(chunk_size=CHUNK_SIZE):
            yield [title, *person, modes.get(mode, mode)]

    sheets = []
    for session in sessions:
        title = _session_title(session)
        sheets.append(Sheet(title, header, rows(session, title), name=session.title))
    return sheets


def _session_title(session):
    return f"{session.title} ({when(session.starts_at)})"


def invoice_basis(event):
    """For paid events: per paying organisation, per booking and per participant.

    Each confirmed or attended participant is charged their own price option, with
    VAT per rate as on the invoices (``registrations.pricing``); the waiting list,
    cancellations (credited on an invoice already sent) and a cancelled event are
    not charged.
    """
    if not event.price_options.filter(amount__gt=0).exists():
        raise ExportError(_("The event has no fee, so there is nothing to invoice."))
    bookings = [] if event.status == event.Status.CANCELLED else _billed_bookings(event)
    groups, detail, lines = {}, [], []
    for booking in bookings:
        totals = pricing.booking_totals(booking.billed)
        if not totals.lines:
            continue
        payer = [
            booking.invoice_organisation,
            booking.invoice_organisation_number,
        ]
        detail.append(
            [
                *payer,
                booking.invoice_reference,
                booking.invoice_peppol_id,
                booking.invoice_address,
                booking.reference,
                booking.contact_name,
                booking.contact_email,
                len(totals.lines),
                totals.net,
                totals.vat,
                totals.total,
                ", ".join(line.name for line in totals.lines),
            ]
        )
        lines.extend(
            [
                booking.reference,
                *payer,
                line.name,
                line.option_name,
                line.day.isoformat() if line.day else "",
                line.net,
                Decimal(line.vat_rate),
                line.vat,
                line.gross,
            ]
            for line in totals.lines
        )
        key = (booking.invoice_organisation.strip().casefold(), booking.invoice_organisation_number)
        group = groups.setdefault(
            key,
            {
                "row": [*payer, booking.invoice_address, booking.invoice_peppol_id],
                "references": [],
                "bookings": 0,
                "participants": 0,
                "amounts": [Decimal("0.00")] * 3,
            },
        )
        group["bookings"] += 1
        group["participants"] += len(totals.lines)
        group["amounts"] = [
            a + b
            for a, b in zip(group["amounts"], (totals.net, totals.vat, totals.total), strict=True)
        ]
        if booking.invoice_reference and booking.invoice_reference not in group["references"]:
            group["references"].append(booking.invoice_reference)
    summary = [
        [
            *group["row"],
            "; ".join(group["references"]),
            group["bookings"],
            group["participants"],
            *group["amounts"],
        ]
        for group in groups.values()
    ]
    amounts = [_("amount (SEK, excl. VAT)"), _("VAT (SEK)"), _("total (SEK, incl. VAT)")]
    return [
        Sheet(
            gettext("Per organisation"),
            [
                _("paying organisation"),
                _("organisation number"),
                _("invoice address"),
                _("Peppol ID or GLN"),
                _("buyer's references"),
                _("bookings"),
                _("participants"),
                *amounts,
            ],
            summary,
        ),
        Sheet(
            gettext("Per booking"),
            [
                _("paying organisation"),
                _("organisation number"),
                _("buyer's reference"),
                _("Peppol ID or GLN"),
                _("invoice address"),
                _("booking reference"),
                _("contact person"),
                _("contact e-mail"),
                _("participants"),
                *amounts,
                _("participant names"),
            ],
            detail,
        ),
        Sheet(
            gettext("Per participant"),
            [
                _("booking reference"),
                _("paying organisation"),
                _("organisation number"),
                _("participant"),
                _("price option"),
                _("day"),
                _("price (SEK, excl. VAT)"),
                _("VAT rate (%)"),
                _("VAT (SEK)"),
                _("total (SEK, incl. VAT)"),
            ],
            lines,
        ),
    ]


def _billed_bookings(event):
    charged = Q(status__in=ACTIVE) | Q(cancellation_fee__isnull=False)
    return list(
        Booking.objects.filter(event=event)
        .annotate(
            billable=Count(
                "registrations",
                filter=Q(registrations__status__in=ACTIVE)
                | Q(registrations__cancellation_fee__isnull=False),
            )
        )
        .filter(billable__gt=0)
        .prefetch_related(
            Prefetch(
                "registrations",
                queryset=Registration.objects.filter(charged)
                .select_related("price_option")
                .only(
                    "pk",
                    "booking_id",
                    "first_name",
                    "last_name",
                    "status",
                    "booked_day",
                    "cancellation_fee",
                    "price_option",
                )
                .order_by("last_name", "first_name", "pk"),
                to_attr="billed",
            )
        )
        .order_by("invoice_organisation", "invoice_organisation_number", "created_at", "pk")
    )
