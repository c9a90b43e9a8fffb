"""Cancellation, the waiting list and promotion, organiser confirmation, check-in."""

import datetime as dt

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.utils import timezone, translation

from events.models import Event
from registrations.exceptions import (
    CancellationDeadlinePassed,
    EventFull,
    InvalidChoice,
    SessionFull,
)
from registrations.models import Registration
from registrations.services import (
    cancel_booking,
    cancel_registration,
    confirm_registration,
    mark_attended,
    promote_waitlisted,
    unmark_attended,
)
from tests.factories import BookingFactory, EventFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def confirmed(event, **fields):
    return RegistrationFactory(booking__event=event, status="confirmed", **fields)


def waitlisted(event, minutes_ago, **fields):
    return RegistrationFactory(
        booking__event=event,
        status="waitlisted",
        waitlisted_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
        **fields,
    )


def status_of(*registrations):
    return [Registration.objects.get(pk=r.pk).status for r in registrations]


def history_of(registration):
    entries = LogEntry.objects.filter(object_id=str(registration.pk)).select_related("user")
    return [(entry.user.username, entry.get_change_message()) for entry in entries]


def test_promotion_when_someone_cancels_from_their_link_is_in_the_history():
    event = EventFactory(capacity=1)
    seat = confirmed(event)
    first, second = waitlisted(event, minutes_ago=10), waitlisted(event, minutes_ago=5)

    with translation.override("en"):
        cancel_registration(registration=seat)

    assert history_of(first) == [
        ("anmalan", "Fick automatiskt en plats från väntelistan när en plats blev ledig.")
    ]
    assert history_of(second) == []
    assert history_of(seat) == []
    system = LogEntry.objects.get().user
    assert (system.is_active, system.is_staff, system.has_usable_password()) == (
        False,
        False,
        False,
    )


def test_promotions_share_one_system_user():
    event = EventFactory(capacity=2)
    seats = [confirmed(event), confirmed(event)]
    waiting = [waitlisted(event, minutes_ago=10), waitlisted(event, minutes_ago=5)]

    for seat in seats:
        cancel_registration(registration=seat)

    users = {entry.user_id for entry in LogEntry.objects.all()}
    assert [len(history_of(person)) for person in waiting] == [1, 1]
    assert len(users) == 1


def test_promote_waitlisted_by_a_user_names_them_in_the_history(django_user_model):
    event = EventFactory(capacity=1)
    waiting = waitlisted(event, minutes_ago=10)
    organiser = django_user_model.objects.create_user("arrangor")

    promote_waitlisted(event=event, by=organiser)

    assert history_of(waiting) == [("arrangor", "Fick plats från väntelistan.")]


def test_cancel_registration_keeps_the_data_and_frees_the_seat():
    event = EventFactory(capacity=1)
    seat = confirmed(event, dietary_needs="Glutenfritt")

    with time_machine.travel(timezone.now(), tick=False):
        result = cancel_registration(registration=seat)
        now = timezone.now()

    seat.refresh_from_db()
    assert (seat.status, seat.cancelled_at, seat.dietary_needs) == ("cancelled", now, "Glutenfritt")
    assert result == seat
    assert result.cancelled_by_organiser is False
    assert event.seats_left == 1


def test_cancel_registration_promotes_the_first_in_line():
    event = EventFactory(capacity=1)
    seat = confirmed(event)
    second = waitlisted(event, minutes_ago=5)
    first = waitlisted(event, minutes_ago=10)
    third = waitlisted(event, minutes_ago=1)

    cancel_registration(registration=seat)

    assert status_of(first, second, third) == ["confirmed", "waitlisted", "waitlisted"]
    assert Registration.objects.get(pk=second.pk).waitlist_position == 1
    assert Registration.objects.get(pk=third.pk).waitlist_position == 2


def test_cancel_registration_promotes_in_the_same_attendance_mode():
    event = EventFactory(format=Event.Format.HYBRID, capacity=1, online_capacity=1)
    online = confirmed(event, attendance_mode="online")
    on_site_waiting = waitlisted(event, minutes_ago=10, attendance_mode="on_site")
    online_waiting = waitlisted(event, minutes_ago=5, attendance_mode="online")
    confirmed(event, attendance_mode="on_site")

    cancel_registration(registration=online)

    assert status_of(on_site_waiting, online_waiting) == ["waitlisted", "confirmed"]


