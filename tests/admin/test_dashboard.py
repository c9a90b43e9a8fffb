"""The event dashboard: exact figures, the chart, who may see it, fixed queries."""

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backoffice.dashboard import Period, bar_chart, event_dashboard
from registrations.event_cancellation import cancel_event
from tests.factories import BookingFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def _at(day, hour=10):
    return dt.datetime(2027, 3, day, hour, tzinfo=STOCKHOLM)


@pytest.fixture
def conference(world):
    """A hybrid event of organiser A: 10 seats, 5 online places, six registrations
    made on 1, 3 and 4 March 2027."""
    event = EventFactory(
        organiser=world["a"]["organiser"],
        format="hybrid",
        capacity=10,
        online_capacity=5,
        starts_at=_at(20, 9),
        ends_at=_at(20, 16),
    )
    booking = BookingFactory(event=event)
    people = [
        (_at(1), "Anna", "confirmed", "on_site", "Kinda kommun", "0513", "Vegetarisk"),
        (_at(1, 23), "Bo", "confirmed", "online", "kinda kommun ", "0513", "Vegan"),
        # 00:30 on the 3rd in Stockholm is still the 2nd in UTC: counted on the 3rd.
        (_at(3, 0), "Cecilia", "attended", "on_site", "Region Östergötland", "05", "vegetarisk "),
        (_at(3), "David", "waitlisted", "on_site", "Linköpings kommun", "0580", "Glutenfri"),
        (_at(4), "Eva", "cancelled", "on_site", "Linköpings kommun", "0580", ""),
        (_at(4), "Fia", "confirmed", "on_site", "Konsultbolaget AB", "", "Glutenfri"),
    ]
    for moment, name, status, mode, organisation, code, dietary in people:
        with time_machine.travel(moment + dt.timedelta(minutes=30), tick=False):
            RegistrationFactory(
                booking=booking,
                first_name=name,
                status=status,
                attendance_mode=mode,
                organisation=organisation,
                municipality_code=code,
                dietary_needs=dietary,
            )
    return event


def test_dashboard_counts_by_status_and_fill(conference):
    dashboard = event_dashboard(conference)

    assert dashboard.counts == {"confirmed": 3, "attended": 1, "waitlisted": 1, "cancelled": 1}
    assert dashboard.participants == 4
    assert [
        (f.label, f.active, f.places, f.percent, f.free, f.waitlisted) for f in dashboard.fills
    ] == [
        ("På plats", 3, 10, 30, 7, 1),
        ("Online", 1, 5, 20, 4, 0),
    ]
    assert dashboard.split == [("På plats", 3, 75), ("Online", 1, 25)]
    assert dashboard.on_site == 3


def test_dashboard_registrations_per_day_fill_the_gaps(conference):
    dashboard = event_dashboard(conference)

    assert dashboard.weekly is False
    assert [(p.start, p.count, p.total) for p in dashboard.periods] == [
        (dt.date(2027, 3, 1), 2, 2),
        (dt.date(2027, 3, 2), 0, 2),
        (dt.date(2027, 3, 3), 2, 4),
        (dt.date(2027, 3, 4), 2, 6),
    ]


def test_dashboard_organisations_municipalities_and_regions(conference):
    dashboard = event_dashboard(conference)

    assert dashboard.organisations == [
        ("Kinda kommun", 2),
        ("Konsultbolaget AB", 1),
        ("Region Östergötland", 1),
    ]
    assert dashboard.municipalities == [("Kinda kommun", 2)]
    assert dashboard.regions == [("Region Östergötland", 3)]
    assert dashboard.without_code == 1


def test_dashboard_dietary_needs_of_those_on_site(conference):
    assert event_dashboard(conference).dietary == [("Vegetarisk", 2), ("Glutenfri", 1)]


def test_dashboard_of_an_event_without_registrations(world):
    dashboard = event_dashboard(EventFactory(organiser=world["a"]["organiser"], capacity=None))

    assert dashboard.periods == []
    assert [(f.active, f.places, f.percent, f.free) for f in dashboard.fills] == [
        (0, None, None, None)
    ]
    assert dashboard.split == [("På plats", 0, 0), ("Online", 0, 0)]
    assert (dashboard.organisations, dashboard.municipalities, dashboard.dietary) == ([], [], [])


