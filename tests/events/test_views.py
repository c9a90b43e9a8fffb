"""The lists: start page, archive, series and organiser pages."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests.factories import (
    BookingFactory,
    EventFactory,
    OrganiserFactory,
    RegistrationFactory,
    SeriesFactory,
    in_days,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2019, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def en_client(client, settings):
    """A visitor who chose English: translated texts are asserted as their English msgids."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def titles(response):
    """Event titles in the order the list shows them."""
    return re.findall(r'<h3 class="h4" id="event-\d+"><a href="[^"]+">([^<]+)</a>', response.text)


def register(event, count, *, mode="on_site", status="confirmed"):
    booking = BookingFactory(event=event)
    RegistrationFactory.create_batch(count, booking=booking, attendance_mode=mode, status=status)


# Start page


def test_home_lists_upcoming_published_events_in_date_order(client):
    EventFactory(title="Senare", starts_at=in_days(20))
    EventFactory(title="Tidigare", starts_at=in_days(5))
    EventFactory(title="Utkast", status="draft")
    EventFactory(title="Förbi", starts_at=in_days(-5))
    response = client.get(reverse("events:home"))
    assert titles(response) == ["Tidigare", "Senare"]


def test_home_shows_cancelled_events_as_cancelled(client):
    EventFactory(title="Inställt möte", status="cancelled")
    response = client.get(reverse("events:home"))
    assert titles(response) == ["Inställt möte"]
    assert response.text.count('class="state state-cancelled"') == 1


def test_home_shows_date_place_organiser_and_series(client):
    organiser = OrganiserFactory(name="Norrbottens Kommuner")
    series = SeriesFactory(organiser=organiser, name="Aktuell Socialpolitik")
    EventFactory(
        organiser=organiser,
        series=series,
        starts_at=dt.datetime(2019, 5, 14, 10, tzinfo=NOW.tzinfo),
        ends_at=dt.datetime(2019, 5, 16, 15, tzinfo=NOW.tzinfo),
        venue__city="Luleå",
    )
    response = client.get(reverse("events:home"))
    text = response.text
    assert '<time datetime="2019-05-14">14–16 maj 2019</time>' in text
    assert "<dd>Luleå</dd>" in text
    assert f'<a href="/arrangorer/{organiser.slug}/">Norrbottens Kommuner</a>' in text
    assert f'<a href="/serier/{series.slug}/">Aktuell Socialpolitik</a>' in text


def test_home_card_names_the_co_organisers_with_the_organiser(client):
    organiser = OrganiserFactory(name="Norrbottens Kommuner")
    region = OrganiserFactory(name="Region Västerbotten")
    together = EventFactory(organiser=organiser, title="Aktuell Socialpolitik")
    together.co_organisers.add(region)
    EventFactory(organiser=organiser, title="Ensam", starts_at=in_days(40))

    cards = re.findall(r"<article .*?</article>", client.get(reverse("events:home")).text, re.S)

    def organisers(card):
        pattern = r"<dt>(Arrangör|Arrangörer)</dt>\s*<dd>(.*?)</dd>"
        term, names = re.search(pattern, card, re.S).groups()
        return term, re.sub(r"<[^>]+>", "", names).strip()

    assert [organisers(card) for card in cards] == [
        ("Arrangörer", "Norrbottens Kommuner och Region Västerbotten"),
        ("Arrangör", "Norrbottens Kommuner"),
    ]
    assert f'<a href="/arrangorer/{region.slug}/">Region Västerbotten</a>' in cards[0]


def test_home_place_of_online_event_is_online(en_client):
    EventFactory(format="online", venue=None, capacity=None)
    assert "<dd>Online</dd>" in en_client.get(reverse("events:home")).text


def test_home_shows_seats_left(en_client):
    event = EventFactory(capacity=15)
    register(event, 3)
    register(event, 2, status="cancelled")
    register(event, 4, status="waitlisted")
    response = en_client.get(reverse("events:home"))
    assert re.findall(r"<li>\s*(\d+) seats left\s*</li>", response.text) == ["12"]


def test_home_shows_fully_booked_with_waiting_list(en_client):
    event = EventFactory(capacity=2, waiting_list=True)
    register(event, 2)
    text = en_client.get(reverse("events:home")).text
    assert text.count('<span class="state state-waiting">Fully booked</span>') == 1
    assert text.count("<li>Waiting list open</li>") == 1


