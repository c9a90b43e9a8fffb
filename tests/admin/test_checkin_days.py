"""Check-in per day of a multi-day event, at the door, on the dashboard, in the
exports, and what the camera may do on the check-in page."""

import datetime as dt
import importlib
import zoneinfo

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse

from backoffice.dashboard import event_dashboard
from events.models import Membership
from exports import reports
from registrations.models import DayAttendance, Registration
from registrations.services import mark_attended, unmark_attended
from tests.factories import (
    BookingFactory,
    EventFactory,
    MembershipFactory,
    OrganiserFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
DAY_1, DAY_2, DAY_3 = dt.date(2027, 5, 11), dt.date(2027, 5, 12), dt.date(2027, 5, 13)


def _at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def _the_week_of_the_conference():
    """Logins made in the test stay valid on each day of the conference."""
    with time_machine.travel(_at(DAY_1 - dt.timedelta(days=1), 12)):
        yield


def _staff(organiser, role):
    user = UserFactory()
    user.save()
    MembershipFactory(organiser=organiser, user=user, role=role)
    return user


@pytest.fixture
def conference(db):
    """A three-day conference (11–13 May 2027) with Anna and Bo; door staff."""
    organiser = OrganiserFactory(name="Norrbottens Kommuner")
    event = EventFactory(
        organiser=organiser,
        title="Aktuell Socialpolitik",
        starts_at=_at(DAY_1, 9, 30),
        ends_at=_at(DAY_3, 15),
    )
    booking = BookingFactory(event=event)
    anna = RegistrationFactory(booking=booking, first_name="Anna", reference="ANNA-2345")
    bo = RegistrationFactory(booking=booking, first_name="Bo", reference="BOBO-2345")
    return {
        "event": event,
        "anna": anna,
        "bo": bo,
        "door": _staff(organiser, Membership.Role.DOOR),
        "organiser": organiser,
    }


def _url(event):
    return reverse("backoffice:checkin", args=[event.pk])


def _days(registration):
    return list(
        DayAttendance.objects.filter(registration=registration).values_list("day", flat=True)
    )


def test_event_days_and_the_day_of_today(conference):
    event = conference["event"]

    assert event.days == [DAY_1, DAY_2, DAY_3]
    assert event.day_of(_at(DAY_2, 0, 30)) == DAY_2
    assert event.day_of(_at(DAY_1 - dt.timedelta(days=5), 12)) == DAY_1
    assert event.day_of(_at(DAY_3 + dt.timedelta(days=1), 12)) == DAY_3


def test_mark_attended_records_each_day_once(conference):
    anna, door = conference["anna"], conference["door"]

    with time_machine.travel(_at(DAY_1, 8, 50), tick=False):
        mark_attended(registration=anna, by=door)
        mark_attended(registration=anna, by=door)
    with time_machine.travel(_at(DAY_3, 9), tick=False):
        mark_attended(registration=anna)

    anna.refresh_from_db()
    assert (anna.status, anna.checked_in_at) == ("attended", _at(DAY_1, 8, 50))
    rows = DayAttendance.objects.filter(registration=anna).values_list(
        "day", "checked_in_at", "checked_in_by"
    )
    assert list(rows) == [(DAY_1, _at(DAY_1, 8, 50), door.pk), (DAY_3, _at(DAY_3, 9), None)]


def test_unmark_attended_on_one_day_keeps_the_others(conference):
    anna = conference["anna"]
    with time_machine.travel(_at(DAY_1, 9), tick=False):
        mark_attended(registration=anna, day=DAY_1)
        mark_attended(registration=anna, day=DAY_2)

    unmark_attended(registration=anna, day=DAY_1)
    anna.refresh_from_db()
    assert (anna.status, _days(anna)) == ("attended", [DAY_2])

    unmark_attended(registration=anna, day=DAY_2)
    anna.refresh_from_db()
    assert (anna.status, anna.checked_in_at, _days(anna)) == ("confirmed", None, [])


def test_door_page_checks_in_on_the_chosen_day(client, conference):
    event, anna = conference["event"], conference["anna"]
    client.force_login(conference["door"])

    with time_machine.travel(_at(DAY_1, 9), tick=False):
        response = client.post(_url(event), {"q": anna.reference, "dag": "2027-05-12"})

    assert response.status_code == 302
    assert response["Location"] == f"{_url(event)}?dag=2027-05-12&klar={anna.pk}"
    assert _days(anna) == [DAY_2]
    with time_machine.travel(_at(DAY_1, 9), tick=False):
        day_2 = client.get(_url(event), {"dag": "2027-05-12", "q": "Anna"})
        day_1 = client.get(_url(event), {"q": "Anna"})
    assert day_2.context["counts"] == {"expected": 2, "checked_in": 1}
    assert [person.is_in for person in day_2.context["results"]] == [True]
    assert day_1.context["day"] == DAY_1
    assert day_1.context["counts"] == {"expected": 2, "checked_in": 0}
    assert [person.is_in for person in day_1.context["results"]] == [False]
    content = day_1.content.decode()
    assert "Incheckad en annan dag av evenemanget." in content
    assert '<input type="hidden" name="dag" value="2027-05-11">' in content


def test_door_page_defaults_to_today_in_stockholm(client, conference):
    client.force_login(conference["door"])

    # 23:30 UTC on the 11th is 01:30 on the 12th in Stockholm.
    with time_machine.travel(dt.datetime(2027, 5, 11, 23, 30, tzinfo=dt.UTC), tick=False):
        response = client.get(_url(conference["event"]))

    assert response.context["day"] == DAY_2
    assert [(number, current) for number, _date, _url, current in response.context["days"]] == [
        (1, False),
        (2, True),
        (3, False),
    ]
    assert 'aria-current="page">Dag 2<span class="d-block small">onsdag 12 maj 2027</span>' in (
        response.content.decode()
    )


@pytest.mark.parametrize("value", ["2027-05-20", "igår", "2027-13-01"])
def test_door_page_with_a_day_outside_the_event_uses_the_nearest(client, conference, value):
    client.force_login(conference["door"])

    with time_machine.travel(_at(DAY_3, 10), tick=False):
        response = client.get(_url(conference["event"]), {"dag": value})

    assert response.status_code == 200
    assert response.context["day"] == DAY_3


def test_door_page_checks_in_again_the_next_day_and_undoes_one_day(client, conference):
    event, anna = conference["event"], conference["anna"]
    client.force_login(conference["door"])
    with time_machine.travel(_at(DAY_1, 9), tick=False):
        client.post(_url(event), {"q": anna.reference})
    with time_machine.travel(_at(DAY_2, 9), tick=False):
        again = client.post(_url(event), {"q": anna.reference}, follow=True)
        undone = client.post(
            _url(event), {"registration": anna.pk, "undo": "1", "dag": "2027-05-12"}, follow=True
        )

    assert again.context["done"] == anna
    assert undone.context["counts"] == {"expected": 2, "checked_in": 0}
    anna.refresh_from_db()
    assert (anna.status, _days(anna)) == ("attended", [DAY_1])


def test_door_page_says_already_checked_in_on_that_day(client, conference):
    event, anna = conference["event"], conference["anna"]
    client.force_login(conference["door"])
    with time_machine.travel(_at(DAY_2, 9, 5), tick=False):
        client.post(_url(event), {"q": anna.reference})
        response = client.post(_url(event), {"q": anna.reference}, follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert messages == [f"{anna.full_name} var redan incheckad kl. 09.05."]


def test_door_page_of_another_organiser_cannot_check_in_a_day(client, conference):
    client.force_login(_staff(OrganiserFactory(), Membership.Role.ADMIN))
    anna = conference["anna"]

    response = client.post(
        _url(conference["event"]), {"registration": anna.pk, "dag": "2027-05-12"}
    )

    assert response.status_code == 404
    assert _days(anna) == []


def test_check_in_history_names_the_day(client, conference):
    from django.contrib.admin.models import LogEntry

    client.force_login(conference["door"])
    with time_machine.travel(_at(DAY_2, 9), tick=False):
        client.post(_url(conference["event"]), {"q": conference["anna"].reference})

    assert list(LogEntry.objects.values_list("change_message", flat=True)) == [
        "Incheckad vid entrén onsdag 12 maj 2027."
    ]


def test_checkin_page_may_use_the_camera_and_no_other_page_may(client, conference):
    client.force_login(conference["door"])

    checkin = client.get(_url(conference["event"]))
    index = client.get(reverse("backoffice:checkin_events"))

    assert "camera=(self)" in checkin["Permissions-Policy"]
    assert "camera=()" in index["Permissions-Policy"]
    content = checkin.content.decode()
    assert '<div class="checkin-camera mb-3" id="checkin-camera" hidden' in content
    assert 'data-form="checkin-search"' in content


def test_dashboard_counts_check_ins_per_day(conference):
    anna, bo = conference["anna"], conference["bo"]
    for day in (DAY_1, DAY_2):
        mark_attended(registration=anna, day=day)
    mark_attended(registration=bo, day=DAY_2)

    assert event_dashboard(conference["event"]).attendance == [
        (1, DAY_1, 1),
        (2, DAY_2, 2),
        (3, DAY_3, 0),
    ]


def test_dashboard_page_shows_check_ins_per_day(client, conference):
    organiser_admin = _staff(conference["organiser"], Membership.Role.ADMIN)
    mark_attended(registration=conference["anna"], day=DAY_2)
    client.force_login(organiser_admin)

    content = client.get(
        reverse("admin:events_event_dashboard", args=[conference["event"].pk])
    ).content.decode()

    assert '<h2 id="attendance-title">Incheckade per dag</h2>' in content
    assert '<tr><th scope="row">Dag 2: onsdag 12 maj</th><td>1</td></tr>' in content


def test_attendee_list_has_a_column_per_day(conference):
    anna = conference["anna"]
    mark_attended(registration=anna, day=DAY_1)
    mark_attended(registration=anna, day=DAY_3)
    keys = ["first_name", "day:2027-05-11", "day:2027-05-12", "day:2027-05-13"]

    [sheet] = reports.attendee_list(conference["event"], keys=keys)

    assert sheet.header == [
        "förnamn",
        "Närvaro dag 1 (11 maj)",
        "Närvaro dag 2 (12 maj)",
        "Närvaro dag 3 (13 maj)",
    ]
    assert sorted(sheet.rows) == [["Anna", "x", "", "x"], ["Bo", "", "", ""]]


def test_attendee_list_of_a_one_day_event_has_no_day_columns(db):
    event = EventFactory()

    [sheet] = reports.attendee_list(event, keys=["first_name", f"day:{event.days[0]}"])

    assert sheet.header == ["förnamn"]


migration = importlib.import_module("registrations.migrations.0011_day_attendance")


def test_check_ins_made_before_count_for_their_day(conference):
    event = conference["event"]
    anna, bo = conference["anna"], conference["bo"]
    Registration.objects.filter(pk=anna.pk).update(
        status="attended", checked_in_at=_at(DAY_2, 8, 40)
    )
    Registration.objects.filter(pk=bo.pk).update(status="attended", checked_in_at=None)
    one_day = RegistrationFactory(
        booking__event=EventFactory(starts_at=_at(DAY_1, 9), ends_at=_at(DAY_1, 16)),
        status="attended",
        checked_in_at=_at(DAY_1, 23, 30),
    )

    migration.days_from_check_ins(apps, None)

    rows = DayAttendance.objects.order_by("registration_id").values_list(
        "registration_id", "day", "checked_in_at"
    )
    assert list(rows) == [
        (anna.pk, DAY_2, _at(DAY_2, 8, 40)),
        (bo.pk, DAY_1, event.starts_at),
        (one_day.pk, DAY_1, _at(DAY_1, 23, 30)),
    ]


def test_registration_page_lists_the_days_checked_in(client, conference):
    anna = conference["anna"]
    with time_machine.travel(_at(DAY_1, 9, 40), tick=False):
        mark_attended(registration=anna)
    with time_machine.travel(_at(DAY_3, 8, 55), tick=False):
        mark_attended(registration=anna)
    client.force_login(_staff(conference["organiser"], Membership.Role.ADMIN))

    content = client.get(
        reverse("admin:registrations_registration_change", args=[anna.pk])
    ).content.decode()

    assert "11 maj 2027 kl. 09.40, 13 maj 2027 kl. 08.55" in content
