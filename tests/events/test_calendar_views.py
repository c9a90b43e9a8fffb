"""The .ics download of an event and the iCal feed of an organiser."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.urls import reverse

from tests.factories import EventFactory, OrganiserFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2017, 3, 1, 12, 0, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def kisa_seminar(**kwargs):
    venue = VenueFactory(
        name="Kisa Folkets hus", street_address="Storgatan 1", postal_code="590 38", city="Kisa"
    )
    return EventFactory(
        title="När resurserna inte räcker för att uppfylla lagkraven",
        slug="nar-resurserna-inte-racker",
        organiser=venue.organiser,
        venue=venue,
        starts_at=dt.datetime(2017, 4, 27, 9, tzinfo=STOCKHOLM),
        ends_at=dt.datetime(2017, 4, 27, 16, tzinfo=STOCKHOLM),
        **kwargs,
    )


def vevents(response):
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT")


def test_event_ics_is_a_calendar_attachment(client):
    event = kisa_seminar()
    response = client.get(reverse("events:event_ics", args=[event.slug]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="nar-resurserna-inte-racker.ics"'
    )


def test_event_ics_has_summary_times_and_location(client):
    event = kisa_seminar()
    (vevent,) = vevents(client.get(reverse("events:event_ics", args=[event.slug])))
    assert str(vevent["summary"]) == "När resurserna inte räcker för att uppfylla lagkraven"
    assert str(vevent["location"]) == "Kisa Folkets hus, Storgatan 1, 590 38 Kisa"
    start, end = vevent.decoded("dtstart"), vevent.decoded("dtend")
    assert start == dt.datetime(2017, 4, 27, 9, tzinfo=STOCKHOLM)
    assert start.astimezone(dt.UTC) == dt.datetime(2017, 4, 27, 7, tzinfo=dt.UTC)
    assert end == dt.datetime(2017, 4, 27, 16, tzinfo=STOCKHOLM)


def test_event_ics_of_cancelled_event_is_cancelled(client):
    event = kisa_seminar(status="cancelled")
    (vevent,) = vevents(client.get(reverse("events:event_ics", args=[event.slug])))
    assert str(vevent["status"]) == "CANCELLED"


def test_event_ics_of_draft_is_404(client):
    event = kisa_seminar(status="draft")
    assert client.get(reverse("events:event_ics", args=[event.slug])).status_code == 404


def test_event_ics_query_count(client, django_assert_num_queries):
    event = kisa_seminar()
    with django_assert_num_queries(2):
        client.get(reverse("events:event_ics", args=[event.slug]))


def three_days():
    """Aktuell Socialpolitik 2019: 14–16 May, 10.00 the first day to 12.30 the last."""
    event = EventFactory(
        title="Aktuell Socialpolitik 2019",
        slug="aktuell-socialpolitik-2019",
        starts_at=dt.datetime(2019, 5, 14, 10, tzinfo=STOCKHOLM),
        ends_at=dt.datetime(2019, 5, 16, 12, 30, tzinfo=STOCKHOLM),
    )
    for day, start, end in [(14, 10, 16), (15, 9, 16), (16, 9, 12)]:
        SessionFactory(
            event=event,
            starts_at=dt.datetime(2019, 5, day, start, tzinfo=STOCKHOLM),
            ends_at=dt.datetime(2019, 5, day, end, tzinfo=STOCKHOLM),
        )
    return event


def test_event_ics_of_several_days_has_one_entry_per_day(client):
    with time_machine.travel(dt.datetime(2019, 3, 1, tzinfo=STOCKHOLM), tick=False):
        event = three_days()
        items = vevents(client.get(reverse("events:event_ics", args=[event.slug])))

    assert [
        (str(item["uid"]), item.decoded("dtstart"), item.decoded("dtend"), str(item["summary"]))
        for item in items
    ] == [
        (
            f"event-{event.pk}@anmalan",
            dt.datetime(2019, 5, 14, 10, tzinfo=STOCKHOLM),
            dt.datetime(2019, 5, 14, 16, tzinfo=STOCKHOLM),
            "Aktuell Socialpolitik 2019 (dag 1 av 3)",
        ),
        (
            f"event-{event.pk}-day2@anmalan",
            dt.datetime(2019, 5, 15, 9, tzinfo=STOCKHOLM),
            dt.datetime(2019, 5, 15, 16, tzinfo=STOCKHOLM),
            "Aktuell Socialpolitik 2019 (dag 2 av 3)",
        ),
        (
            f"event-{event.pk}-day3@anmalan",
            dt.datetime(2019, 5, 16, 9, tzinfo=STOCKHOLM),
            dt.datetime(2019, 5, 16, 12, 30, tzinfo=STOCKHOLM),
            "Aktuell Socialpolitik 2019 (dag 3 av 3)",
        ),
    ]


def test_event_ics_never_gives_the_online_details_sent_only_to_registrants(client):
    event = kisa_seminar(format="hybrid", online_details="https://teams.example.se/m/hemligt")

    content = client.get(reverse("events:event_ics", args=[event.slug])).content

    assert b"hemligt" not in content


def test_organiser_feed_lists_upcoming_published_and_co_organised_events(client):
    organiser = OrganiserFactory(name="CKS", slug="cks")
    EventFactory(organiser=organiser, title="Andra", starts_at=NOW + dt.timedelta(days=20))
    EventFactory(organiser=organiser, title="Första", starts_at=NOW + dt.timedelta(days=10))
    EventFactory(organiser=organiser, title="Förra", starts_at=NOW - dt.timedelta(days=10))
    EventFactory(organiser=organiser, title="Utkast", status="draft")
    EventFactory(title="Någon annans")
    EventFactory(title="Tillsammans", starts_at=NOW + dt.timedelta(days=30)).co_organisers.add(
        organiser
    )
    response = client.get(reverse("events:organiser_feed", args=["cks"]))
    calendar = icalendar.Calendar.from_ical(response.content)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert str(calendar["x-wr-calname"]) == "CKS"
    assert [str(vevent["summary"]) for vevent in calendar.walk("VEVENT")] == [
        "Första",
        "Andra",
        "Tillsammans",
    ]


def test_organiser_feed_has_each_day_of_an_event_of_several_days(client):
    organiser = OrganiserFactory(slug="norrbotten")
    with time_machine.travel(dt.datetime(2019, 3, 1, tzinfo=STOCKHOLM), tick=False):
        event = three_days()
        event.co_organisers.add(organiser)
        items = vevents(client.get(reverse("events:organiser_feed", args=["norrbotten"])))

    assert [str(item["uid"]) for item in items] == [
        f"event-{event.pk}@anmalan",
        f"event-{event.pk}-day2@anmalan",
        f"event-{event.pk}-day3@anmalan",
    ]


def test_organiser_feed_unknown_organiser_is_404(client):
    assert client.get(reverse("events:organiser_feed", args=["finns-inte"])).status_code == 404


def test_organiser_feed_query_count_does_not_grow(client, django_assert_num_queries):
    organiser = OrganiserFactory()

    def load():
        with django_assert_num_queries(3):
            response = client.get(reverse("events:organiser_feed", args=[organiser.slug]))
        return len(vevents(response))

    EventFactory(organiser=organiser)
    assert load() == 1
    for days in range(5):
        EventFactory(starts_at=NOW + dt.timedelta(days=days + 1)).co_organisers.add(organiser)
    assert load() == 6