def test_cancel_waitlisted_registration_promotes_nobody():
    event = EventFactory(capacity=1)
    confirmed(event)
    leaving = waitlisted(event, minutes_ago=10)
    staying = waitlisted(event, minutes_ago=5)

    cancel_registration(registration=leaving)

    assert status_of(leaving, staying) == ["cancelled", "waitlisted"]
    assert Registration.objects.get(pk=staying.pk).waitlist_position == 1


def test_cancel_registration_twice_changes_nothing():
    seat = confirmed(EventFactory())
    cancel_registration(registration=seat)
    cancelled_at = Registration.objects.get(pk=seat.pk).cancelled_at

    again = cancel_registration(registration=seat)

    assert (again.status, again.cancelled_at) == ("cancelled", cancelled_at)


def test_cancel_registration_after_the_deadline_is_refused():
    event = EventFactory(cancellation_deadline=timezone.now() + dt.timedelta(days=2))
    seat = confirmed(event)

    with time_machine.travel(event.cancellation_deadline, tick=False):
        with pytest.raises(CancellationDeadlinePassed) as refused:
            cancel_registration(registration=seat)
        with translation.override("en"):
            assert refused.value.message.startswith(
                "Registrations could be changed or cancelled here until "
            )

    assert status_of(seat) == ["confirmed"]


def test_cancel_registration_just_before_the_deadline_is_allowed():
    event = EventFactory(cancellation_deadline=timezone.now() + dt.timedelta(days=2))
    seat = confirmed(event)

    with time_machine.travel(event.cancellation_deadline - dt.timedelta(seconds=1), tick=False):
        cancel_registration(registration=seat)

    assert status_of(seat) == ["cancelled"]


def test_cancel_registration_without_deadline_is_allowed_until_the_start():
    event = EventFactory()
    seat = confirmed(event)

    with (
        time_machine.travel(event.starts_at, tick=False),
        pytest.raises(CancellationDeadlinePassed),
    ):
        cancel_registration(registration=seat)
    with time_machine.travel(event.starts_at - dt.timedelta(minutes=1), tick=False):
        cancel_registration(registration=seat)

    assert status_of(seat) == ["cancelled"]


def test_cancel_registration_by_organiser_ignores_the_deadline():
    event = EventFactory(cancellation_deadline=timezone.now() + dt.timedelta(days=1))
    seat = confirmed(event)

    with time_machine.travel(event.starts_at, tick=False):
        result = cancel_registration(registration=seat, by_organiser=True)

    assert (result.status, result.cancelled_by_organiser) == ("cancelled", True)


def test_cancel_registration_waitlisted_may_leave_after_the_deadline():
    event = EventFactory(capacity=0, cancellation_deadline=timezone.now() + dt.timedelta(days=1))
    waiting = waitlisted(event, minutes_ago=1)

    with time_machine.travel(event.starts_at + dt.timedelta(hours=1), tick=False):
        cancel_registration(registration=waiting)

    assert status_of(waiting) == ["cancelled"]


def test_cancel_registration_attended_by_attendee_is_refused():
    event = EventFactory()
    seat = confirmed(event)
    mark_attended(registration=seat)

    with pytest.raises(CancellationDeadlinePassed):
        cancel_registration(registration=seat)

    assert status_of(seat) == ["attended"]


def test_cancel_registration_on_a_past_event_promotes_nobody():
    event = EventFactory(capacity=1, starts_at=timezone.now() - dt.timedelta(days=2))
    seat = confirmed(event)
    waiting = waitlisted(event, minutes_ago=10)

    cancel_registration(registration=seat, by_organiser=True)

    assert status_of(waiting) == ["waitlisted"]


def test_cancel_registration_of_a_cancelled_event_promotes_nobody():
    event = EventFactory(capacity=1, status=Event.Status.CANCELLED)
    seat = confirmed(event)
    waiting = waitlisted(event, minutes_ago=10)

    cancel_registration(registration=seat)

    assert status_of(seat, waiting) == ["cancelled", "waitlisted"]


