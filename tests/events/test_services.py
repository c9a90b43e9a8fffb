import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from events.models import Event, Material, PriceOption, Session, SessionSpeaker
from events.services import (
    EventError,
    duplicate_event,
    publish_event,
    shift_local,
    unpublish_event,
)
from registrations.models import Question
from tests.factories import (
    EventFactory,
    MaterialFactory,
    OrganiserFactory,
    PriceOptionFactory,
    QuestionFactory,
    RegistrationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _at(year, month, day, hour, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.fixture
def conference():
    event = EventFactory(
        title="Aktuell Socialpolitik 2019",
        slug="aktuell-socialpolitik-2019",
        starts_at=_at(2019, 5, 14, 9),
        ends_at=_at(2019, 5, 16, 15),
        registration_opens_at=_at(2019, 1, 15, 8),
        registration_closes_at=_at(2019, 5, 1, 23, 59),
        cancellation_deadline=_at(2019, 5, 7, 12),
    )
    event.co_organisers.add(OrganiserFactory(name="Region Västerbotten"))
    first = SessionFactory(
        event=event, title="Inledning", starts_at=_at(2019, 5, 14, 9), ends_at=_at(2019, 5, 14, 10)
    )
    panel = SessionFactory(
        event=event,
        title="Panel",
        starts_at=_at(2019, 5, 15, 13),
        ends_at=_at(2019, 5, 15, 14, 30),
        kind=Session.Kind.PANEL,
        selectable=True,
        capacity=40,
        room="Sal B",
    )
    olsson = SpeakerFactory(organiser=event.organiser, name="Håkan Olsson")
    furen = SpeakerFactory(organiser=event.organiser, name="Åsa Furén Thulin")
    SessionSpeakerFactory(session=panel, speaker=furen, order=2)
    SessionSpeakerFactory(session=panel, speaker=olsson, order=1)
    SessionSpeakerFactory(session=first, speaker=olsson, order=0)
    MaterialFactory(event=event, session=panel, title="Bilder från panelen", published=True)
    MaterialFactory(event=event, title="Sammanfattning", url="", text="Kort text.", published=True)
    PriceOptionFactory(event=event, name="Hela konferensen", amount=3900, order=1)
    PriceOptionFactory(event=event, name="En dag", amount=1900, order=2)
    QuestionFactory(event=event, text="Vill du åka buss?", kind=Question.Kind.YES_NO, required=True)
    RegistrationFactory(booking__event=event)
    return event


def test_duplicate_event_moves_every_date_by_the_same_days_keeping_local_time(conference):
    copy = duplicate_event(event=conference, starts_on=dt.date(2020, 5, 12))

    assert (copy.starts_at, copy.ends_at) == (_at(2020, 5, 12, 9), _at(2020, 5, 14, 15))
    assert copy.registration_opens_at == _at(2020, 1, 14, 8)
    assert copy.registration_closes_at == _at(2020, 4, 29, 23, 59)
    assert copy.cancellation_deadline == _at(2020, 5, 5, 12)
    assert [(s.title, s.starts_at, s.ends_at) for s in copy.sessions.order_by("starts_at")] == [
        ("Inledning", _at(2020, 5, 12, 9), _at(2020, 5, 12, 10)),
        ("Panel", _at(2020, 5, 13, 13), _at(2020, 5, 13, 14, 30)),
    ]


def test_duplicate_event_is_a_draft_with_the_new_year_in_title_and_slug(conference):
    copy = duplicate_event(event=conference, starts_on=dt.date(2020, 5, 12))

    assert (copy.title, copy.slug, copy.status) == (
        "Aktuell Socialpolitik 2020",
        "aktuell-socialpolitik-2020",
        Event.Status.DRAFT,
    )
    assert [o.name for o in copy.co_organisers.all()] == ["Region Västerbotten"]
    assert copy.organiser == conference.organiser
    assert copy.registrations.count() == 0
    conference.refresh_from_db()
    assert conference.sessions.count() == 2


def test_duplicate_event_copies_programme_speakers_in_order_prices_questions(conference):
    copy = duplicate_event(event=conference, starts_on=dt.date(2020, 5, 12))

    panel = copy.sessions.get(title="Panel")
    assert (panel.kind, panel.selectable, panel.capacity, panel.room) == (
        "panel",
        True,
        40,
        "Sal B",
    )
    assert [link.speaker.name for link in SessionSpeaker.objects.filter(session=panel)] == [
        "Håkan Olsson",
        "Åsa Furén Thulin",
    ]
    assert [(p.name, p.amount) for p in PriceOption.objects.filter(event=copy)] == [
        ("Hela konferensen", 3900),
        ("En dag", 1900),
    ]
    assert [(q.text, q.kind, q.required) for q in copy.questions.all()] == [
        ("Vill du åka buss?", "yes_no", True)
    ]


def test_duplicate_event_copies_materials_unpublished_onto_the_new_sessions(conference):
    copy = duplicate_event(event=conference, starts_on=dt.date(2020, 5, 12))

    materials = Material.objects.filter(event=copy).select_related("session").order_by("pk")
    assert [
        (m.title, m.published, m.session.event_id if m.session else None) for m in materials
    ] == [
        ("Bilder från panelen", False, copy.pk),
        ("Sammanfattning", False, None),
    ]


def test_duplicate_event_finds_a_free_slug(conference):
    EventFactory(slug="aktuell-socialpolitik-2020")

    copy = duplicate_event(event=conference, starts_on=dt.date(2020, 5, 12))

    assert copy.slug == "aktuell-socialpolitik-2020-2"


def test_duplicate_event_refuses_a_chosen_slug_in_use(conference):
    with pytest.raises(EventError):
        duplicate_event(event=conference, starts_on=dt.date(2020, 5, 12), slug=conference.slug)

    assert Event.objects.filter(title="Aktuell Socialpolitik 2020").count() == 0


def test_duplicate_event_takes_a_chosen_title_and_slug(conference):
    copy = duplicate_event(
        event=conference, starts_on=dt.date(2019, 9, 3), title="Höstupplaga", slug="host-2019"
    )

    assert (copy.title, copy.slug, copy.starts_at) == (
        "Höstupplaga",
        "host-2019",
        _at(2019, 9, 3, 9),
    )


def test_shift_local_keeps_the_wall_clock_across_summer_time():
    winter = _at(2025, 3, 28, 9)

    assert shift_local(winter, 3) == _at(2025, 3, 31, 9)
    moved = shift_local(winter, 3).astimezone(dt.UTC) - winter.astimezone(dt.UTC)
    assert moved == dt.timedelta(days=3, hours=-1)
    assert shift_local(None, 3) is None


def test_publish_and_unpublish_event():
    event = EventFactory(status=Event.Status.DRAFT)

    publish_event(event=event)
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    unpublish_event(event=event)
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT


def test_cancelled_event_cannot_be_published_or_drafted_again():
    event = EventFactory(status=Event.Status.CANCELLED)

    with pytest.raises(EventError):
        publish_event(event=event)
    with pytest.raises(EventError):
        unpublish_event(event=event)
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
