"""Counting places while the event row is locked.

Every write that changes who holds a place first locks the event row
(``lock_event``: ``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the
IMMEDIATE transactions of the settings take the write lock at BEGIN), so all
such writes for one event are serialised and a count cannot go stale before
it is used.

Places per attendance mode: ``Event.capacity`` is the seats on site and
``Event.online_capacity`` the online places (online-only events use only the
latter); ``None`` means no limit. Confirmed and attended registrations hold a
place. A selectable session with a ``capacity`` holds that many active
registrations that chose it.

The waiting list is one queue per event and attendance mode, in order of
``Registration.waitlisted_at``. Whenever places free up, the first in line are
confirmed in the same transaction (``promote``): after a cancellation, and
after an organiser raised a capacity. A waitlisted person whose chosen session
filled up meanwhile is still promoted: the full session is dropped from their
choices and listed in ``registration.dropped_sessions`` for the e-mail that
tells them (they can choose another from their link).

Sessions have no waiting list of their own: a full session is refused at
signup (``SessionFull``), so nobody waits for a session alone, and raising a
session's capacity lets nobody in by itself (those promoted later keep it).
A capacity lowered below what is taken is allowed: nobody is cancelled or
moved, and ``over_capacity`` says by how much each is overbooked.

Each promotion is written in the registration's history.
"""

import logging
import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event

from . import history, notifications
from .exceptions import EventFull, SessionFull
from .models import Registration

Status = Registration.Status
MODES = ("on_site", "online")
lock_log = logging.getLogger("registrations.lock")


def lock_event(event):
    """The event row, locked until the transaction ends.

    With the ``registrations.lock`` logger at DEBUG, how long the lock was held
    (from the moment it was granted to the commit, in ms) is logged for each
    transaction: ``make bench`` reports it.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if lock_log.isEnabledFor(logging.DEBUG):
        granted = time.perf_counter()
        transaction.on_commit(
            lambda: lock_log.debug("%.3f", (time.perf_counter() - granted) * 1000)
        )
    return event


def current_counts(event):
    """Places taken and people waiting per mode.

    When places are free while people wait (a capacity was raised without
    ``promote_waitlisted``), the first in line are promoted first, so nobody
    jumps the queue. Call it right after ``lock_event``, before reading the
    registrations to change.
    """
    counts = Registration.objects.for_event(event).seat_counts()
    if any(
        counts["waitlisted"][m] and free_places(event, counts, m) != 0 for m in counts["active"]
    ):
        promote(event, counts)
    return counts


def free_places(event, counts, mode):
    """Free places of ``mode`` by ``counts``, or None when there is no limit."""
    capacity = event.capacity_for(mode)
    if capacity is None:
        return None
    return max(capacity - counts["active"][mode], 0)


def session_counts(sessions):
    """``{session id: active registrations that chose it}`` for sessions with a limit."""
    ids = {session.pk for session in sessions if session.capacity is not None}
    taken = dict.fromkeys(ids, 0)
    if ids:
        rows = (
            Registration.sessions.through.objects.filter(
                session_id__in=ids, registration__status__in=Registration.ACTIVE
            )
            .values("session_id")
            .annotate(n=Count("pk"))
        )
        taken.update({row["session_id"]: row["n"] for row in rows})
    return _Counter(taken)


class _Counter(dict):
    def __missing__(self, key):
        return 0


@dataclass(frozen=True)
class Overbooked:
    """More places taken than there are, in an attendance mode or a session."""

    taken: int
    places: int
    mode: str = ""
    session: object = None

    @property
    def over(self):
        return self.taken - self.places


def over_capacity(event):
    """What holds more places than it has (a capacity lowered below the confirmed):
    each attendance mode, then each session with a limit, as Overbooked."""
    counts = Registration.objects.for_event(event).seat_counts()
    over = [
        Overbooked(taken=counts["active"][mode], places=event.capacity_for(mode), mode=mode)
        for mode in MODES
        if event.capacity_for(mode) is not None
        and counts["active"][mode] > event.capacity_for(mode)
    ]
    sessions = list(event.sessions.filter(capacity__isnull=False).order_by("starts_at", "pk"))
    taken = session_counts(sessions)
    over += [
        Overbooked(taken=taken[session.pk], places=session.capacity, session=session)
        for session in sessions
        if taken[session.pk] > session.capacity
    ]
    return over


def decide(event, people, counts):
    """Set each person's status in order, or raise EventFull / SessionFull."""
    taken = session_counts(s for p in people for s in p["sessions"])
    taken_before = dict(taken)
    places_left = {mode: free_places(event, counts, mode) for mode in MODES}
    for person in people:
        mode = person["mode"]
        free = free_places(event, counts, mode)
        if free is None or free > 0:
            person["status"] = Status.CONFIRMED
            counts["active"][mode] += 1
        elif event.waiting_list:
            person["status"] = Status.WAITLISTED
            counts["waitlisted"][mode] += 1
        else:
            raise EventFull(event, mode, places_left=places_left[mode] or 0)
        for session in person["sessions"]:
            if session.capacity is not None and taken[session.pk] >= session.capacity:
                left = max(session.capacity - taken_before[session.pk], 0)
                raise SessionFull(session, places_left=left)
            if person["status"] == Status.CONFIRMED:
                taken[session.pk] += 1


def promote(event, counts=None, *, by=None, note=None):
    """Confirm the first in line of each mode while places remain (not for a
    cancelled or past event); returns the promoted registrations.

    ``by`` is the user who asked for it; without one, the promotion is automatic
    (a place became free) and its history says so. ``note`` replaces what the
    history says.
    """
    if event.status == Event.Status.CANCELLED or event.is_past:
        return []
    counts = counts or Registration.objects.for_event(event).seat_counts()
    promoted = []
    for mode in MODES:
        free = free_places(event, counts, mode)
        if not counts["waitlisted"][mode] or free == 0:
            continue
        queue = Registration.objects.for_event(event).filter(attendance_mode=mode).waitlisted()
        queue = list(queue.select_related("event").prefetch_related("sessions")[:free])
        taken = session_counts(s for r in queue for s in r.sessions.all())
        Registration.objects.filter(pk__in=[r.pk for r in queue]).update(
            status=Status.CONFIRMED, updated_at=timezone.now()
        )
        counts["active"][mode] += len(queue)
        counts["waitlisted"][mode] -= len(queue)
        for registration in queue:
            registration.status = Status.CONFIRMED
            registration.dropped_sessions = []
            for session in registration.sessions.all():
                if session.capacity is not None and taken[session.pk] >= session.capacity:
                    registration.dropped_sessions.append(session)
                else:
                    taken[session.pk] += 1
            if registration.dropped_sessions:
                registration.sessions.remove(*registration.dropped_sessions)
            notifications.registration_promoted(registration)
            promoted.append(registration)
    if note is not None:
        message = note
    elif by is None:
        message = _("Got a place from the waiting list automatically when one became free.")
    else:
        message = _("Confirmed from the waiting list.")
    history.record(promoted, message, user=by)
    return promoted