def test_cancel_booking_cancels_every_participant_and_promotes():
    event = EventFactory(capacity=2)
    booking = BookingFactory(event=event)
    first = RegistrationFactory(booking=booking)
    second = RegistrationFactory(booking=booking)
    already = RegistrationFactory(booking=booking, status="cancelled")
    waiting = [waitlisted(event, minutes_ago=m) for m in (9, 8, 7)]

    result = cancel_booking(booking=booking)

    assert sorted(r.pk for r in result) == sorted([first.pk, second.pk])
    assert status_of(first, second, already) == ["cancelled", "cancelled", "cancelled"]
    assert status_of(*waiting) == ["confirmed", "confirmed", "waitlisted"]


def test_cancel_booking_after_the_deadline_cancels_nobody():
    event = EventFactory(cancellation_deadline=timezone.now() + dt.timedelta(days=1))
    booking = BookingFactory(event=event)
    seats = RegistrationFactory.create_batch(2, booking=booking)

    with (
        time_machine.travel(event.cancellation_deadline, tick=False),
        pytest.raises(CancellationDeadlinePassed),
    ):
        cancel_booking(booking=booking)

    assert status_of(*seats) == ["confirmed", "confirmed"]


def test_promote_waitlisted_after_capacity_raised_confirms_in_order():
    event = EventFactory(capacity=1)
    confirmed(event)
    third = waitlisted(event, minutes_ago=1)
    first = waitlisted(event, minutes_ago=30)
    second = waitlisted(event, minutes_ago=20)
    Event.objects.filter(pk=event.pk).update(capacity=3)

    promoted = promote_waitlisted(event=event)

    assert [r.pk for r in promoted] == [first.pk, second.pk]
    assert [r.status for r in promoted] == ["confirmed", "confirmed"]
    assert status_of(third) == ["waitlisted"]
    assert Registration.objects.get(pk=third.pk).waitlist_position == 1


def test_promote_waitlisted_unlimited_capacity_confirms_everyone():
    event = EventFactory(capacity=1)
    confirmed(event)
    waiting = [waitlisted(event, minutes_ago=m) for m in (3, 2, 1)]
    Event.objects.filter(pk=event.pk).update(capacity=None)

    promoted = promote_waitlisted(event=event)

    assert [r.pk for r in promoted] == [r.pk for r in waiting]


def test_promote_waitlisted_when_full_promotes_nobody():
    event = EventFactory(capacity=1)
    confirmed(event)
    waiting = waitlisted(event, minutes_ago=1)

    assert promote_waitlisted(event=event) == []
    assert status_of(waiting) == ["waitlisted"]


def test_promote_waitlisted_orders_by_waitlist_time_not_signup():
    event = EventFactory(capacity=1)
    confirmed(event)
    moved_late = waitlisted(event, minutes_ago=1)
    early = waitlisted(event, minutes_ago=60)
    Event.objects.filter(pk=event.pk).update(capacity=2)

    assert [r.pk for r in promote_waitlisted(event=event)] == [early.pk]
    assert status_of(moved_late) == ["waitlisted"]


def test_promote_waitlisted_drops_a_session_that_filled_up():
    event = EventFactory(capacity=1)
    workshop = SessionFactory(event=event, selectable=True, capacity=1)
    dinner = SessionFactory(event=event, selectable=True, capacity=10)
    seat = confirmed(event)
    waiting = waitlisted(event, minutes_ago=10)
    waiting.sessions.add(workshop, dinner)
    Event.objects.filter(pk=event.pk).update(capacity=3)
    other = confirmed(event)
    other.sessions.add(workshop)

    (promoted,) = promote_waitlisted(event=event)

    assert promoted.pk == waiting.pk
    assert promoted.dropped_sessions == [workshop]
    assert list(Registration.objects.get(pk=waiting.pk).sessions.all()) == [dinner]
    assert seat.sessions.count() == 0


def test_promote_waitlisted_gives_the_last_session_place_to_the_first_in_line():
    event = EventFactory(capacity=0)
    workshop = SessionFactory(event=event, selectable=True, capacity=1)
    first = waitlisted(event, minutes_ago=10)
    second = waitlisted(event, minutes_ago=5)
    first.sessions.add(workshop)
    second.sessions.add(workshop)
    Event.objects.filter(pk=event.pk).update(capacity=2)

    first_promoted, second_promoted = promote_waitlisted(event=event)

    assert (first_promoted.dropped_sessions, second_promoted.dropped_sessions) == ([], [workshop])
    assert list(workshop.registrations.values_list("pk", flat=True)) == [first.pk]


