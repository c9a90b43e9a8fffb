"""Capacity never overbooks under simultaneous signups (PostgreSQL only).

``CLIENTS`` threads, each with its own database connection kept for the whole
run as an app server's worker keeps it, are released together by a barrier and
take the signups one after another from a shared queue. Twenty connections at
once is real contention and leaves room on a server with PostgreSQL's default
``max_connections`` (100) for the other test process and other users; a thread
per signup that connects and disconnects would count backends that are still
closing and can be refused with "too many clients".
"""

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.utils import timezone

from events.models import Event
from registrations.exceptions import (
    AlreadyRegistered,
    EventFull,
    RegistrationError,
    SessionFull,
)
from registrations.models import Booking, Registration
from registrations.services import ParticipantData, cancel_registration, register
from tests.factories import EventFactory, RegistrationFactory, SessionFactory

# One xdist group: these tests share one worker, so at most CLIENTS connections at a time.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("postgres-connections"),
]

CLIENTS = 20


def run_together(count, work):
    """Call ``work(i)`` for i in range(count) from up to ``CLIENTS`` threads
    started together; returns, in order of i, what each call returned or the
    RegistrationError it raised."""
    clients = min(count, CLIENTS)
    barrier = threading.Barrier(clients)
    queue = iter(range(count))
    queue_lock = threading.Lock()
    results = [None] * count

    def next_index():
        with queue_lock:
            return next(queue, None)

    def client():
        barrier.wait(timeout=30)
        try:
            while (index := next_index()) is not None:
                try:
                    results[index] = work(index)
                except RegistrationError as error:
                    results[index] = error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=clients) as executor:
        for future in [executor.submit(client) for _ in range(clients)]:
            future.result()
    return results


def signup(event, n, **fields):
    return register(
        event=event,
        contact_name="Karin Lind",
        contact_email=f"karin{n}@kinda.se",
        participants=[
            ParticipantData(
                first_name="Karin",
                last_name=f"Lind {n}",
                email=fields.pop("email", f"karin{n}@kinda.se"),
                organisation="Kinda kommun",
                **fields,
            )
        ],
        consent_at=timezone.now(),
    )


def kinds(results):
    """How many results of each kind: 'booking' or the exception's class name."""
    counted = {}
    for result in results:
        kind = "booking" if isinstance(result, Booking) else type(result).__name__
        counted[kind] = counted.get(kind, 0) + 1
    return counted


def status_counts(event):
    counts = {}
    for status in Registration.objects.filter(event=event).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def test_concurrent_signups_fill_20_seats_and_waitlist_the_rest(postgres_only):
    event = EventFactory(capacity=20)

    results = run_together(100, lambda n: signup(event, n))

    assert kinds(results) == {"booking": 100}
    assert status_counts(event) == {"confirmed": 20, "waitlisted": 80}
    positions = [r.waitlist_position for r in Registration.objects.filter(status="waitlisted")]
    assert sorted(positions) == list(range(1, 81))


def test_concurrent_signups_without_waiting_list_refuse_the_rest(postgres_only):
    event = EventFactory(capacity=20, waiting_list=False)

    results = run_together(100, lambda n: signup(event, n))

    assert kinds(results) == {"booking": 20, "EventFull": 80}
    assert all(r.places_left == 0 for r in results if isinstance(r, EventFull))
    assert status_counts(event) == {"confirmed": 20}
    assert Booking.objects.filter(event=event).count() == 20


def test_concurrent_signups_fill_a_session_exactly(postgres_only):
    event = EventFactory(capacity=None)
    workshop = SessionFactory(event=event, selectable=True, capacity=10)

    results = run_together(100, lambda n: signup(event, n, session_ids=(workshop.pk,)))

    assert kinds(results) == {"booking": 10, "SessionFull": 90}
    assert all(r.session == workshop for r in results if isinstance(r, SessionFull))
    assert workshop.registrations.count() == 10
    assert status_counts(event) == {"confirmed": 10}


def test_concurrent_signups_hybrid_fill_each_mode_exactly(postgres_only):
    event = EventFactory(format=Event.Format.HYBRID, capacity=20, online_capacity=15)

    def work(n):
        return signup(event, n, attendance_mode="online" if n % 2 else "on_site")

    results = run_together(100, work)

    assert kinds(results) == {"booking": 100}
    assert Registration.objects.filter(event=event).seat_counts() == {
        "active": {"on_site": 20, "online": 15},
        "waitlisted": {"on_site": 30, "online": 35},
    }


def test_concurrent_signups_of_one_email_register_it_once(postgres_only):
    event = EventFactory(capacity=20)

    results = run_together(50, lambda n: signup(event, n, email="Karin@Kinda.se"))

    assert kinds(results) == {"booking": 1, "AlreadyRegistered": 49}
    (registration,) = Registration.objects.filter(event=event)
    assert (registration.email, registration.status) == ("karin@kinda.se", "confirmed")
    assert all(r.registration == registration for r in results if isinstance(r, AlreadyRegistered))


def test_concurrent_resubmissions_of_one_form_make_one_booking(postgres_only):
    event = EventFactory(capacity=20)

    def work(n):
        return register(
            event=event,
            contact_name="Karin Lind",
            contact_email="karin@kinda.se",
            participants=[
                ParticipantData(
                    first_name="Karin",
                    last_name="Lind",
                    email="karin@kinda.se",
                    organisation="Kinda kommun",
                )
            ],
            submission_key="form-1",
            consent_at=timezone.now(),
        )

    results = run_together(30, work)

    assert kinds(results) == {"booking": 30}
    assert len({booking.pk for booking in results}) == 1
    assert Registration.objects.filter(event=event).count() == 1


def test_concurrent_cancellations_and_signups_never_exceed_capacity(postgres_only):
    event = EventFactory(capacity=20)
    seats = RegistrationFactory.create_batch(20, booking__event=event)
    queue = [
        RegistrationFactory(
            booking__event=event,
            status="waitlisted",
            waitlisted_at=timezone.now() - dt.timedelta(minutes=60 - n),
        )
        for n in range(30)
    ]
    peak = _Peak(event)

    def work(n):
        if n < 10:
            return cancel_registration(registration=seats[n])
        return signup(event, n)

    with peak:
        results = run_together(60, work)

    assert kinds(results) == {"Registration": 10, "booking": 50}
    assert peak.highest == 20
    assert status_counts(event) == {"confirmed": 20, "cancelled": 10, "waitlisted": 70}
    promoted = Registration.objects.filter(pk__in=[r.pk for r in queue], status="confirmed")
    assert sorted(promoted.values_list("pk", flat=True)) == [r.pk for r in queue[:10]]
    newcomers = Registration.objects.filter(email__startswith="karin")
    assert set(newcomers.values_list("status", flat=True)) == {"waitlisted"}


class _Peak:
    """Samples the number of active registrations while the threads run."""

    def __init__(self, event):
        self.event = event
        self.highest = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample)

    def _sample(self):
        try:
            while not self._stop.is_set():
                active = Registration.objects.filter(event=self.event).active().count()
                self.highest = max(self.highest, active)
                time.sleep(0.005)
        finally:
            connections.close_all()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
