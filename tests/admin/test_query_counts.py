"""Admin lists read a fixed number of queries, however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Membership
from registrations.models import Answer
from tests.factories import (
    BookingFactory,
    EventFactory,
    MembershipFactory,
    OrganiserFactory,
    QuestionFactory,
    RegistrationFactory,
    SeriesFactory,
    SessionFactory,
    SessionSpeakerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "admin:events_event_changelist",
    "admin:events_session_changelist",
    "admin:events_speaker_changelist",
    "admin:events_series_changelist",
    "admin:events_venue_changelist",
    "admin:registrations_registration_changelist",
    "admin:registrations_booking_changelist",
    "admin:registrations_question_changelist",
]


def _add_rows(organiser, event, count):
    """``count`` more of everything: events, sessions with speakers, bookings with
    registrations that chose sessions and answered."""
    for _ in range(count):
        question = QuestionFactory(event=event)
        other = EventFactory(organiser=organiser, series=SeriesFactory(organiser=organiser))
        session = SessionFactory(event=event, selectable=True)
        SessionSpeakerFactory(session=session)
        SessionSpeakerFactory(session=SessionFactory(event=other))
        booking = BookingFactory(event=event)
        registration = RegistrationFactory(booking=booking, checked_in_at=None)
        RegistrationFactory(booking=booking, status="waitlisted")
        registration.sessions.add(session)
        Answer.objects.create(registration=registration, question=question, value="Ja")


@pytest.fixture
def organiser_admin(client):
    organiser = OrganiserFactory()
    user = UserFactory()
    user.save()
    MembershipFactory(organiser=organiser, user=user, role=Membership.Role.ADMIN)
    client.force_login(user)
    event = EventFactory(organiser=organiser)
    return client, organiser, event


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", PAGES)
def test_changelist_queries_do_not_grow_with_rows(organiser_admin, django_assert_num_queries, name):
    client, organiser, event = organiser_admin
    url = reverse(name)
    _add_rows(organiser, event, 1)
    client.get(url)  # caches (content types, site) filled
    one = _count(client, url)

    _add_rows(organiser, event, 6)

    with django_assert_num_queries(one):
        response = client.get(url)
    assert response.context["cl"].result_count >= 7


@pytest.mark.parametrize("query", ["?event={event}", "?event={event}&session={session}", "?q=a"])
def test_filtered_registration_list_queries_do_not_grow(
    organiser_admin, django_assert_num_queries, query
):
    client, organiser, event = organiser_admin
    _add_rows(organiser, event, 1)
    session = event.sessions.first()
    url = reverse("admin:registrations_registration_changelist") + query.format(
        event=event.pk, session=session.pk
    )
    client.get(url)
    one = _count(client, url)

    _add_rows(organiser, event, 6)

    with django_assert_num_queries(one):
        client.get(url)