def test_promote_waitlisted_cancelled_event_promotes_nobody():
    event = EventFactory(capacity=0, status=Event.Status.CANCELLED)
    waiting = waitlisted(event, minutes_ago=1)
    Event.objects.filter(pk=event.pk).update(capacity=5)

    assert promote_waitlisted(event=event) == []
    assert status_of(waiting) == ["waitlisted"]


def test_confirm_registration_after_capacity_raised_keeps_the_seat_for_the_first():
    event = EventFactory(capacity=1)
    confirmed(event)
    first = waitlisted(event, minutes_ago=10)
    second = waitlisted(event, minutes_ago=5)
    Event.objects.filter(pk=event.pk).update(capacity=2)

    with pytest.raises(EventFull):
        confirm_registration(registration=second)

    assert status_of(first, second) == ["waitlisted", "waitlisted"]
    assert confirm_registration(registration=first).status == "confirmed"


def test_confirm_registration_when_full_is_refused():
    event = EventFactory(capacity=1)
    confirmed(event)
    waiting = waitlisted(event, minutes_ago=1)

    with pytest.raises(EventFull):
        confirm_registration(registration=waiting)

    assert status_of(waiting) == ["waitlisted"]


def test_confirm_registration_full_session_is_refused():
    event = EventFactory(capacity=5)
    workshop = SessionFactory(event=event, selectable=True, capacity=1)
    seat = confirmed(event)
    seat.sessions.add(workshop)
    cancel_registration(registration=seat)
    confirmed(event).sessions.add(workshop)

    with pytest.raises(SessionFull):
        confirm_registration(registration=seat)

    assert status_of(seat) == ["cancelled"]


def test_confirm_registration_override_goes_beyond_capacity():
    event = EventFactory(capacity=1)
    confirmed(event)
    waiting = waitlisted(event, minutes_ago=1)

    confirm_registration(registration=waiting, override_capacity=True)

    assert Registration.objects.filter(event=event).active().count() == 2


def test_confirm_registration_restores_a_cancelled_one():
    event = EventFactory(capacity=2)
    seat = confirmed(event)
    cancel_registration(registration=seat)

    result = confirm_registration(registration=seat)

    assert (result.status, result.cancelled_at, result.dropped_sessions) == ("confirmed", None, [])


def test_confirm_registration_cancelled_with_a_new_registration_is_invalid():
    event = EventFactory(capacity=5)
    old = confirmed(event, email="karin@kinda.se")
    cancel_registration(registration=old)
    confirmed(event, email="karin@kinda.se")

    with pytest.raises(InvalidChoice) as refused:
        confirm_registration(registration=old)

    assert refused.value.field == "email"
    assert status_of(old) == ["cancelled"]


def test_mark_attended_checks_in_once():
    seat = confirmed(EventFactory())

    with time_machine.travel(timezone.now(), tick=False):
        first = mark_attended(registration=seat)
        checked_in_at = timezone.now()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5), tick=False):
        again = mark_attended(registration=seat)

    assert (first.status, first.checked_in_at) == ("attended", checked_in_at)
    assert (again.status, again.checked_in_at) == ("attended", checked_in_at)


def test_mark_attended_waitlisted_is_invalid():
    waiting = waitlisted(EventFactory(capacity=0), minutes_ago=1)

    with pytest.raises(InvalidChoice):
        mark_attended(registration=waiting)

    assert status_of(waiting) == ["waitlisted"]


def test_unmark_attended_returns_to_confirmed():
    seat = confirmed(EventFactory())
    mark_attended(registration=seat)

    result = unmark_attended(registration=seat)

    assert (result.status, result.checked_in_at) == ("confirmed", None)


def test_attended_registrations_hold_their_seat():
    event = EventFactory(capacity=1)
    seat = confirmed(event)
    mark_attended(registration=seat)
    waiting = waitlisted(event, minutes_ago=1)

    assert promote_waitlisted(event=event) == []
    assert status_of(waiting) == ["waitlisted"]
