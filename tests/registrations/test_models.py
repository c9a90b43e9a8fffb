"""Registration queue order and places left per attendance mode."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Event, RegistrationState
from registrations.models import Registration
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def waiting(event, minutes_ago, **fields):
    return RegistrationFactory(
        booking__event=event,
        status="waitlisted",
        waitlisted_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
        **fields,
    )


def test_waitlisted_orders_by_time_joined():
    event = EventFactory()
    late = waiting(event, 1)
    early = waiting(event, 30)
    RegistrationFactory(booking__event=event)

    assert list(Registration.objects.for_event(event).waitlisted()) == [early, late]


def test_waitlist_position_counts_the_same_event_and_mode_only():
    event = EventFactory(format=Event.Format.HYBRID)
    first = waiting(event, 30)
    online = waiting(event, 20, attendance_mode="online")
    second = waiting(event, 10)
    waiting(EventFactory(), 40)
    confirmed = RegistrationFactory(booking__event=event)

    assert [first.waitlist_position, second.waitlist_position] == [1, 2]
    assert (online.waitlist_position, confirmed.waitlist_position) == (1, None)


def test_waitlist_position_same_time_goes_by_id():
    event = EventFactory()
    moment = timezone.now()
    first = RegistrationFactory(booking__event=event, status="waitlisted", waitlisted_at=moment)
    second = RegistrationFactory(booking__event=event, status="waitlisted", waitlisted_at=moment)

    assert [first.waitlist_position, second.waitlist_position] == [1, 2]


def test_with_waitlist_position_annotates_in_one_query(django_assert_num_queries):
    event = EventFactory(format=Event.Format.HYBRID)
    registrations = [
        waiting(event, 30),
        waiting(event, 20, attendance_mode="online"),
        waiting(event, 10),
        RegistrationFactory(booking__event=event),
    ]

    with django_assert_num_queries(1):
        places = {
            r.pk: r.waitlist_position
            for r in Registration.objects.for_event(event).with_waitlist_position()
        }

    assert places == {
        registrations[0].pk: 1,
        registrations[1].pk: 1,
        registrations[2].pk: 2,
        registrations[3].pk: None,
    }


def test_seat_counts_counts_each_status_and_mode():
    event = EventFactory(format=Event.Format.HYBRID)
    RegistrationFactory(booking__event=event)
    RegistrationFactory(booking__event=event, status="attended")
    RegistrationFactory(booking__event=event, status="cancelled")
    RegistrationFactory(booking__event=event, attendance_mode="online")
    waiting(event, 5, attendance_mode="online")

    assert Registration.objects.for_event(event).seat_counts() == {
        "active": {"on_site": 2, "online": 1},
        "waitlisted": {"on_site": 0, "online": 1},
    }


def test_event_places_left_per_mode():
    event = EventFactory(format=Event.Format.HYBRID, capacity=3, online_capacity=None)
    RegistrationFactory(booking__event=event)
    RegistrationFactory(booking__event=event, attendance_mode="online")

    assert (event.seats_left, event.online_places_left) == (2, None)
    assert event.attendance_modes == ["on_site", "online"]


def test_event_places_left_uses_the_listing_annotations(django_assert_num_queries):
    EventFactory(format=Event.Format.HYBRID, capacity=3, online_capacity=2)

    event = Event.objects.for_listing().get()
    event.online_taken = 2
    with django_assert_num_queries(0):
        assert (event.seats_left, event.online_places_left, event.is_full) == (3, 0, False)


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({"format": "hybrid", "capacity": 1, "online_capacity": 5}, RegistrationState.OPEN),
        ({"format": "hybrid", "capacity": 1, "online_capacity": 1}, RegistrationState.WAITING_LIST),
        ({"format": "online", "capacity": 9, "online_capacity": 1}, RegistrationState.WAITING_LIST),
        ({"format": "online", "capacity": 1, "online_capacity": 2}, RegistrationState.OPEN),
        ({"format": "on_site", "capacity": 1, "waiting_list": False}, RegistrationState.FULL),
    ],
)
def test_event_registration_state_counts_every_mode(fields, state):
    event = EventFactory(**fields)
    mode = "online" if fields["format"] == "online" else "on_site"
    RegistrationFactory(booking__event=event, attendance_mode=mode)
    if fields["format"] == "hybrid":
        RegistrationFactory(booking__event=event, attendance_mode="online")

    assert event.registration_state == state


def test_event_registration_closed_reason_while_open_is_none():
    assert EventFactory().registration_closed_reason() is None
