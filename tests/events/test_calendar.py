"""An event as the days people spend at it (events.calendar.event_days)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from events.calendar import Day, event_days, online_location, uid
from events.models import Event
from tests.factories import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(day, hour, minute=0, month=5):
    return dt.datetime(2019, month, day, hour, minute, tzinfo=STOCKHOLM)


def session(event, start, end):
    return SessionFactory(event=event, starts_at=start, ends_at=end)


def test_one_day_is_the_event_itself():
    event = EventFactory(starts_at=at(14, 9), ends_at=at(14, 16))
    session(event, at(14, 10), at(14, 11))

    assert event_days(event) == [Day(1, at(14, 9), at(14, 16))]


def test_several_days_run_from_each_days_first_session_to_its_last():
    """Aktuell Socialpolitik 2019: 14–16 May, starting at 10.00, ending at 12.30."""
    event = EventFactory(starts_at=at(14, 10), ends_at=at(16, 12, 30))
    session(event, at(14, 10), at(14, 11))
    session(event, at(14, 15), at(14, 16, 15))
    session(event, at(15, 9), at(15, 10, 15))
    session(event, at(15, 14, 45), at(15, 16))
    session(event, at(16, 9), at(16, 12))

    assert event_days(event) == [
        Day(1, at(14, 10), at(14, 16, 15)),
        Day(2, at(15, 9), at(15, 16)),
        Day(3, at(16, 9), at(16, 12, 30)),
    ]


def test_several_days_without_sessions_have_the_events_daily_hours():
    event = EventFactory(starts_at=at(14, 9), ends_at=at(16, 16))

    assert event_days(event) == [
        Day(1, at(14, 9), at(14, 16)),
        Day(2, at(15, 9), at(15, 16)),
        Day(3, at(16, 9), at(16, 16)),
    ]


def test_several_days_ending_earlier_in_the_day_than_they_start_fill_the_days_between():
    """From lunch to lunch: the first afternoon, whole days between, the last morning."""
    event = EventFactory(starts_at=at(14, 13), ends_at=at(16, 12))

    assert event_days(event) == [
        Day(1, at(14, 13), at(15, 0)),
        Day(2, dt.date(2019, 5, 15), dt.date(2019, 5, 16)),
        Day(3, at(16, 0), at(16, 12)),
    ]


def test_a_day_without_programme_between_days_with_programme_is_left_out():
    event = EventFactory(starts_at=at(14, 9), ends_at=at(16, 15))
    session(event, at(14, 9), at(14, 12))
    session(event, at(16, 13), at(16, 15))

    assert event_days(event) == [
        Day(1, at(14, 9), at(14, 12)),
        Day(3, at(16, 13), at(16, 15)),
    ]


def test_a_days_first_and_last_day_keep_the_events_start_and_end():
    event = EventFactory(starts_at=at(14, 9, 30), ends_at=at(15, 15))
    session(event, at(14, 10), at(14, 17))
    session(event, at(15, 9), at(15, 14))

    assert event_days(event) == [
        Day(1, at(14, 9, 30), at(14, 17)),
        Day(2, at(15, 9), at(15, 15)),
    ]


def test_a_participants_days_end_with_the_last_session_they_attend():
    event = EventFactory(starts_at=at(14, 10), ends_at=at(15, 12))
    session(event, at(14, 10), at(14, 16))
    dinner = session(event, at(14, 19), at(14, 23))
    SessionFactory(event=event, starts_at=at(15, 9), ends_at=at(15, 10), selectable=True)
    session(event, at(15, 10), at(15, 12))

    def not_the_dinner(item):
        return item.pk != dinner.pk

    def nothing(item):
        return False

    assert event_days(event, attends=not_the_dinner) == [
        Day(1, at(14, 10), at(14, 16)),
        Day(2, at(15, 9), at(15, 12)),
    ]
    assert event_days(event, attends=nothing) == event_days(event)
    assert event_days(event)[0] == Day(1, at(14, 10), at(14, 23))


def test_days_across_a_change_to_summer_time_keep_local_hours():
    event = EventFactory(starts_at=at(30, 9, month=3), ends_at=at(31, 16, month=3))

    days = event_days(event)

    assert [day.starts_at.astimezone(dt.UTC).hour for day in days] == [8, 7]
    assert days[1] == Day(2, at(31, 9, month=3), at(31, 16, month=3))


def test_uid_of_the_first_day_is_the_base_and_later_days_are_numbered():
    assert uid("event-7", Day(1, at(14, 9), at(14, 16))) == "event-7@anmalan"
    assert uid("event-7", Day(3, at(16, 9), at(16, 16))) == "event-7-day3@anmalan"


@pytest.mark.parametrize(
    ("details", "location"),
    [
        (
            "Zoom: https://zoom.example.se/j/123?pwd=x\nKod 4411",
            "https://zoom.example.se/j/123?pwd=x",
        ),
        ("Länken kommer\ndagen före.", "Länken kommer dagen före."),
        ("", "Online"),
    ],
)
def test_online_location_is_the_join_link_or_the_details(details, location):
    assert online_location(Event(online_details=details)) == location