def test_home_shows_fully_booked_without_waiting_list(en_client):
    event = EventFactory(capacity=2, waiting_list=False)
    register(event, 2)
    text = en_client.get(reverse("events:home")).text
    assert text.count('<span class="state state-full">Fully booked</span>') == 1
    assert "Waiting list open" not in text


def test_home_shows_hybrid_places_on_site_and_online_separately(en_client):
    event = EventFactory(format="hybrid", capacity=10, online_capacity=100)
    register(event, 10)
    register(event, 40, mode="online")
    text = en_client.get(reverse("events:home")).text
    assert "Fully booked on site" in text
    assert re.findall(r"(\d+) places left online", text) == ["60"]


def test_home_filters_by_organiser_including_co_organised(client):
    cks = OrganiserFactory(slug="cks")
    EventFactory(title="Eget", organiser=cks)
    co_organised = EventFactory(title="Samarrangerat")
    co_organised.co_organisers.add(cks)
    EventFactory(title="Annat")
    response = client.get(reverse("events:home"), {"arrangor": "cks"})
    assert titles(response) == ["Eget", "Samarrangerat"]


def test_home_filters_by_series(client):
    series = SeriesFactory(slug="valfard")
    EventFactory(title="I serien", series=series, organiser=series.organiser)
    EventFactory(title="Utanför")
    response = client.get(reverse("events:home"), {"serie": "valfard"})
    assert titles(response) == ["I serien"]


def test_home_filter_offers_only_organisers_and_series_with_upcoming_events(client):
    active = OrganiserFactory(name="Aktiv", slug="aktiv")
    series = SeriesFactory(organiser=active, name="Pågående", slug="pagaende")
    EventFactory(organiser=active, series=series)
    idle = OrganiserFactory(name="Vilande", slug="vilande")
    EventFactory(
        organiser=idle, series=SeriesFactory(organiser=idle, slug="gammal"), starts_at=in_days(-30)
    )
    EventFactory(organiser=idle, status="draft")
    text = client.get(reverse("events:home")).text
    assert re.findall(r'<option value="([^"]*)"', text) == ["", "aktiv", "", "pagaende"]


def test_home_filter_selects_are_labelled(en_client):
    EventFactory()
    text = en_client.get(reverse("events:home")).text
    assert '<label class="form-label" for="id_arrangor">Organiser</label>' in text
    assert '<label class="form-label" for="id_serie">Series</label>' in text


def test_home_unknown_organiser_shows_an_error_and_every_event(client):
    EventFactory(title="Ett")
    EventFactory(title="Två")
    response = client.get(reverse("events:home"), {"arrangor": "finns-inte"})
    assert response.status_code == 200
    assert titles(response) == ["Ett", "Två"]
    assert 'aria-invalid="true"' in response.text
    assert 'id="id_arrangor_error"' in response.text


def test_home_links_to_the_archive(client):
    assert 'href="/arkiv/"' in client.get(reverse("events:home")).text


def test_home_query_count_does_not_grow(client, django_assert_num_queries):
    def load():
        with django_assert_num_queries(4):
            response = client.get(reverse("events:home"))
        return titles(response)

    organiser = OrganiserFactory()
    EventFactory(organiser=organiser, series=SeriesFactory(organiser=organiser))
    assert len(load()) == 1
    for _ in range(5):
        event = EventFactory(series=SeriesFactory(), format="hybrid", online_capacity=10)
        event.co_organisers.add(organiser)
        register(event, 2)
    assert len(load()) == 6


# Archive


def test_archive_lists_past_published_events_newest_first(client):
    EventFactory(title="Äldst", starts_at=in_days(-300))
    EventFactory(title="Nyast", starts_at=in_days(-3))
    EventFactory(title="Utkast", starts_at=in_days(-10), status="draft")
    EventFactory(title="Kommande", starts_at=in_days(3))
    assert titles(client.get(reverse("events:archive"))) == ["Nyast", "Äldst"]


def test_archive_is_paginated_and_keeps_the_filter(client):
    organiser = OrganiserFactory(slug="ssf")
    for days in range(1, 23):
        EventFactory(organiser=organiser, title=f"Studiedag {days:02}", starts_at=in_days(-days))
    EventFactory(title="Annan", starts_at=in_days(-400))
    first = client.get(reverse("events:archive"), {"arrangor": "ssf"})
    second = client.get(reverse("events:archive"), {"arrangor": "ssf", "sida": "2"})
    assert len(titles(first)) == 20
    assert titles(second) == ["Studiedag 21", "Studiedag 22"]
    assert 'href="?arrangor=ssf&amp;sida=2" rel="next"' in first.text


