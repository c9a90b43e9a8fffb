"""Every write to registrations: signup, waiting list, changes, cancellation.

Keyword-only functions, one transaction each, domain exceptions from
``registrations.exceptions``. Capacity is decided while the event row is
locked (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the IMMEDIATE
transactions of the settings take the database write lock at BEGIN), so all
writes for one event are serialised and no count goes stale before it is used.

How places are counted, and the waiting list: ``registrations.capacity``.
"""

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Event

from . import capacity, inputs, notifications, signals
from .exceptions import (
    AlreadyRegistered,
    CancellationDeadlinePassed,
    EventFull,
    InvalidChoice,
    RegistrationClosed,
    SessionFull,
)
from .models import Answer, Booking, DayAttendance, Registration

Status = Registration.Status
Reason = Registration.CancellationReason
CANCELLATION_FIELDS = (
    "status",
    "cancelled_at",
    "cancellation_reason",
    "status_before_cancellation",
)


@dataclass(frozen=True)
class ParticipantData:
    first_name: str
    last_name: str
    email: str
    organisation: str
    role: str = ""
    phone: str = ""
    municipality_code: str = ""
    dietary_needs: str = ""
    accessibility_needs: str = ""
    attendance_mode: str = "on_site"
    session_ids: tuple[int, ...] = ()
    answers: Mapping[int, str] = field(default_factory=dict)
    # Their own price option (a PriceOption or its pk); None: the booking's.
    price_option: object = None
    day: object = None


@dataclass(frozen=True)
class InvoiceData:
    organisation: str
    organisation_number: str
    address: str
    reference: str = ""
    peppol_id: str = ""
    order_number: str = ""


class _Duplicate(Exception):
    def __init__(self, registrations):
        self.registrations = registrations


def register(
    *,
    event,
    contact_name,
    contact_email,
    contact_phone="",
    participants,
    price_option=None,
    invoice=None,
    language="sv",
    submission_key=None,
    consent_at,
    by_organiser=False,
    notify=True,
    notify_organiser=True,
) -> Booking:
    """Book ``participants`` (ParticipantData, in order) for ``event``.

    Each participant is confirmed while places of their attendance mode remain,
    then waitlisted, or refused with EventFull when the waiting list is off; a
    refusal refuses the whole booking and nothing is saved. The same
    ``submission_key`` again returns the booking it made.

    A participant whose address is already registered for the event is not
    registered again: that address is sent the link to the registration it has,
    and the others are booked as usual. Places are decided as if everyone were
    new, so a full event or session refuses in the same words either way. When
    nobody is left to book, nothing is saved and AlreadyRegistered is raised
    (after the e-mails are queued). What the sender is shown must not tell these
    cases apart: only the address's owner learns it was registered already.

    An organiser (``by_organiser``, someone who phoned or wrote) may register
    people before registration opens and after it closes, not for a draft, a
    cancelled or an ended event; an address already registered is refused
    without e-mailing it. ``notify=False`` queues no e-mail at all (later ones,
    such as a promotion from the waiting list or the reminder, go as usual);
    ``notify_organiser=False`` only spares the organiser's notice (an import).
    """
    arguments = {
        "contact_name": contact_name,
        "contact_email": contact_email,
        "contact_phone": contact_phone,
        "participants": list(participants),
        "price_option": price_option,
        "invoice": invoice,
        "language": language,
        "submission_key": inputs.submission_key(submission_key),
        "consent_at": consent_at,
    }
    try:
        with transaction.atomic():
            return _register(
                event,
                **arguments,
                by_organiser=by_organiser,
                notify=notify,
                notify_organiser=notify_organiser,
            )
    except _Duplicate as duplicate:
        existing = duplicate.registrations
    except IntegrityError:
        # A race the event lock does not cover (the same submission key for two
        # events): whoever lost finds the winner's rows now that they are committed.
        found = _existing_after_race(event, arguments)
        if isinstance(found, Booking):
            return found
        if found is None:
            raise
        existing = [found]
    if not by_organiser:
        with transaction.atomic():
            for registration in existing:
                notifications.duplicate_signup_attempted(registration)
    raise AlreadyRegistered(existing)


