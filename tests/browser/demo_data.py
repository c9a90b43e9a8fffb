"""Demo-like data for the browser tests, built with the factories.

Like the demo organisers' real events: a seminar in a series with a full
programme (talks, a panel, a break, parallel workshops and a dinner to choose),
a fully booked seminar with a waiting list, a conference with a fee, and a past
event with its published materials.
"""

import datetime as dt

from events.models import Event, Membership, Session
from registrations.models import Question
from tests import factories as f
from tests.factories import in_days

ORGANISER_PASSWORD = "kisa-seminarium-2026"


def _session(event, title, start, minutes, **fields):
    starts_at = event.starts_at.replace(hour=start[0], minute=start[1])
    return f.SessionFactory(
        event=event,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=minutes),
        **fields,
    )


def _speak(session, *speakers):
    for order, speaker in enumerate(speakers):
        f.SessionSpeakerFactory(session=session, speaker=speaker, order=order)


def build_demo():
    organiser = f.OrganiserFactory(
        name="Centrum för kommunstrategiska studier",
        slug="cks",
        contact_email="cks@example.se",
        description="Forskning och utbildning för kommuner och regioner.",
    )
    region = f.OrganiserFactory(name="Region Östergötland", slug="region-ostergotland")
    staff = f.UserFactory(username="arrangor", first_name="Maria", last_name="Lind")
    staff.set_password(ORGANISER_PASSWORD)
    staff.save(update_fields=["password"])
    Membership.objects.create(organiser=organiser, user=staff, role=Membership.Role.ADMIN)
    series = f.SeriesFactory(
        organiser=organiser,
        name="Välfärd för alla",
        slug="valfard-for-alla",
        description="Seminarier om social trygghet, ekonomi och samverkan i kommunerna.",
    )
    venue = f.VenueFactory(
        organiser=organiser,
        name="Kisa folkets hus",
        street_address="Storgatan 1",
        postal_code="590 38",
        city="Kisa",
        directions="Fem minuters promenad från busstationen.",
        accessibility_notes=(
            "Entré utan trappsteg, hörslinga i stora salen och tillgänglig toalett."
        ),
    )
    researcher = f.SpeakerFactory(
        organiser=organiser,
        name="Kerstin Johansson",
        title="Forskare",
        organisation="Centrum för kommunstrategiska studier",
    )
    economist = f.SpeakerFactory(
        organiser=organiser,
        name="Robert Jonsson",
        title="Forskare",
        organisation="Centrum för kommunstrategiska studier",
    )
    chief = f.SpeakerFactory(
        organiser=organiser, name="Lena Berg", title="Socialchef", organisation="Kinda kommun"
    )

    seminar = f.EventFactory(
        organiser=organiser,
        series=series,
        venue=venue,
        title="När resurserna inte räcker för att uppfylla lagkraven",
        slug="nar-resurserna-inte-racker",
        summary="Om prioriteringar i socialtjänsten när lagens krav och budgeten inte möts.",
        description=(
            "Kommunerna ska ge alla det stöd lagen kräver, men pengarna räcker inte alltid. "
            "Under dagen möts forskare och socialchefer för att tala om hur man prioriterar "
            "öppet och rättssäkert."
        ),
        starts_at=in_days(30, 9),
        ends_at=in_days(30, 19),
        capacity=60,
        contact_name="Maria Lind",
        contact_email="maria.lind@example.se",
    )
    seminar.co_organisers.add(region)
    welcome = _session(seminar, "Välkommen och inledning", (9, 0), 30, room="Stora salen")
    _speak(welcome, researcher)
    talk = _session(seminar, "Lagkrav och knappa resurser", (9, 30), 60, room="Stora salen")
    _speak(talk, researcher, economist)
    _session(seminar, "Kaffe", (10, 30), 30, kind=Session.Kind.BREAK)
    panel = _session(
        seminar, "Samtal: prioriteringar i praktiken", (11, 0), 60, kind=Session.Kind.PANEL
    )
    _speak(panel, chief, researcher)
    _session(seminar, "Lunch", (12, 0), 60, kind=Session.Kind.MEAL)
    workshop_budget = _session(
        seminar,
        "Workshop A: budget och behov",
        (13, 0),
        90,
        kind=Session.Kind.WORKSHOP,
        room="Sal 1",
        selectable=True,
        capacity=25,
    )
    _speak(workshop_budget, economist)
    workshop_law = _session(
        seminar,
        "Workshop B: rättssäkra beslut",
        (13, 0),
        90,
        kind=Session.Kind.WORKSHOP,
        room="Sal 2",
        selectable=True,
        capacity=25,
    )
    _speak(workshop_law, chief)
    dinner = _session(
        seminar, "Middag", (17, 0), 120, kind=Session.Kind.MEAL, selectable=True, capacity=40
    )
    f.QuestionFactory(
        event=seminar,
        text="Vilken fråga vill du att panelen tar upp?",
        kind=Question.Kind.SHORT_TEXT,
        required=False,
    )

    full = f.EventFactory(
        organiser=organiser,
        series=series,
        venue=venue,
        title="Samverkan mellan kommun och region",
        slug="samverkan-kommun-region",
        summary="Ett halvdagsseminarium om samverkan i vård och omsorg.",
        starts_at=in_days(45, 13),
        ends_at=in_days(45, 16),
        capacity=1,
        waiting_list=True,
    )
    first_in = f.RegistrationFactory(
        booking__event=full,
        booking__contact_name="Erik Holm",
        first_name="Erik",
        last_name="Holm",
        email="erik.holm@kinda.example.se",
    )

    conference = f.EventFactory(
        organiser=region,
        title="Aktuell socialpolitik 2027",
        slug="aktuell-socialpolitik-2027",
        summary="Tre dagar om utmaningar och möjligheter i välfärden.",
        starts_at=in_days(60, 9),
        ends_at=in_days(62, 15),
        format=Event.Format.HYBRID,
        capacity=200,
        online_capacity=300,
    )
    f.PriceOptionFactory(event=conference, name="Hela konferensen", amount=4500, order=0)
    f.PriceOptionFactory(event=conference, name="En dag", amount=1900, order=1)
    _session(conference, "Öppning av konferensen", (9, 0), 60)

    past = f.EventFactory(
        organiser=organiser,
        series=series,
        venue=venue,
        title="Social trygghet i små kommuner",
        slug="social-trygghet-sma-kommuner",
        summary="Vårens första seminarium i serien.",
        starts_at=in_days(-60, 9),
        ends_at=in_days(-60, 16),
    )
    past_talk = _session(past, "Trygghet och ekonomi", (9, 0), 60)
    _speak(past_talk, economist)
    f.MaterialFactory(event=past, session=past_talk, title="Bilder: Trygghet och ekonomi")
    f.MaterialFactory(
        event=past,
        title="Sammanfattning av dagen",
        kind="summary",
        url="",
        text="Dagen handlade om hur små kommuner kan dela på specialistkompetens.",
    )

    return {
        "organiser": organiser,
        "co_organiser": region,
        "staff": staff,
        "password": ORGANISER_PASSWORD,
        "series": series,
        "venue": venue,
        "seminar": seminar,
        "workshops": (workshop_budget, workshop_law),
        "dinner": dinner,
        "full": full,
        "first_in": first_in,
        "conference": conference,
        "past": past,
    }