def test_archive_page_out_of_range_shows_the_last_page(client):
    EventFactory(title="Enda", starts_at=in_days(-3))
    response = client.get(reverse("events:archive"), {"sida": "99"})
    assert titles(response) == ["Enda"]


def test_archive_filters_by_series(client):
    series = SeriesFactory(slug="studiedag")
    EventFactory(title="Med", series=series, starts_at=in_days(-3))
    EventFactory(title="Utan", starts_at=in_days(-4))
    assert titles(client.get(reverse("events:archive"), {"serie": "studiedag"})) == ["Med"]


def test_archive_query_count_does_not_grow(client, django_assert_num_queries):
    def load():
        with django_assert_num_queries(5):
            response = client.get(reverse("events:archive"))
        return titles(response)

    EventFactory(starts_at=in_days(-3), series=SeriesFactory())
    assert len(load()) == 1
    for days in range(4, 30):
        event = EventFactory(starts_at=in_days(-days), series=SeriesFactory())
        register(event, 1)
    assert len(load()) == 20


# Series page


def test_series_page_lists_its_upcoming_and_past_events(client):
    series = SeriesFactory(name="Välfärd för alla", description="Tre seminarier.")
    EventFactory(title="Kommande", series=series, starts_at=in_days(10))
    EventFactory(title="Förra", series=series, starts_at=in_days(-10))
    EventFactory(title="Utkast", series=series, status="draft")
    EventFactory(title="Annan serie")
    response = client.get(reverse("events:series", args=[series.slug]))
    assert titles(response) == ["Kommande", "Förra"]
    assert "<h1>Välfärd för alla</h1>" in response.text
    assert "<p>Tre seminarier.</p>" in response.text


def test_series_page_unknown_slug_is_404(client):
    assert client.get(reverse("events:series", args=["finns-inte"])).status_code == 404


def test_series_page_query_count_does_not_grow(client, django_assert_num_queries):
    series = SeriesFactory()

    def load():
        with django_assert_num_queries(5):
            return titles(client.get(reverse("events:series", args=[series.slug])))

    EventFactory(series=series, starts_at=in_days(5))
    EventFactory(series=series, starts_at=in_days(-5))
    assert len(load()) == 2
    for days in (6, 7, -8, -9):
        register(EventFactory(series=series, starts_at=in_days(days)), 2)
    assert len(load()) == 6


# Organiser page


def test_organiser_page_shows_own_and_co_organised_events(client):
    organiser = OrganiserFactory(
        name="Region Västerbotten", website="https://regionvasterbotten.se", description="Region."
    )
    EventFactory(title="Eget kommande", organiser=organiser, starts_at=in_days(4))
    co_organised = EventFactory(title="Samarrangerat förra", starts_at=in_days(-4))
    co_organised.co_organisers.add(organiser)
    EventFactory(title="Utkast", organiser=organiser, status="draft")
    EventFactory(title="Någon annans")
    response = client.get(reverse("events:organiser", args=[organiser.slug]))
    assert titles(response) == ["Eget kommande", "Samarrangerat förra"]
    assert f'<a href="mailto:{organiser.contact_email}">' in response.text
    assert '<a href="https://regionvasterbotten.se" rel="noopener">' in response.text
    assert f'href="/arrangorer/{organiser.slug}/kalender.ics"' in response.text


def test_organiser_page_unknown_slug_is_404(client):
    assert client.get(reverse("events:organiser", args=["finns-inte"])).status_code == 404


def test_organiser_page_query_count_does_not_grow(client, django_assert_num_queries):
    organiser = OrganiserFactory()

    def load():
        with django_assert_num_queries(5):
            return titles(client.get(reverse("events:organiser", args=[organiser.slug])))

    EventFactory(organiser=organiser, starts_at=in_days(5))
    EventFactory(organiser=organiser, starts_at=in_days(-5))
    assert len(load()) == 2
    for days in (6, 7, -8, -9):
        event = EventFactory(starts_at=in_days(days), series=SeriesFactory())
        event.co_organisers.add(organiser)
        register(event, 2)
    assert len(load()) == 6
