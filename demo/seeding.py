"""Load the demo data in ``seeds/*.toml`` into the database.

Every row is found by a natural key (slugs, names, titles, e-mail addresses), so
loading twice changes nothing and loading an edited file updates the rows in place.
Dates of upcoming editions are given in days from today, in Stockholm time.
The file format is described in seeds/README.md.
"""

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from demo import followups, seed_files
from events.models import (
    Event,
    Material,
    Membership,
    Organiser,
    PriceOption,
    Series,
    Session,
    SessionSpeaker,
    Speaker,
    Venue,
)
from registrations.models import Answer, Booking, Question, Registration

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"
DEFAULT_DEMO_PASSWORD = "demo-anmalan-2026"  # noqa: S105 -- documented demo login, printed by the command
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EVENT_CHILDREN = ("sessions", "materials", "price_options", "questions", "bookings")


class SeedError(Exception):
    """A seed file that cannot be loaded; the message names the file and the row."""


@dataclass
class Login:
    username: str
    organiser: str
    role: str
    created: bool


@dataclass
class SeedResult:
    events: list[str] = field(default_factory=list)
    logins: list[Login] = field(default_factory=list)


def load_seeds(*, password, directory=SEEDS_DIR):
    """Load every ``*.toml`` file of ``directory`` in one transaction."""
    result = SeedResult()
    today = timezone.localdate()
    with transaction.atomic():
        for path in sorted(Path(directory).glob("*.toml")):
            with path.open("rb") as file:
                data = tomllib.load(file)
            try:
                _load_organiser_file(data, today=today, password=password, result=result)
            except KeyError as error:
                raise SeedError(f"{path.name}: missing key or unknown name {error}") from error
            except ValueError as error:
                raise SeedError(f"{path.name}: {error}") from error
    return result


def _load_organiser_file(data, *, today, password, result):
    organiser = _upsert(Organiser, data["organiser"], keys=["slug"])
    for staff in data.get("staff", []):
        result.logins.append(_staff_login(organiser, staff, password))
    for row in data.get("partners", []):
        row = dict(row)
        partner_staff = row.pop("staff", [])
        partner = _upsert(Organiser, row, keys=["slug"])
        for staff in partner_staff:
            result.logins.append(_staff_login(partner, staff, password))
    owned = {"organiser": organiser}
    series = {row["slug"]: _upsert(Series, row, keys=["slug"], **owned) for row in data["series"]}
    venues = {
        row["name"]: _upsert(Venue, row, keys=["organiser", "name"], **owned)
        for row in data.get("venues", [])
    }
    speakers = {
        row["name"]: _upsert(Speaker, _with_portrait(row), keys=["organiser", "name"], **owned)
        for row in data.get("speakers", [])
    }
    for row in data.get("events", []):
        event = _load_event(row, organiser, series, venues, speakers, today)
        result.events.append(event.slug)


def _with_portrait(row):
    """``portrait = true``: the speaker's photo is an initials portrait made for the demo."""
    row = dict(row)
    if row.pop("portrait", False):
        row["photo"] = seed_files.portrait(row["name"])
    return row


def _upsert(model, data, *, keys, create=None, **related):
    """Find a row by ``keys``, set every other value, validate and save it."""
    values = {**data, **related}
    lookup = {key: values.pop(key) for key in keys}
    obj = model.objects.filter(**lookup).first() or model(**lookup, **(create or {}))
    _save(obj, values)
    return obj


def _save(obj, values):
    """Set ``values`` and save, unless the stored row already has them."""
    if obj.pk and all(getattr(obj, name) == value for name, value in values.items()):
        return
    for name, value in values.items():
        setattr(obj, name, value)
    try:
        obj.full_clean()
    except ValidationError as error:
        raise ValueError(f"{obj._meta.object_name} {obj}: {error.message_dict}") from error
    obj.save()


def _staff_login(organiser, data, password):
    """A demo staff user; the password is set only when the user is created."""
    data = dict(data)
    role = data.pop("role")
    user_model = get_user_model()
    user = user_model.objects.filter(username=data["username"]).first()
    created = user is None
    if created:
        user = user_model(username=data["username"])
        user.set_password(password)
    for name, value in data.items():
        setattr(user, name, value)
    user.is_staff = True
    user.save()
    Membership.objects.update_or_create(organiser=organiser, user=user, defaults={"role": role})
    return Login(user.username, organiser.name, role, created)


def _load_event(data, organiser, series, venues, speakers, today):
    data = dict(data)
    children = {name: data.pop(name, []) for name in EVENT_CHILDREN}
    co_organisers = data.pop("co_organisers", [])
    working = data.pop("co_organiser_access", [])
    certificate_row = data.pop("certificates", None)
    survey_row = data.pop("survey", None)
    first_day = _pop_dates(data, today)
    for name in ("slug", "title"):
        data[name] = data[name].format(year=first_day.year)
    data["series"] = series[data["series"]]
    data["venue"] = venues[data["venue"]] if "venue" in data else None
    data.setdefault("status", Event.Status.PUBLISHED)

    previous = Event.objects.filter(slug=data["slug"]).first()
    previous_day = timezone.localdate(previous.starts_at) if previous else first_day
    event = _upsert(Event, data, keys=["slug"], organiser=organiser)
    event.co_organisers.set(Organiser.objects.filter(slug__in=co_organisers))
    if not set(working) <= set(co_organisers):
        raise ValueError(f"{event.slug}: co_organiser_access names an organiser not co-organising")
    event.co_organiser_access.set(Organiser.objects.filter(slug__in=working))

    sessions = _load_sessions(event, children["sessions"], speakers, first_day, previous_day)
    for row in children["materials"]:
        row = {**row, "session": sessions[row["session"]] if "session" in row else None}
        if "generate" in row:
            row["file"] = seed_files.document(row.pop("generate"), event, row["title"])
        _upsert(Material, row, keys=["event", "title"], event=event)
    prices = {
        row["name"]: _upsert(PriceOption, row, keys=["event", "name"], event=event, order=order)
        for order, row in enumerate(children["price_options"])
    }
    questions = {
        row["text"]: _upsert(Question, row, keys=["event", "text"], event=event, order=order)
        for order, row in enumerate(children["questions"])
    }
    for row in children["bookings"]:
        _load_booking(event, row, sessions, prices, questions)
    if event.is_past:
        followups.check_in_days(event)
    if certificate_row is not None:
        followups.load_certificates(event, certificate_row)
    if survey_row is not None:
        followups.load_survey(event, survey_row)
    return event


