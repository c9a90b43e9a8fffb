"""A three-day conference that ended two days ago: who came on which days, who
wants a certificate; organiser admins, door staff and another organisation."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from events.models import Membership
from registrations.models import Answer, Question
from registrations.services import mark_attended
from tests.factories import (
    BookingFactory,
    EventFactory,
    MembershipFactory,
    OrganiserFactory,
    QuestionFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
    VenueFactory,
)

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=STOCKHOLM)


def staff(organiser, role):
    user = UserFactory()
    user.save()
    MembershipFactory(organiser=organiser, user=user, role=role)
    return user


@pytest.fixture
def conference(db):
    """Aktuell Socialpolitik: three days ending two days ago, by Norrbottens Kommuner
    with Region Västerbotten. Áilu came on day 1 and 3 and chose the workshop of
    day 3, and wants a certificate; Bo came on day 2 (English) and does not; Cia
    never came."""
    first = timezone.localdate() - dt.timedelta(days=4)
    days = [first + dt.timedelta(days=number) for number in range(3)]
    organiser = OrganiserFactory(name="Norrbottens Kommuner", contact_email="info@nbkommuner.se")
    region = OrganiserFactory(name="Region Västerbotten")
    venue = VenueFactory(organiser=organiser, name="Kulturens hus", city="Luleå")
    event = EventFactory(
        organiser=organiser,
        venue=venue,
        title="Aktuell Socialpolitik",
        slug="aktuell-socialpolitik",
        starts_at=at(days[0], 9, 30),
        ends_at=at(days[2], 15),
    )
    event.co_organisers.add(region)
    opening = SessionFactory(
        event=event, title="Öppning", starts_at=at(days[0], 9, 30), ends_at=at(days[0], 10)
    )
    SessionFactory(
        event=event, title="Dag ett slutar", starts_at=at(days[0], 15), ends_at=at(days[0], 16, 30)
    )
    workshop = SessionFactory(
        event=event,
        title="Workshop: Samverkan",
        selectable=True,
        starts_at=at(days[2], 10),
        ends_at=at(days[2], 12),
    )
    dinner = SessionFactory(
        event=event,
        title="Middag",
        selectable=True,
        starts_at=at(days[1], 19),
        ends_at=at(days[1], 22),
    )
    question = QuestionFactory(
        event=event, text="Vill du ha ett intyg på ditt deltagande?", kind=Question.Kind.YES_NO
    )
    booking = BookingFactory(event=event)
    ailu = RegistrationFactory(
        booking=booking,
        first_name="Áilu",
        last_name="Ŋuolja-Sárá",
        email="ailu@kiruna.se",
        organisation="Kiruna kommun",
        reference="AILU-2345",
    )
    bo = RegistrationFactory(
        booking=booking, first_name="Bo", last_name="Berg", email="bo@umea.se", language="en"
    )
    cia = RegistrationFactory(
        booking=booking, first_name="Cia", last_name="Dahl", email="cia@lulea.se"
    )
    ailu.sessions.add(workshop, dinner)
    Answer.objects.create(registration=ailu, question=question, value="yes")
    Answer.objects.create(registration=bo, question=question, value="no")
    mark_attended(registration=ailu, day=days[0])
    mark_attended(registration=ailu, day=days[2])
    mark_attended(registration=bo, day=days[1])
    for person in (ailu, bo, cia):
        person.refresh_from_db()
    other = OrganiserFactory(name="Annan arrangör")
    return {
        "event": event,
        "days": days,
        "organiser": organiser,
        "question": question,
        "opening": opening,
        "workshop": workshop,
        "ailu": ailu,
        "bo": bo,
        "cia": cia,
        "admin": staff(organiser, Membership.Role.ADMIN),
        "door": staff(organiser, Membership.Role.DOOR),
        "other_admin": staff(other, Membership.Role.ADMIN),
    }


from tests.messaging.conftest import committed, run_tasks  # noqa: E402, F401
