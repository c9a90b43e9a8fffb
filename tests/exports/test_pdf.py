import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest

from exports import pdf
from registrations.models import Registration
from tests.factories import BookingFactory, EventFactory, RegistrationFactory, VenueFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _pages(content):
    return len(re.findall(rb"/Type /Page\b(?!s)", content))


def _event_with(count):
    event = EventFactory(title="Studiedag: Framtidens socialtjänst")
    booking = BookingFactory(event=event)
    Registration.objects.bulk_create(
        Registration(
            booking=booking,
            event=event,
            first_name=f"Person{number}",
            last_name=f"Efternamn{number:03d}",
            email=f"p{number}@kommun.se",
            organisation="Botkyrka kommun",
            reference=f"R{number:03d}-AAAA",
        )
        for number in range(count)
    )
    return event


@pytest.mark.parametrize(("people", "pages"), [(0, 1), (1, 1), (32, 1), (33, 2), (65, 3)])
def test_door_list_has_one_page_per_32_names(db, people, pages):
    event = _event_with(people)
    target = io.BytesIO()

    assert pdf.door_list(event, target) == pages
    content = target.getvalue()
    assert content.startswith(b"%PDF")
    assert _pages(content) == pages


@pytest.mark.parametrize(("people", "pages"), [(1, 1), (8, 1), (9, 2), (17, 3)])
def test_badges_fit_eight_on_a_page(db, people, pages):
    event = _event_with(people)
    target = io.BytesIO()

    assert pdf.badges(event, target) == pages
    assert target.getvalue().startswith(b"%PDF")
    assert _pages(target.getvalue()) == pages


def test_people_on_site_sorted_by_last_name_in_swedish_order(conference):
    names = [(last, first) for last, first, *_rest in pdf.people_on_site(conference["event"])]

    assert names == [("Andersson", "Bo"), ("Öberg", "Åsa")]


def test_people_on_site_puts_a_before_a_ring_before_a_umlaut_after_z(db):
    event = EventFactory()
    for last in ("Östberg", "Zetterlund", "Ärlig", "Åberg", "Ekström", "Éliasson"):
        RegistrationFactory(booking=BookingFactory(event=event), last_name=last)

    names = [last for last, *_rest in pdf.people_on_site(event)]

    assert names == ["Ekström", "Éliasson", "Zetterlund", "Åberg", "Ärlig", "Östberg"]


def test_door_list_heading_says_when_and_where_as_the_site_writes_it(db):
    venue = VenueFactory(name="Kisa Folkets hus", city="Kisa")
    event = EventFactory(
        venue=venue,
        organiser=venue.organiser,
        starts_at=dt.datetime(2017, 4, 27, 9, tzinfo=STOCKHOLM),
        ends_at=dt.datetime(2017, 4, 27, 16, tzinfo=STOCKHOLM),
    )

    assert pdf._when_and_where(event) == "27 april 2017 kl. 09.00–16.00, Kisa Folkets hus, Kisa"


def test_fit_cuts_long_text_with_an_ellipsis():
    text = pdf.fit("Socialförvaltningen i Stockholms stad, enheten för", "Helvetica", 10, 100)

    assert text.endswith("…")
    assert pdf.stringWidth(text, "Helvetica", 10) <= 100