def _register(
    event,
    *,
    submission_key,
    participants,
    consent_at,
    by_organiser,
    notify,
    notify_organiser=True,
    **arguments,
):
    event = capacity.lock_event(event)
    if submission_key:
        booking = Booking.objects.filter(submission_key=submission_key).first()
        if booking is not None:
            if booking.event_id != event.pk:
                raise InvalidChoice(_("The form was sent for another event. Please reload it."))
            return booking
    _check_open(event, by_organiser=by_organiser)
    if consent_at is None:
        raise InvalidChoice(_("Please accept the privacy notice."), field="consent")
    if not participants:
        raise InvalidChoice(_("Add at least one participant."))
    default = inputs.price_option(event, arguments.pop("price_option"))
    people = inputs.participants(event, participants)
    inputs.participant_prices(event, default, participants, people)
    paying = any(p["price_option"] is not None and p["price_option"].amount > 0 for p in people)
    booking = inputs.new_booking(
        event, submission_key, consent_at, price_option=default, paying=paying, **arguments
    )
    counts = capacity.current_counts(event)
    registered = _already_registered(event, people)
    if registered:
        # As if all were new, so that a refusal does not depend on who is registered.
        capacity.decide(event, [dict(person) for person in people], copy.deepcopy(counts))
        people = [person for person in people if person["fields"]["email"] not in registered]
        if not people:
            raise _Duplicate(list(registered.values()))
    capacity.decide(event, people, counts)
    booking.save()
    now = timezone.now()
    registrations = Registration.objects.bulk_create(
        Registration(
            booking=booking,
            event=event,
            language=booking.language,
            attendance_mode=person["mode"],
            price_option=person["price_option"],
            booked_day=person["day"],
            status=person["status"],
            waitlisted_at=now if person["status"] == Status.WAITLISTED else None,
            **person["fields"],
        )
        for person in people
    )
    _save_choices(registrations, people)
    signals.billing_changed.send(sender=Booking, booking=booking, reason="created")
    if notify:
        notifications.booking_created(booking, registrations, notify_organiser=notify_organiser)
    if not by_organiser:
        for registration in registered.values():
            notifications.duplicate_signup_attempted(registration)
    return booking


def _already_registered(event, people):
    """``{e-mail: registration}`` of the people's addresses already registered (not cancelled)."""
    emails = [person["fields"]["email"] for person in people]
    existing = Registration.objects.for_event(event).exclude(status=Status.CANCELLED)
    return {r.email: r for r in existing.filter(email__in=emails).order_by("pk")}


def _existing_after_race(event, arguments):
    if arguments["submission_key"]:
        booking = Booking.objects.filter(submission_key=arguments["submission_key"]).first()
        if booking is not None:
            if booking.event_id != event.pk:
                raise InvalidChoice(_("The form was sent for another event. Please reload it."))
            return booking
    emails = [inputs.normalise_email(p.email) for p in arguments["participants"]]
    return (
        Registration.objects.for_event(event)
        .exclude(status=Status.CANCELLED)
        .filter(email__in=emails)
        .first()
    )


def _save_choices(registrations, people):
    through = Registration.sessions.through
    links = [
        through(registration_id=registration.pk, session_id=session.pk)
        for registration, person in zip(registrations, people, strict=True)
        for session in person["sessions"]
    ]
    if links:
        through.objects.bulk_create(links)
    answers = [
        Answer(registration=registration, question_id=question_id, value=value)
        for registration, person in zip(registrations, people, strict=True)
        for question_id, value in person["answers"].items()
    ]
    if answers:
        Answer.objects.bulk_create(answers)


def cancel_registration(*, registration, by_organiser=False) -> Registration:
    """Cancel one registration; its place goes to the first in line.

    Attendees may cancel until the event's cancellation deadline (or its start);
    leaving the waiting list is always possible. Organisers may always cancel.
    Cancelling twice changes nothing.
    """
    with transaction.atomic():
        event = capacity.lock_event(registration.event)
        registration = _locked(registration)
        if registration.status == Status.CANCELLED:
            return registration
        fee = None
        if not by_organiser:
            fee = _check_cancellation(registration, event)
        freed = registration.is_active
        _cancel(registration, by_organiser, fee=fee)
        if freed:
            signals.billing_changed.send(
                sender=Booking, booking=registration.booking, reason="cancelled"
            )
            capacity.promote(event)
    return registration


def cancel_booking(*, booking, by_organiser=False) -> list[Registration]:
    """The contact person cancels every participant of the booking (all or none)."""
    with transaction.atomic():
        event = capacity.lock_event(booking.event)
        registrations = list(
            booking.registrations.exclude(status=Status.CANCELLED)
            .select_related("event")
            .select_for_update(of=("self",))
        )
        fees = {}
        if not by_organiser:
            for registration in registrations:
                fees[registration.pk] = _check_cancellation(registration, event)
        freed = any(registration.is_active for registration in registrations)
        for registration in registrations:
            _cancel(registration, by_organiser, fee=fees.get(registration.pk))
        if freed:
            signals.billing_changed.send(sender=Booking, booking=booking, reason="cancelled")
            capacity.promote(event)
    return registrations


