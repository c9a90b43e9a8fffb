import pytest
from django.contrib.auth import get_user_model

from events.models import Membership
from registrations.models import Answer
from tests.factories import (
    BookingFactory,
    EventFactory,
    MaterialFactory,
    MembershipFactory,
    OrganiserFactory,
    PriceOptionFactory,
    QuestionFactory,
    RegistrationFactory,
    SeriesFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    UserFactory,
    VenueFactory,
)

SECRET = "hemligt-a"  # every private text of organiser A contains this


def _organisation(prefix, *, secret):
    """An organiser with one of everything; texts start with ``prefix``."""
    tag = f"{SECRET}-" if secret else ""
    organiser = OrganiserFactory(
        name=f"Arrangör {prefix}", contact_email=f"{tag}kontakt@{prefix.lower()}.se"
    )
    series = SeriesFactory(organiser=organiser, name=f"{tag}Serie {prefix}")
    venue = VenueFactory(organiser=organiser, name=f"{tag}Lokal {prefix}")
    speaker = SpeakerFactory(organiser=organiser, name=f"{tag}Talare {prefix}")
    event = EventFactory(
        organiser=organiser,
        series=series,
        venue=venue,
        title=f"{tag}Konferens {prefix}",
        slug=f"{tag}konferens-{prefix.lower()}",
        summary=f"{tag}sammanfattning",
    )
    session = SessionFactory(event=event, title=f"{tag}Workshop {prefix}", selectable=True)
    SessionSpeakerFactory(session=session, speaker=speaker)
    MaterialFactory(event=event, session=session, title=f"{tag}Bilder {prefix}")
    price = PriceOptionFactory(event=event, name=f"{tag}Pris {prefix}", amount=1200)
    question = QuestionFactory(event=event, text=f"{tag}Fråga {prefix}")
    booking = BookingFactory(
        event=event,
        price_option=price,
        contact_name=f"{tag}Kontakt {prefix}",
        contact_email=f"{tag}bokare@kommun.se",
        invoice_organisation=f"{tag}Betalare {prefix}",
    )
    confirmed = RegistrationFactory(
        booking=booking,
        first_name=f"{tag}Deltagare",
        last_name=f"Efternamn{prefix}",
        email=f"{tag}deltagare@kommun.se",
        organisation=f"{tag}Kommun {prefix}",
    )
    waiting = RegistrationFactory(
        booking=booking,
        first_name=f"{tag}Väntande",
        last_name=f"Kö{prefix}",
        email=f"{tag}vantande@kommun.se",
        organisation=f"{tag}Kommun {prefix}",
        status="waitlisted",
    )
    confirmed.sessions.add(session)
    Answer.objects.create(registration=confirmed, question=question, value=f"{tag}svar")
    admin_user = UserFactory(username=f"{tag}admin-{prefix.lower()}")
    door_user = UserFactory(username=f"{tag}dorr-{prefix.lower()}")
    for user in (admin_user, door_user):
        user.save()  # the factory sets the password without saving it
    MembershipFactory(organiser=organiser, user=admin_user, role=Membership.Role.ADMIN)
    MembershipFactory(organiser=organiser, user=door_user, role=Membership.Role.DOOR)
    return {
        "organiser": organiser,
        "event": event,
        "session": session,
        "speaker": speaker,
        "venue": venue,
        "series": series,
        "booking": booking,
        "registration": confirmed,
        "waiting": waiting,
        "question": question,
        "admin": admin_user,
        "door": door_user,
    }


@pytest.fixture
def world(db):
    """Organiser A (whose private texts contain SECRET) and organiser B."""
    return {"a": _organisation("A", secret=True), "b": _organisation("B", secret=False)}


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.se", "pw")
