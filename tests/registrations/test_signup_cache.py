"""The blank signup form from the cache: rendered once, personal parts per visitor,
and every change of what it offers shows on the next view."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from registrations.models import Booking
from tests.factories import EventFactory, RegistrationFactory, SessionFactory, UserFactory
from tests.registrations.signup_post import field_value, person, signup_post

pytestmark = pytest.mark.django_db


def signup_url(event):
    return reverse("registrations:signup", args=[event.slug])


def workshop(event, title, **fields):
    start = event.starts_at.replace(hour=10)
    return SessionFactory(
        event=event,
        title=title,
        selectable=True,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        **fields,
    )


def test_the_second_visitor_gets_the_form_without_a_render_and_with_their_own_token_and_key(
    rendered,
):
    event = EventFactory()
    anna, bo = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    first = anna.get(signup_url(event)).content.decode()
    rendered.clear()
    second = bo.get(signup_url(event)).content.decode()

    assert rendered == []
    for name in ("csrfmiddlewaretoken", "booking-submission_key"):
        assert field_value(first, name) != field_value(second, name)
    assert len(field_value(second, "booking-submission_key")) == 43
    assert "placeholder0for0the0cached" not in second
    assert bo.cookies["csrftoken"].value


def test_the_form_from_the_cache_can_be_sent_with_csrf_checks_on():
    event = EventFactory()
    Client().get(signup_url(event))  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(signup_url(event)).content.decode()

    data = signup_post([person(1)])
    data["csrfmiddlewaretoken"] = field_value(page, "csrfmiddlewaretoken")
    data["booking-submission_key"] = field_value(page, "booking-submission_key")
    response = visitor.post(signup_url(event), data)

    assert response.status_code == 302
    assert Booking.objects.get().submission_key == data["booking-submission_key"]


def test_a_session_filling_up_shows_full_on_the_next_view(client):
    event = EventFactory()
    full = workshop(event, "Workshop A", capacity=1)
    assert "Workshop A – 1 plats kvar" in client.get(signup_url(event)).content.decode()

    RegistrationFactory(booking__event=event).sessions.add(full)

    assert "Workshop A – Fullt" in client.get(signup_url(event)).content.decode()


def test_an_edit_of_the_event_shows_on_the_next_view(client):
    event = EventFactory(title="Välfärd för alla")
    assert "Välfärd för alla" in client.get(signup_url(event)).content.decode()

    event.title = "Välfärd för fler"
    event.save()

    assert "Välfärd för fler" in client.get(signup_url(event)).content.decode()


def test_each_language_has_its_own_form(client):
    event = EventFactory()
    swedish = client.get(signup_url(event)).content.decode()
    client.get(reverse("switch_language", args=["en"]) + "?next=/")
    english = client.get(signup_url(event)).content.decode()

    assert 'lang="sv"' in swedish
    assert 'lang="en"' in english


def test_a_logged_in_user_and_a_query_string_bypass_the_cache(client, rendered):
    event = EventFactory()
    client.get(signup_url(event))
    rendered.clear()
    client.get(signup_url(event) + "?x=1")
    assert "registrations/signup.html" in rendered

    rendered.clear()
    staff = UserFactory()
    staff.save()  # the factory sets the password without saving it
    client.force_login(staff)
    client.get(signup_url(event))
    assert "registrations/signup.html" in rendered


def test_a_signup_that_leaves_places_free_does_not_render_the_form_again(client, rendered):
    event = EventFactory(capacity=10)
    client.get(signup_url(event))
    RegistrationFactory(booking__event=event)
    rendered.clear()

    client.get(signup_url(event))

    assert "registrations/signup.html" not in rendered


def test_the_last_place_taken_shows_the_waiting_list_on_the_next_view(client):
    event = EventFactory(capacity=1, waiting_list=True)
    assert "fullbokat" not in client.get(signup_url(event)).content.decode().lower()

    RegistrationFactory(booking__event=event)

    assert "fullbokat" in client.get(signup_url(event)).content.decode().lower()
