"""The event page from the cache: one query when nothing shown has changed, and
every change a visitor must see shows on the next view."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django.urls import reverse

from events.services import programme_changed
from tests.factories import EventFactory, RegistrationFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_backend")]

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2019, 3, 1, 12, 0, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def event(**kwargs):
    return EventFactory(
        slug="seminarium",
        starts_at=dt.datetime(2019, 5, 14, 10, tzinfo=STOCKHOLM),
        ends_at=dt.datetime(2019, 5, 14, 16, tzinfo=STOCKHOLM),
        capacity=10,
        **kwargs,
    )


def page(client):
    return client.get(reverse("events:event", args=["seminarium"]))


def test_event_page_from_the_cache_makes_one_query(client, django_assert_num_queries):
    session = SessionFactory(event=event(), title="Inledning")
    first = page(client)

    with django_assert_num_queries(1):
        second = page(client)

    assert (second.status_code, second.content) == (200, first.content)
    assert "Inledning" in second.text
    assert session.title == "Inledning"


def test_event_page_shows_a_new_registration_at_once(client):
    seminar = event()
    assert "10 platser kvar" in page(client).text

    RegistrationFactory(booking__event=seminar)

    assert "9 platser kvar" in page(client).text


def test_event_page_shows_a_session_edit_at_once(client):
    seminar = event()
    session = SessionFactory(event=seminar, title="Inledning")
    assert "Inledning" in page(client).text

    session.title = "Välkommen"
    session.save()
    with time_machine.travel(NOW + dt.timedelta(seconds=1), tick=False):
        programme_changed(event=seminar)

    text = page(client).text
    assert ("Välkommen" in text, "Inledning" in text) == (True, False)


def test_event_page_shows_registration_opening_when_the_clock_passes_it(client):
    event(registration_opens_at=dt.datetime(2019, 3, 1, 13, tzinfo=STOCKHOLM))
    before = page(client).text
    with time_machine.travel(dt.datetime(2019, 3, 1, 13, 1, tzinfo=STOCKHOLM), tick=False):
        after = page(client).text

    signup = 'href="/evenemang/seminarium/anmalan/"'
    assert (signup in before, signup in after) == (False, True)


def test_event_page_is_cached_per_language(client, settings):
    event()
    assert '<html lang="sv">' in page(client).text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="en">' in page(client).text
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert '<html lang="sv">' in page(client).text


def test_event_page_for_logged_in_staff_is_not_from_the_cache(client, django_assert_num_queries):
    event()
    page(client)
    staff = UserFactory(is_staff=True)
    staff.save()  # the factory sets the password without saving it
    client.force_login(staff)
    page(client)

    # The session, the user and the page's own five (no speakers to fetch).
    with django_assert_num_queries(7):
        page(client)


def test_event_page_with_a_message_is_not_from_the_cache(client, settings):
    event()
    page(client)
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.SUCCESS, "Tack för din anmälan")
    cookie_value = storage._encode(storage._loaded_messages + storage._queued_messages)
    client.cookies[CookieStorage.cookie_name] = cookie_value

    assert "Tack för din anmälan" in page(client).text


def test_event_page_revisit_with_its_etag_gets_304_after_one_query(
    client, django_assert_num_queries
):
    event()
    first = page(client)

    with django_assert_num_queries(1):
        revisit = client.get(
            reverse("events:event", args=["seminarium"]), HTTP_IF_NONE_MATCH=first["ETag"]
        )

    assert (revisit.status_code, revisit.content, revisit["ETag"]) == (304, b"", first["ETag"])
    assert first["Cache-Control"] == "private, no-cache"


def test_event_page_etag_changes_with_a_new_registration(client):
    seminar = event()
    first = page(client)
    RegistrationFactory(booking__event=seminar)

    revisit = client.get(
        reverse("events:event", args=["seminarium"]), HTTP_IF_NONE_MATCH=first["ETag"]
    )

    assert revisit.status_code == 200
    assert revisit["ETag"] != first["ETag"]
    assert "9 platser kvar" in revisit.text


def test_event_page_etag_differs_per_language(client, settings):
    event()
    swedish = page(client)["ETag"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    english = client.get(reverse("events:event", args=["seminarium"]), HTTP_IF_NONE_MATCH=swedish)

    assert english.status_code == 200
    assert english["ETag"] != swedish


def test_event_page_for_logged_in_staff_has_no_etag(client):
    event()
    staff = UserFactory(is_staff=True)
    staff.save()
    client.force_login(staff)

    assert page(client).has_header("ETag") is False


def test_the_compiled_version_query_reads_what_the_orm_reads():
    from events import page_cache
    from events.models import Event

    seminar = event()
    RegistrationFactory(booking__event=seminar)
    RegistrationFactory(booking__event=seminar, status="cancelled")
    draft = EventFactory(slug="utkast", status="draft")

    found = page_cache.current("seminarium")
    expected = Event.objects.published().for_page_cache().get(slug="seminarium")

    assert (found.pk, found.seats_taken, found.online_taken) == (seminar.pk, 1, 0)
    assert page_cache.key(found) == page_cache.key(expected)
    assert page_cache.current(draft.slug) is None
    assert page_cache.current("finns-inte") is None