def _pop_dates(data, today):
    """Turn the date keys of an event row into its datetime fields, in place.

    Returns the first local day: ``date`` as given, or ``in_days`` from today moved
    forward to ``weekday``. ``*_days_before`` count back from the first day.
    """
    if "date" in data:
        first_day = data.pop("date")
    else:
        first_day = today + dt.timedelta(days=data.pop("in_days"))
        if "weekday" in data:
            shift = WEEKDAYS.index(data.pop("weekday")) - first_day.weekday()
            first_day += dt.timedelta(days=shift % 7)
    last_day = first_day + dt.timedelta(days=data.pop("days", 1) - 1)
    data["starts_at"] = _local(first_day, data.pop("start"))
    data["ends_at"] = _local(last_day, data.pop("end"))
    for name, days_key, clock in (
        ("registration_opens_at", "opens_days_before", "09:00"),
        ("registration_closes_at", "closes_days_before", "23:59"),
        ("cancellation_deadline", "cancel_days_before", "23:59"),
    ):
        if days_key in data:
            data[name] = _local(first_day - dt.timedelta(days=data.pop(days_key)), clock)
    return first_day


def _local(day, clock):
    """An aware datetime from a local date and a clock time such as "09:30"."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(clock)))


def _session_key(session, first_day):
    local = timezone.localtime(session.starts_at)
    return ((local.date() - first_day).days + 1, f"{local:%H:%M}", session.title)


def _load_sessions(event, rows, speakers, first_day, previous_day):
    """Upsert the programme, keyed by (day, start time, title) so that an upcoming
    edition moved to a new date keeps its sessions. Returns them by title."""
    existing = {_session_key(s, previous_day): s for s in event.sessions.all()}
    by_title = {}
    for row in rows:
        row = dict(row)
        day_number = row.pop("day", 1)
        day = first_day + dt.timedelta(days=day_number - 1)
        session = existing.get((day_number, row["start"], row["title"]))
        session = session or Session(event=event)
        names = row.pop("speakers", [])
        row["starts_at"] = _local(day, row.pop("start"))
        row["ends_at"] = _local(day, row.pop("end"))
        _save(session, row)
        wanted = [speakers[name] for name in names]
        session.sessionspeaker_set.exclude(speaker__in=wanted).delete()
        for order, speaker in enumerate(wanted):
            SessionSpeaker.objects.update_or_create(
                session=session, speaker=speaker, defaults={"order": order}
            )
        by_title[session.title] = session
    return by_title


def _load_booking(event, data, sessions, prices, questions):
    data = dict(data)
    participants = data.pop("participants")
    days_before = data.pop("registered_days_before", None)
    if "price_option" in data:
        data["price_option"] = prices[data["price_option"]]
    booking = _upsert(
        Booking,
        data,
        keys=["event", "contact_email"],
        create={"consent_at": timezone.now()},
        event=event,
    )
    for row in participants:
        row = dict(row)
        chosen = [sessions[title] for title in row.pop("sessions", [])]
        answers = row.pop("answers", {})
        # Waited before getting a place ("from_waiting_list"), or still waits.
        waitlisted = row.pop("from_waiting_list", False) or (
            row.get("status") == Registration.Status.WAITLISTED
        )
        row["price_option"] = prices[row["price_option"]] if "price_option" in row else None
        row["price_option"] = row["price_option"] or booking.price_option
        if row["price_option"] is not None and row["price_option"].one_day:
            row["booked_day"] = timezone.localdate(event.starts_at) + dt.timedelta(
                days=row.pop("day", 1) - 1
            )
        registration = _upsert(
            Registration,
            row,
            keys=["event", "email"],
            create={"waitlisted_at": timezone.now()} if waitlisted else None,
            event=event,
            booking=booking,
        )
        registration.sessions.set(chosen)
        for text, value in answers.items():
            Answer.objects.update_or_create(
                registration=registration, question=questions[text], defaults={"value": value}
            )
    if days_before is not None:
        _backdate(event, booking, days_before)


def _backdate(event, booking, days_before):
    """A past event's booking made ``days_before`` its first day (for the dashboard's
    registrations over time); check-ins at the door as it opened, cancellations a
    week after the booking, the waiting list joined with the booking. Set by update,
    so that loading again changes nothing."""
    first_day = timezone.localdate(event.starts_at)
    made = _local(first_day - dt.timedelta(days=days_before), "10:15")
    Booking.objects.filter(pk=booking.pk).update(created_at=made, consent_at=made)
    registrations = booking.registrations.all()
    registrations.update(created_at=made)
    registrations.filter(status=Registration.Status.ATTENDED).update(
        checked_in_at=event.starts_at - dt.timedelta(minutes=20)
    )
    registrations.filter(status=Registration.Status.CANCELLED).update(
        cancelled_at=made + dt.timedelta(days=7)
    )
    registrations.filter(waitlisted_at__isnull=False).update(waitlisted_at=made)