def _cancel(registration, by_organiser, *, fee=None):
    registration.cancellation_fee = fee if registration.is_active else None
    registration.status_before_cancellation = registration.status
    registration.status = Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.cancellation_reason = Reason.ORGANISER if by_organiser else Reason.PARTICIPANT
    registration.save(update_fields=[*CANCELLATION_FIELDS, "cancellation_fee", "updated_at"])
    notifications.registration_cancelled(registration)


def cancel_event_registrations(*, event) -> int:
    """The event is cancelled: so is every registration of it (the waiting list
    and the checked in too), each recording what it was. Returns how many.

    Nobody is e-mailed here (the event's cancellation tells each person once,
    ``notifications.event_cancelled``) and nobody is promoted. Call it in the
    transaction that cancels the event.
    """
    with transaction.atomic():
        event = capacity.lock_event(event)
        if event.status != Event.Status.CANCELLED:
            raise ValueError("Only the registrations of a cancelled event are cancelled with it.")
        now = timezone.now()
        count = (
            Registration.objects.for_event(event)
            .exclude(status=Status.CANCELLED)
            .update(
                status_before_cancellation=F("status"),
                status=Status.CANCELLED,
                cancelled_at=now,
                cancellation_reason=Reason.EVENT_CANCELLED,
                updated_at=now,
            )
        )
        signals.billing_changed.send(
            sender=Event, event=event, booking=None, reason="event_cancelled"
        )
        return count


def change_price_option(*, registration, price_option, day=None) -> Registration:
    """The organiser corrects a participant's price option (and day, for a one-day
    option). The option must be the event's and serve the participant's mode."""
    with transaction.atomic():
        event = capacity.lock_event(registration.event)
        registration = _locked(registration)
        person = {
            "fields": {"first_name": registration.first_name, "last_name": registration.last_name},
            "mode": registration.attendance_mode,
        }
        data = ParticipantData(
            first_name="",
            last_name="",
            email="",
            organisation="",
            price_option=price_option,
            day=day,
        )
        inputs.participant_prices(event, None, [data], [person])
        if person["price_option"] is None:
            raise InvalidChoice(_("Choose a price option."), field="price_option")
        changed = (registration.price_option_id, registration.booked_day) != (
            person["price_option"].pk,
            person["day"],
        )
        registration.price_option = person["price_option"]
        registration.booked_day = person["day"]
        registration.save(update_fields=["price_option", "booked_day", "updated_at"])
        if changed and registration.is_active:
            signals.billing_changed.send(
                sender=Booking, booking=registration.booking, reason="price_changed"
            )
    return registration


def update_registration(*, registration, changes, by_organiser=False) -> Registration:
    """Replace a participant's details, attendance mode, sessions and answers.

    A confirmed participant moves to another mode or a newly chosen session only
    while it has places (else EventFull / SessionFull: they keep what they had).
    A waitlisted participant who changes mode is confirmed when the new mode has
    places, else joins the end of its queue.

    Sessions held that do not serve the new mode (on site only, for someone who
    moves online) are dropped, listed in ``registration.dropped_sessions`` for the
    e-mail; newly chosen ones are refused. An attendee may not move to a mode the
    booking's price option is not for; the organiser may (and settles the price).
    """
    with transaction.atomic():
        event = capacity.lock_event(registration.event)
        counts = capacity.current_counts(event)
        registration = _locked(registration)
        if registration.status == Status.CANCELLED:
            raise InvalidChoice(_("This registration is cancelled and can no longer be changed."))
        if event.status == Event.Status.CANCELLED:
            raise RegistrationClosed(event, RegistrationClosed.CANCELLED)
        if not by_organiser:
            _check_deadline(registration, event)
        held = list(registration.sessions.all())
        (person,) = inputs.participants(event, [changes], held={s.pk for s in held})
        email = person["fields"]["email"]
        if email != registration.email and _taken_email(event, email, registration):
            raise InvalidChoice(
                _("That e-mail address is already registered for this event."), field="email"
            )
        mode_changed = person["mode"] != registration.attendance_mode
        if mode_changed and not by_organiser:
            _check_price_allows(registration.price_option, person["mode"])
        registration.dropped_sessions = [
            session
            for session in held
            if not session.serves(person["mode"])
            and (mode_changed or session.pk in person["session_ids"])
        ]
        was_active = registration.is_active
        freed = _change_mode(event, counts, registration, person["mode"])
        becomes_active = registration.is_active and not was_active
        _change_sessions(registration, held, person["sessions"], check_all=becomes_active)
        for name, value in person["fields"].items():
            setattr(registration, name, value)
        registration.save()
        registration.answers.all().delete()
        Answer.objects.bulk_create(
            Answer(registration=registration, question_id=pk, value=value)
            for pk, value in person["answers"].items()
        )
        notifications.registration_changed(registration)
        if freed:
            capacity.promote(event)
    return registration


