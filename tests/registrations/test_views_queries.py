"""The signup and self-service pages make the same number of queries however
many sessions, questions, price options and participants there are."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import (
    BookingFactory,
    EventFactory,
    PriceOptionFactory,
    QuestionFactory,
    RegistrationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

# The event (with places taken), its selectable sessions (with places taken),
# questions, price options and co-organisers.
SIGNUP_QUERIES = 5
# The registration, its event's co-organisers, its sessions and answers; then the
# event as on the signup page.
MANAGE_QUERIES = 4 + SIGNUP_QUERIES
# No registration has the token; the booking, its event's co-organisers, its
# participants, their sessions and answers.
BOOKING_QUERIES = 6
# The event, with its venue and organiser; its co-organisers.
SENT_QUERIES = 2


def event_with(count):
    """An event with ``count`` selectable sessions, questions of every kind and price options."""
    event = EventFactory(capacity=100)
    for number in range(count):
        start = event.starts_at + dt.timedelta(hours=number)
        SessionFactory(event=event, selectable=True, capacity=10, starts_at=start)
        SessionFactory(event=event, selectable=False, starts_at=start)
        QuestionFactory(event=event, kind="multiple", choices="A\nB")
        QuestionFactory(event=event, kind="yes_no")
        PriceOptionFactory(event=event, amount=100 * number)
    return event


def registrations_of(event, booking, count):
    sessions = list(event.sessions.filter(selectable=True))
    questions = list(event.questions.all())
    for number in range(count):
        registration = RegistrationFactory(
            booking=booking, status="waitlisted" if number % 2 else "confirmed"
        )
        registration.sessions.add(*sessions)
        for question in questions:
            registration.answers.create(question=question, value="A")
    return list(booking.registrations.all())


@pytest.mark.parametrize("count", [1, 6])
def test_signup_page_queries_do_not_grow(client, django_assert_num_queries, count):
    event = event_with(count)
    url = reverse("registrations:signup", args=[event.slug])

    with django_assert_num_queries(SIGNUP_QUERIES):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_manage_registration_page_queries_do_not_grow(client, django_assert_num_queries, count):
    event = event_with(count)
    booking = BookingFactory(event=event)
    registration = registrations_of(event, booking, count)[-1]
    url = reverse("registrations:manage", args=[registration.manage_token])

    with django_assert_num_queries(MANAGE_QUERIES):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_manage_booking_page_queries_do_not_grow(client, django_assert_num_queries, count):
    event = event_with(count)
    booking = BookingFactory(event=event, price_option=event.price_options.last())
    registrations_of(event, booking, count)
    url = reverse("registrations:manage", args=[booking.manage_token])

    with django_assert_num_queries(BOOKING_QUERIES):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_signup_sent_page_queries_do_not_grow(client, django_assert_num_queries, count):
    event = event_with(count)
    booking = BookingFactory(event=event)
    registrations_of(event, booking, count)
    url = reverse("registrations:signup_sent", args=[event.slug])

    with django_assert_num_queries(SENT_QUERIES):
        response = client.get(url)

    assert response.status_code == 200


def test_signup_page_lists_selectable_sessions_in_programme_order(client):
    event = EventFactory(capacity=100)
    titles = ["Middag", "Workshop B", "Workshop A"]
    hours = [18, 13, 10]
    for title, hour in zip(titles, hours, strict=True):
        start = event.starts_at.replace(hour=hour)
        SessionFactory(event=event, selectable=True, title=title, starts_at=start)

    page = client.get(reverse("registrations:signup", args=[event.slug])).content.decode()

    positions = [page.index(title) for title in ("Workshop A", "Workshop B", "Middag")]
    assert positions == sorted(positions)
