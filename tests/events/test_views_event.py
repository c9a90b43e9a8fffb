"""The event page: facts, programme by day, speakers, materials and the call to action."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests.factories import (
    BookingFactory,
    EventFactory,
    MaterialFactory,
    OrganiserFactory,
    PriceOptionFactory,
    RegistrationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2019, 3, 1, 12, 0, tzinfo=STOCKHOLM)


def at(month, day, hour, minute=0):
    return dt.datetime(2019, month, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def en_client(client, settings):
    """A visitor who chose English: translated texts are asserted as their English msgids."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def conference(**kwargs):
    """Aktuell Socialpolitik 2019: three days in May."""
    return EventFactory(
        title="Aktuell Socialpolitik 2019",
        slug="aktuell-socialpolitik-2019",
        starts_at=at(5, 14, 10),
        ends_at=at(5, 16, 15),
        **kwargs,
    )


def page(client, event):
    return client.get(reverse("events:event", args=[event.slug]))


def signup_links(response, event):
    return response.text.count(f'href="/evenemang/{event.slug}/anmalan/"')


def section(text, heading_id):
    """The HTML of the <section> labelled by ``heading_id``."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}">(.*?)</section>', text, re.S)
    return match.group(1)


def register(event, count, *, mode="on_site", status="confirmed"):
    booking = BookingFactory(event=event)
    RegistrationFactory.create_batch(count, booking=booking, attendance_mode=mode, status=status)


# Facts


def test_event_page_shows_title_summary_and_date_range(client):
    event = conference(summary="Utmaningar och möjligheter.")
    text = page(client, event).text
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", text) == ["Aktuell Socialpolitik 2019"]
    assert '<p class="lead prose">Utmaningar och möjligheter.</p>' in text
    assert ">14 maj 2019 kl. 10.00 – 16 maj 2019 kl. 15.00</time>" in text
    assert "<title>Aktuell Socialpolitik 2019 – Anmälan</title>" in text


def test_event_page_one_day_shows_date_and_times(client):
    event = EventFactory(starts_at=at(4, 27, 9), ends_at=at(4, 27, 16))
    text = page(client, event).text
    assert '<time datetime="2019-04-27T09:00:00+02:00">27 april 2019 kl. 09.00–16.00</time>' in text


def test_event_page_draft_is_404(client):
    event = EventFactory(status="draft")
    assert page(client, event).status_code == 404


def test_event_page_description_is_escaped_with_line_breaks(client):
    event = EventFactory(description="Första stycket <b>fet</b>.\n\nAndra & sista.")
    text = page(client, event).text
    assert section(text, "about-heading").split('<div class="prose">')[1] == (
        "<p>Första stycket &lt;b&gt;fet&lt;/b&gt;.</p>\n\n<p>Andra &amp; sista.</p></div>\n      "
    )


def test_event_page_shows_venue_with_address_directions_and_accessibility(en_client):
    venue = VenueFactory(
        name="Kisa Folkets hus",
        street_address="Storgatan 1",
        postal_code="590 38",
        city="Kisa",
        directions="Buss 1 från stationen.",
        accessibility_notes="Hiss och hörslinga.",
    )
    event = EventFactory(venue=venue, organiser=venue.organiser)
    venue_html = section(page(en_client, event).text, "venue-heading")
    assert "<strong>Kisa Folkets hus</strong><br>Storgatan 1, 590 38 Kisa" in venue_html
    assert "<p>Buss 1 från stationen.</p>" in venue_html
    assert "<p>Hiss och hörslinga.</p>" in venue_html


def test_event_page_online_event_has_no_venue_section(en_client):
    event = EventFactory(format="online", venue=None, online_details="https://meet.example.se/x")
    text = page(en_client, event).text
    assert 'id="venue-heading"' not in text
    assert "The event takes place online." in section(text, "online-heading")
    assert "meet.example.se" not in text


def test_event_page_shows_organisers_and_contact(client):
    organiser = OrganiserFactory(name="Norrbottens Kommuner")
    event = conference(organiser=organiser, contact_name="Eva Ek", contact_email="eva@nk.se")
    event.co_organisers.add(OrganiserFactory(name="Region Västerbotten", slug="rvb"))
    contact = section(page(client, event).text, "contact-heading")
    assert '<a href="/arrangorer/rvb/">Region Västerbotten</a>' in contact
    assert f'<a href="/arrangorer/{organiser.slug}/">Norrbottens Kommuner</a>' in contact
    assert 'Eva Ek, <a href="mailto:eva@nk.se">eva@nk.se</a>' in contact


def test_event_page_contact_falls_back_to_organiser_email(client):
    event = EventFactory(contact_email="", organiser__contact_email="info@cks.se")
    assert '<a href="mailto:info@cks.se">' in section(page(client, event).text, "contact-heading")


def test_event_page_shows_price_options(en_client):
    event = conference()
    PriceOptionFactory(event=event, name="Hela konferensen", amount=4500, order=1)
    PriceOptionFactory(event=event, name="Studerande", amount=0, order=2)
    text = page(en_client, event).text
    assert re.findall(r"<li>([^<]+)</li>", text.split('id="registration-heading"')[0])[-2:] == [
        "Hela konferensen: SEK\xa04,500 excl. VAT",
        "Studerande: free of charge",
    ]


def test_event_page_shows_prices_in_swedish_with_grouped_thousands(client):
    event = conference()
    PriceOptionFactory(event=event, name="Hela konferensen", amount=4500, order=1)
    text = page(client, event).text
    assert re.findall(r"<li>([^<]+)</li>", text.split('id="registration-heading"')[0])[-1] == (
        "Hela konferensen: 4\xa0500\xa0kr exkl. moms"
    )


# Programme


def three_days(event):
    # Created out of order on purpose: the page orders by time.
    SessionFactory(event=event, title="Avslutning", starts_at=at(5, 16, 14), ends_at=at(5, 16, 15))
    SessionFactory(
        event=event, title="Välkommen", starts_at=at(5, 14, 10), ends_at=at(5, 14, 10, 30)
    )
    SessionFactory(event=event, title="Workshop", starts_at=at(5, 15, 9), ends_at=at(5, 15, 10, 30))
    SessionFactory(
        event=event, title="Lunch", kind="meal", starts_at=at(5, 14, 12), ends_at=at(5, 14, 13)
    )


def test_event_page_groups_the_programme_by_day(client):
    event = conference()
    three_days(event)
    programme = section(page(client, event).text, "programme-heading")
    assert re.findall(r"<h3>([^<]+)</h3>", programme) == [
        "Tisdag 14 maj 2019",
        "Onsdag 15 maj 2019",
        "Torsdag 16 maj 2019",
    ]
    assert re.findall(r'<h4 class="h5 mb-1">([^<]+)</h4>', programme) == [
        "Välkommen",
        "Lunch",
        "Workshop",
        "Avslutning",
    ]


def test_event_page_shows_session_times_in_swedish_format(client):
    event = conference()
    three_days(event)
    programme = section(page(client, event).text, "programme-heading")
    assert re.findall(r'<time datetime="[^"]+">([^<]+)</time>', programme) == [
        "10.00–10.30",
        "12.00–13.00",
        "09.00–10.30",
        "14.00–15.00",
    ]


def test_event_page_one_day_programme_has_no_day_headings(client):
    event = EventFactory(starts_at=at(4, 27, 9), ends_at=at(4, 27, 16))
    SessionFactory(event=event, title="Seminariet", room="Sal A")
    programme = section(page(client, event).text, "programme-heading")
    assert re.findall(r"<h3[^>]*>([^<]+)</h3>", programme) == ["Seminariet"]
    assert "Sal A" in programme


def test_event_page_lists_speakers_in_their_chosen_order(client):
    event = conference()
    session = SessionFactory(event=event, starts_at=at(5, 14, 10), ends_at=at(5, 14, 11))
    for name, order in (("Carolina Klockmo", 2), ("Håkan Olsson", 1), ("Malin Lindberg", 3)):
        SessionSpeakerFactory(session=session, speaker__name=name, order=order)
    programme = section(page(client, event).text, "programme-heading")
    assert re.findall(r'<a href="#speaker-\d+">([^<]+)</a>', programme) == [
        "Håkan Olsson",
        "Carolina Klockmo",
        "Malin Lindberg",
    ]


def test_event_page_shows_each_speaker_once_with_bio(client):
    event = conference()
    speaker = SpeakerFactory(
        organiser=event.organiser,
        name="Åsa Furén Thulin",
        title="Sektionschef",
        organisation="SKL",
        bio="Arbetar med socialtjänstfrågor.",
    )
    for day in (14, 15):
        session = SessionFactory(event=event, starts_at=at(5, day, 10), ends_at=at(5, day, 11))
        SessionSpeakerFactory(session=session, speaker=speaker)
    speakers = section(page(client, event).text, "speakers-heading")
    assert re.findall(r'<li class="col-lg-6 speaker" id="speaker-(\d+)">', speakers) == [
        str(speaker.pk)
    ]
    assert '<h3 class="h5 mb-1">Åsa Furén Thulin</h3>' in speakers
    assert '<p class="secondary-text mb-1">Sektionschef, SKL</p>' in speakers
    assert "<p>Arbetar med socialtjänstfrågor.</p>" in speakers


# Materials


def test_event_page_shows_only_published_materials_grouped_by_session(en_client):
    event = conference()
    session = SessionFactory(event=event, title="Framtidens socialtjänst")
    MaterialFactory(event=event, session=session, title="Bilder från passet")
    MaterialFactory(event=event, session=session, title="Hemligt utkast", published=False)
    MaterialFactory(
        event=event, title="Sammanfattning", url="", text="Dagen i korthet.", kind="summary"
    )
    materials = section(page(en_client, event).text, "materials-heading")
    assert re.findall(r'<h3 class="h5 mt-4">([^<]+)', materials) == [
        "The whole event",
        "Framtidens socialtjänst ",
    ]
    assert "(14 May 2019, 10:00–11:00)" in materials
    assert '<a href="https://example.se/bilder.pdf">Bilder från passet</a>' in materials
    assert '<span class="fw-semibold">Sammanfattning</span>' in materials
    assert "<p>Dagen i korthet.</p>" in materials
    assert "Hemligt utkast" not in materials


def test_event_page_one_day_materials_show_session_time_without_date(client):
    event = EventFactory(starts_at=at(4, 27, 9), ends_at=at(4, 27, 16))
    session = SessionFactory(event=event, title="Inledning", ends_at=at(4, 27, 9, 45))
    MaterialFactory(event=event, session=session)
    materials = section(page(client, event).text, "materials-heading")
    assert re.findall(r'<h3 class="h5 mt-4">Inledning <span[^>]*>([^<]+)</span>', materials) == [
        "(09.00–09.45)"
    ]


def test_event_page_without_published_materials_has_no_materials_section(client):
    event = conference()
    MaterialFactory(event=event, published=False)
    assert 'id="materials-heading"' not in page(client, event).text


# The call to action


def test_event_page_open_links_to_signup(client):
    event = EventFactory(registration_opens_at=at(2, 1, 9))
    response = page(client, event)
    assert signup_links(response, event) == 1
    assert response.text.count('class="state state-open"') == 1
    assert f'href="/evenemang/{event.slug}/skicka-lank/"' in response.text


def test_event_page_full_with_waiting_list_links_to_the_queue(en_client):
    event = EventFactory(capacity=3, waiting_list=True)
    register(event, 3)
    response = page(en_client, event)
    assert signup_links(response, event) == 1
    assert "Fully booked – join the waiting list</a>" in response.text


def test_event_page_not_yet_open_shows_opening_time_without_signup(client):
    event = EventFactory(registration_opens_at=at(4, 1, 9))
    response = page(client, event)
    assert signup_links(response, event) == 0
    registration = section(response.text, "registration-heading")
    assert "1 april 2019 kl. 09.00" in registration


def test_event_page_closed_has_no_signup(client):
    event = EventFactory(registration_closes_at=at(2, 20, 12))
    response = page(client, event)
    assert signup_links(response, event) == 0
    assert response.text.count('class="state state-closed"') == 1


def test_event_page_full_without_waiting_list_has_no_signup(client):
    event = EventFactory(capacity=2, waiting_list=False)
    register(event, 2)
    response = page(client, event)
    assert signup_links(response, event) == 0
    assert response.text.count('class="state state-full"') == 1


def test_event_page_cancelled_shows_banner_and_no_signup(client):
    event = EventFactory(status="cancelled")
    response = page(client, event)
    assert response.status_code == 200
    assert signup_links(response, event) == 0
    assert response.text.count('<div class="cancelled-banner">') == 1
    assert f'href="/evenemang/{event.slug}/skicka-lank/"' not in response.text
    assert f'href="/evenemang/{event.slug}/kalender.ics"' not in response.text


def test_event_page_past_event_has_no_signup_and_no_resend_link(client):
    event = EventFactory(starts_at=at(1, 10, 9), ends_at=at(1, 10, 16))
    response = page(client, event)
    assert signup_links(response, event) == 0
    assert f'href="/evenemang/{event.slug}/skicka-lank/"' not in response.text


def test_event_page_hybrid_shows_seats_on_site_and_online_separately(en_client):
    event = EventFactory(format="hybrid", capacity=20, online_capacity=100)
    register(event, 8)
    register(event, 30, mode="online")
    registration = section(page(en_client, event).text, "registration-heading")
    assert re.findall(r"(\d+) seats left on site", registration) == ["12"]
    assert re.findall(r"(\d+) places left online", registration) == ["70"]


def test_event_page_links_to_its_calendar_file(client):
    event = conference()
    assert 'href="/evenemang/aktuell-socialpolitik-2019/kalender.ics"' in page(client, event).text


# Queries


def test_event_page_query_count_does_not_grow(client, django_assert_num_queries):
    def load(event):
        # A cache miss: the cache key's query, then the six of the page itself.
        with django_assert_num_queries(7):
            response = page(client, event)
        return response.text.count('<li class="session-kind-')

    small = EventFactory()
    session = SessionFactory(event=small)
    SessionSpeakerFactory(session=session)
    MaterialFactory(event=small, session=session)
    PriceOptionFactory(event=small)
    small.co_organisers.add(OrganiserFactory())
    assert load(small) == 1

    big = conference()
    three_days(big)
    for session in big.sessions.all():
        for order in range(3):
            SessionSpeakerFactory(session=session, order=order)
        MaterialFactory(event=big, session=session)
    MaterialFactory(event=big)
    PriceOptionFactory.create_batch(3, event=big)
    big.co_organisers.add(OrganiserFactory(), OrganiserFactory())
    register(big, 5)
    assert load(big) == 4