def _taken_email(event, email, registration):
    others = Registration.objects.for_event(event).exclude(pk=registration.pk)
    return others.exclude(status=Status.CANCELLED).filter(email=email).exists()


def _check_price_allows(option, mode):
    """An attendee cannot move to a mode their booking's price option is not for."""
    if option is None or option.serves(mode):
        return
    if mode == Registration.AttendanceMode.ONLINE:
        text = _(
            "Your registration has the price “%(option)s”, which is for participants on site "
            "only. Contact the organiser to take part online instead."
        )
    else:
        text = _(
            "Your registration has the price “%(option)s”, which is for participants online "
            "only. Contact the organiser to take part on site instead."
        )
    raise InvalidChoice(text % {"option": option.name}, field="attendance_mode")


def _change_mode(event, counts, registration, mode):
    """Move to ``mode``; True when a place was freed in the old one."""
    if mode == registration.attendance_mode:
        return False
    free = capacity.free_places(event, counts, mode)
    has_place = free is None or free > 0
    was_active = registration.is_active
    if was_active and not has_place:
        raise EventFull(event, mode)
    if registration.status == Status.WAITLISTED:
        if has_place:
            registration.status = Status.CONFIRMED
        elif not event.waiting_list:
            raise EventFull(event, mode)
        else:
            registration.waitlisted_at = timezone.now()
    registration.attendance_mode = mode
    return was_active


def _change_sessions(registration, held, sessions, *, check_all):
    """Choose ``sessions`` instead of ``held``; newly chosen ones (all, for someone
    just confirmed from the waiting list) must have places."""
    old = {session.pk for session in held}
    new = [session for session in sessions if check_all or session.pk not in old]
    taken = capacity.session_counts(new)
    for session in new:
        if session.capacity is not None and taken[session.pk] >= session.capacity:
            raise SessionFull(session)
    registration.sessions.set(sessions)


def promote_waitlisted(*, event, by=None) -> list[Registration]:
    """Confirm the first in line of each attendance mode while places remain.

    Call it after raising a capacity; cancellations call it themselves. ``by``,
    the user who asked for it, is named in the registrations' history.
    """
    with transaction.atomic():
        event = capacity.lock_event(event)
        return capacity.promote(event, by=by)


@dataclass(frozen=True)
class CapacityChange:
    promoted: list  # Registrations confirmed from the waiting list, first in line first
    over: list  # capacity.Overbooked: where more are confirmed than there are places


def capacity_changed(*, event, by=None) -> CapacityChange:
    """An organiser (``by``) changed a capacity of ``event`` (its own or a session's).

    Places free now go to the first in line at once, each told by e-mail. A
    capacity lowered below what is taken cancels or moves nobody: ``over``
    says where, and by how much. Call it in the transaction of the change.
    """
    with transaction.atomic():
        event = capacity.lock_event(event)
        note = gettext_lazy("Confirmed from the waiting list when places were added.")
        promoted = capacity.promote(event, by=by, note=note)
        return CapacityChange(promoted=promoted, over=capacity.over_capacity(event))


