import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils.translation import gettext
from pypdf import PdfReader

from exports import pdf
from registrations.models import Registration
from registrations.services import mark_attended
from tests.factories import BookingFactory, EventFactory, RegistrationFactory, VenueFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Northern Sámi, Polish, Serbian/Croatian, Finnish and Meänkieli, Skolt Sámi, Czech.
NAMES = [
    ("Máhtte", "Čuoŋat-Łukaszewicz", "Sámediggi"),
    ("Đorđe", "Šŧŋ", "Kiruna kommun"),
    ("Äänis", "Kärkkäinen-Žďárský", "Pajala kommun"),
    ("Ǩiõll", "Ǯâʹvv", "Överkalix kommun"),
]


def _pages(content):
    return len(re.findall(rb"/Type /Page\b(?!s)", content))


def _texts(content):
    """The strings drawn on each page of a PDF, in drawing order."""
    pages = []
    for page in PdfReader(io.BytesIO(content)).pages:
        texts = []
        page.extract_text(visitor_text=lambda text, *_args, into=texts: into.append(text.strip()))
        pages.append([text for text in texts if text])
    return pages


def _event_with_names(**fields):
    event = EventFactory(title="Aktuell Socialpolitik – Sápmi", **fields)
    booking = BookingFactory(event=event)
    for number, (first, last, organisation) in enumerate(NAMES, start=1):
        RegistrationFactory(
            booking=booking,
            first_name=first,
            last_name=last,
            organisation=organisation,
            reference=f"R{number:03d}-SAMI",
        )
    return event


def _door_rows(page):
    """The rows of one door list page: name, organisation, reference (after the headings)."""
    start = page.index(gettext("Reference")) + 1
    return page[start:-1]


def test_door_list_prints_sami_finnish_and_polish_names(db):
    event = _event_with_names()
    target = io.BytesIO()

    pdf.door_list(event, target)

    (page,) = _texts(target.getvalue())
    assert page[0] == "Aktuell Socialpolitik – Sápmi"
    assert _door_rows(page) == [
        "Čuoŋat-Łukaszewicz, Máhtte",
        "Sámediggi",
        "R001-SAMI",
        "Kärkkäinen-Žďárský, Äänis",
        "Pajala kommun",
        "R003-SAMI",
        "Šŧŋ, Đorđe",
        "Kiruna kommun",
        "R002-SAMI",
        "Ǯâʹvv, Ǩiõll",
        "Överkalix kommun",
        "R004-SAMI",
    ]


def test_badges_print_sami_finnish_and_polish_names(db):
    event = _event_with_names()
    target = io.BytesIO()

    pdf.badges(event, target)

    (page,) = _texts(target.getvalue())
    title = "Aktuell Socialpolitik – Sápmi"
    assert page == [
        *("Máhtte", "Čuoŋat-Łukaszewicz", "Sámediggi", title),
        *("Äänis", "Kärkkäinen-Žďárský", "Pajala kommun", title),
        *("Đorđe", "Šŧŋ", "Kiruna kommun", title),
        *("Ǩiõll", "Ǯâʹvv", "Överkalix kommun", title),
    ]


def test_pdfs_embed_their_fonts(db):
    event = _event_with_names()
    target = io.BytesIO()

    pdf.door_list(event, target)

    fonts = {
        (font["/BaseFont"].split("+")[-1], "/FontFile2" in font.get("/FontDescriptor", {}))
        for page in PdfReader(io.BytesIO(target.getvalue())).pages
        for font in (ref.get_object() for ref in page["/Resources"]["/Font"].values())
    }
    assert fonts == {("KurintoSans-Rg", True), ("KurintoSans-Bd", True)}


def _three_day_conference():
    venue = VenueFactory(name="Kulturens hus", city="Luleå")
    return EventFactory(
        title="Aktuell Socialpolitik 2019",
        organiser=venue.organiser,
        venue=venue,
        starts_at=dt.datetime(2019, 5, 14, 9, 30, tzinfo=STOCKHOLM),
        ends_at=dt.datetime(2019, 5, 16, 15, 0, tzinfo=STOCKHOLM),
    )


def test_door_list_of_a_three_day_event_has_pages_for_each_day(db):
    event = _three_day_conference()
    booking = BookingFactory(event=event)
    RegistrationFactory(booking=booking, first_name="Anna", last_name="Berg", reference="R1")
    per = RegistrationFactory(booking=booking, first_name="Per", last_name="Lind", reference="R2")
    with time_machine.travel(dt.datetime(2019, 5, 15, 8, 55, tzinfo=STOCKHOLM), tick=False):
        mark_attended(registration=per)
    target = io.BytesIO()

    assert pdf.door_list(event, target) == 3

    pages = _texts(target.getvalue())
    assert [page[1] for page in pages] == [
        "Dag 1 av 3: tisdag 14 maj 2019, Kulturens hus, Luleå",
        "Dag 2 av 3: onsdag 15 maj 2019, Kulturens hus, Luleå",
        "Dag 3 av 3: torsdag 16 maj 2019, Kulturens hus, Luleå",
    ]
    anna, per = ["Berg, Anna", "Kinda kommun", "R1"], ["Lind, Per", "Kinda kommun", "R2"]
    assert [_door_rows(page) for page in pages] == [
        [*anna, *per],
        [*anna, "X", *per],
        [*anna, *per],
    ]
    assert [page[-1] for page in pages] == ["Sida 1 av 1 · 2 anmälda på plats"] * 3


@pytest.mark.parametrize(("people", "pages"), [(0, 3), (32, 3), (33, 6)])
def test_door_list_of_a_three_day_event_repeats_the_pages_each_day(db, people, pages):
    event = _three_day_conference()
    booking = BookingFactory(event=event)
    for number in range(people):
        RegistrationFactory(booking=booking, last_name=f"Efternamn{number:03d}")
    target = io.BytesIO()

    assert pdf.door_list(event, target) == pages
    assert _pages(target.getvalue()) == pages


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