def test_dashboard_long_registration_period_is_shown_per_week(world):
    event = EventFactory(organiser=world["a"]["organiser"])
    booking = BookingFactory(event=event)
    for moment in (_at(3), _at(4), dt.datetime(2027, 6, 2, 12, tzinfo=STOCKHOLM)):
        with time_machine.travel(moment, tick=False):
            RegistrationFactory(booking=booking)

    periods = event_dashboard(event).periods

    assert (periods[0].start, periods[0].end, periods[0].count) == (
        dt.date(2027, 3, 1),
        dt.date(2027, 3, 7),
        2,
    )
    assert (periods[-1].start, periods[-1].count, periods[-1].total) == (dt.date(2027, 5, 31), 1, 3)
    assert len(periods) == 14
    assert sum(p.count for p in periods) == 3


def test_bar_chart_scales_to_a_round_maximum():
    day = dt.date(2027, 3, 1)
    periods = [Period(day, day, 3, 3), Period(day, day, 0, 3), Period(day, day, 7, 10)]

    chart = bar_chart(periods, width=300, height=140, left=40, right=10, top=10, bottom=30)

    # Plot area 250 x 100 from (40, 10); the scale goes to 10 (the next of 1, 2, 5, 10...).
    assert [(x, y, w, h) for x, y, w, h, _p in chart.bars] == [
        (48.3, 80.0, 66.7, 30.0),
        (131.6, 110.0, 66.7, 0.0),
        (215.0, 40.0, 66.7, 70.0),
    ]
    assert chart.ticks == [(110.0, 0), (60.0, 5), (10.0, 10)]
    assert [(x, anchor) for x, anchor, _period in chart.labels] == [
        (48.3, "start"),
        (164.9, "middle"),
        (281.7, "end"),
    ]
    assert chart.peak is periods[2]


# The page


def _url(event):
    return reverse("admin:events_event_dashboard", args=[event.pk])


def test_dashboard_page_shows_the_figures_and_an_accessible_chart(client, world, conference):
    client.force_login(world["a"]["admin"])

    response = client.get(_url(conference))
    content = response.content.decode()

    assert response.status_code == 200
    assert content.count('<rect class="chart-bar"') == 4
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in content
    assert "6 anmälningar från 1 mars 2027 till 4 mars 2027." in content
    assert '<meter min="0" max="10" value="3" aria-hidden="true"></meter> 30 %' in content
    assert "<tr><td>Kinda kommun</td><td>2</td></tr>" in content
    assert "<tr><td>Region Östergötland</td><td>3</td></tr>" in content
    assert "<tr><td>Vegetarisk</td><td>2</td></tr>" in content
    assert re.search(r'style="', content.split('id="content"')[1]) is None


def test_dashboard_is_linked_from_the_event_list_and_change_page(client, world):
    client.force_login(world["a"]["admin"])
    event = world["a"]["event"]

    for page in (
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_change", args=[event.pk]),
    ):
        assert f'href="{_url(event)}"' in client.get(page).content.decode(), page


def test_dashboard_is_not_for_door_staff(client, world):
    client.force_login(world["a"]["door"])

    assert client.get(_url(world["a"]["event"])).status_code == 404


def test_dashboard_of_another_organisation_is_not_found(client, world):
    client.force_login(world["b"]["admin"])

    response = client.get(_url(world["a"]["event"]))

    assert response.status_code == 404
    assert "hemligt" not in response.content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_registrations(client, world, django_assert_num_queries):
    client.force_login(world["a"]["admin"])
    event = EventFactory(organiser=world["a"]["organiser"], format="hybrid", online_capacity=9)
    RegistrationFactory(booking__event=event, municipality_code="0513", dietary_needs="Vegan")
    client.get(_url(event))
    one = _count(client, _url(event))

    for day in range(1, 9):
        with time_machine.travel(_at(day), tick=False):
            booking = BookingFactory(event=event)
            RegistrationFactory(
                booking=booking, municipality_code="0580", dietary_needs=f"Allergi {day}"
            )
            RegistrationFactory(booking=booking, status="waitlisted", attendance_mode="online")
            RegistrationFactory(booking=booking, organisation=f"Bolag {day}")

    with django_assert_num_queries(one):
        response = client.get(_url(event))
    assert response.context["dashboard"].participants == 17


def test_dashboard_of_a_cancelled_event_counts_nobody_confirmed(conference):
    cancel_event(event=conference)

    dashboard = event_dashboard(conference)

    assert dashboard.counts == {"confirmed": 0, "attended": 0, "waitlisted": 0, "cancelled": 6}
    assert dashboard.participants == 0
    assert [(f.active, f.waitlisted) for f in dashboard.fills] == [(0, 0), (0, 0)]
    assert (dashboard.organisations, dashboard.dietary, dashboard.on_site) == ([], [], 0)