def confirm_registration(*, registration, override_capacity=False) -> Registration:
    """An organiser confirms a waitlisted (or cancelled) registration.

    Without ``override_capacity`` the mode and chosen sessions must have places.
    """
    with transaction.atomic():
        event = capacity.lock_event(registration.event)
        counts = capacity.current_counts(event)
        registration = _locked(registration)
        if registration.is_active:
            return registration
        if event.status == Event.Status.CANCELLED:
            raise RegistrationClosed(event, RegistrationClosed.CANCELLED)
        if registration.status == Status.CANCELLED and _taken_email(
            event, registration.email, registration
        ):
            raise InvalidChoice(
                _("That e-mail address has another registration for this event."),
                field="email",
            )
        if not override_capacity:
            free = capacity.free_places(event, counts, registration.attendance_mode)
            if free == 0:
                raise EventFull(event, registration.attendance_mode)
            sessions = list(registration.sessions.all())
            taken = capacity.session_counts(sessions)
            for session in sessions:
                if session.capacity is not None and taken[session.pk] >= session.capacity:
                    raise SessionFull(session)
        registration.status = Status.CONFIRMED
        registration.cancelled_at = None
        registration.cancellation_reason = registration.status_before_cancellation = ""
        registration.save(update_fields=[*CANCELLATION_FIELDS, "cancellation_fee", "updated_at"])
        registration.dropped_sessions = []
        notifications.registration_promoted(registration)
    return registration


def mark_attended(*, registration, day=None, by=None) -> Registration:
    """Check in a confirmed participant at the door on ``day`` of the event (by
    default the day it is today, or the nearest); twice on a day is harmless.
    The first check-in makes the registration ``attended``."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_related("event").select_for_update(of=("self",))
        ).get(pk=registration.pk)
        day = _event_day(registration.event, day)
        if registration.status not in (Status.CONFIRMED, Status.ATTENDED):
            raise InvalidChoice(_("Only confirmed registrations can be checked in."))
        now = timezone.now()
        DayAttendance.objects.get_or_create(
            registration=registration,
            day=day,
            defaults={"checked_in_at": now, "checked_in_by": by},
        )
        if registration.status == Status.CONFIRMED:
            registration.status = Status.ATTENDED
            registration.checked_in_at = now
            registration.save(update_fields=["status", "checked_in_at", "updated_at"])
    return registration


def unmark_attended(*, registration, day=None) -> Registration:
    """Undo a check-in made by mistake: on ``day``, or on every day. Without a
    check-in left the registration is confirmed again."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_related("event").select_for_update(of=("self",))
        ).get(pk=registration.pk)
        if registration.status != Status.ATTENDED:
            return registration
        days = DayAttendance.objects.filter(registration=registration)
        if day is not None:
            days.filter(day=day).delete()
        else:
            days.delete()
        first = days.order_by("checked_in_at").values_list("checked_in_at", flat=True).first()
        registration.checked_in_at = first
        if first is None:
            registration.status = Status.CONFIRMED
        registration.save(update_fields=["status", "checked_in_at", "updated_at"])
    return registration


def _event_day(event, day):
    if day is None:
        return event.day_of()
    if day not in event.days:
        raise InvalidChoice(_("The event does not run on that day."))
    return day


def request_manage_links(*, event, email) -> None:
    """'Send me my link again': the same answer whether the address is registered."""
    email = inputs.normalise_email(email)
    if not email:
        return
    with transaction.atomic():
        notifications.manage_links_requested(event=event, email=email)


def request_all_manage_links(*, email) -> None:
    """'Send me my links' without an event (a broken link's page): the links of the
    address for every event not yet over, one e-mail per event; the same answer
    whether the address is registered."""
    email = inputs.normalise_email(email)
    if not email:
        return
    with transaction.atomic():
        for event in notifications.events_with_links(email):
            notifications.manage_links_requested(event=event, email=email)


def _locked(registration):
    """The registration as stored now, its row locked (check-in writes it too)."""
    return (
        Registration.objects.select_related("event")
        .select_for_update(of=("self",))
        .get(pk=registration.pk)
    )


# Why the public form is closed, when an organiser may still register people.
ORGANISER_MAY_REGISTER = (RegistrationClosed.NOT_YET_OPEN, RegistrationClosed.CLOSED)


def _check_open(event, *, by_organiser=False):
    reason = event.registration_closed_reason()
    if reason is None or (by_organiser and reason in ORGANISER_MAY_REGISTER):
        return
    raise RegistrationClosed(event, reason)


def _check_cancellation(registration, event):
    """An attendee may cancel until the deadline, and after it (before the event
    ends) when the event has a cancellation fee: the fee to charge, or None."""
    if registration.status != Status.ATTENDED:
        fee = event.late_cancellation_fee()
        if fee is not None:
            return fee if registration.is_active else None
    _check_deadline(registration, event)
    return None


def _check_deadline(registration, event):
    if registration.status == Status.WAITLISTED and not event.is_past:
        return
    deadline = event.cancellation_deadline or event.starts_at
    if registration.status == Status.ATTENDED or timezone.now() >= deadline:
        raise CancellationDeadlinePassed(registration)
