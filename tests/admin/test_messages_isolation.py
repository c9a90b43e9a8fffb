"""Organiser B reaches nothing of organiser A through the message, dashboard and
e-mail log pages, not even with well-formed posts; door staff send nothing."""

import pytest
from django.contrib import admin
from django.urls import reverse

from events.models import Event
from messaging.models import OutgoingEmail

from .conftest import SECRET
from .test_messages_log import world_emails  # noqa: F401 (a fixture)
from .walk import model_urls, object_url, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world_emails")]

CHANGELIST = reverse("admin:registrations_registration_changelist")
TEXT = {"subject": "Hej", "body": "Ett meddelande."}


@pytest.fixture
def as_b(client, world):
    client.force_login(world["b"]["admin"])
    return client


def _pages(event):
    return [
        reverse("admin:events_event_dashboard", args=[event.pk]),
        reverse("admin:events_event_message", args=[event.pk]),
    ]


def test_isolation_walk_covers_the_dashboard_and_message_pages():
    routes = [route for route, _takes in model_urls(Event, admin.site._registry[Event])]

    assert "/admin/events/event/<path:object_id>/dashboard/" in routes
    assert "/admin/events/event/<path:object_id>/message/" in routes


@pytest.mark.parametrize("who", ["b_admin", "a_door"])
def test_isolation_event_pages_of_a_are_not_found(client, world, who):
    user = world["b"]["admin"] if who == "b_admin" else world["a"]["door"]
    client.force_login(user)
    before = snapshot()

    for url in _pages(world["a"]["event"]):
        assert client.get(url).status_code == 404, url
        for step in ("preview", "apply", "edit"):
            data = {
                "statuses": ["confirmed", "waitlisted"],
                step: "1",
                "send_key": "k",
                **TEXT,
            }
            response = client.post(url, data)
            assert response.status_code == 404, (url, step)
            assert SECRET not in response.content.decode().lower()
    assert snapshot() == before


def test_isolation_message_action_on_registrations_of_a_sends_nothing(as_b, world):
    a = world["a"]
    ids = [a["registration"].pk, a["waiting"].pk]
    before = OutgoingEmail.objects.count()

    for step in ({}, {"preview": "1"}, {"apply": "1", "send_key": "k"}):
        response = as_b.post(
            CHANGELIST,
            {
                "action": "send_message",
                "_selected_action": ids,
                "select_across": "0",
                **TEXT,
                **step,
            },
            follow=True,
        )
        assert response.status_code == 200
        assert SECRET not in response.content.decode().lower()

    assert OutgoingEmail.objects.count() == before


def test_isolation_message_action_select_across_stays_within_b(as_b, world):
    """ "Select all" on B's list writes to B's participants only."""
    b_ids = [world["b"]["registration"].pk]
    data = {"action": "send_message", "_selected_action": b_ids, "select_across": "1", **TEXT}
    preview = as_b.post(CHANGELIST, {**data, "preview": "1"})

    as_b.post(CHANGELIST, {**data, "apply": "1", "send_key": preview.context["send_key"]})

    assert preview.context["count"] == 2
    sent = OutgoingEmail.objects.filter(kind="message", subject="Hej")
    assert sorted(sent.values_list("to", flat=True)) == [
        "deltagare@kommun.se",
        "vantande@kommun.se",
    ]


def test_isolation_every_email_log_url_of_an_email_of_a(as_b):
    """The walk of test_isolation.py, over the e-mail log with an e-mail of A in it."""
    before = snapshot()
    email_admin = admin.site._registry[OutgoingEmail]
    email_of_a = OutgoingEmail.objects.get(subject__startswith=SECRET)
    walked = 0
    for route, takes_object in model_urls(OutgoingEmail, email_admin):
        url = object_url(route, email_of_a.pk) if takes_object else route
        for response in (as_b.get(url), as_b.post(url, {"post": "yes", "subject": "x"})):
            assert response.status_code in {200, 302, 403, 404}, url
            assert SECRET not in response.content.decode().lower(), url
            if takes_object:
                assert response.status_code in {302, 403, 404}, url
        walked += 1
    assert walked == 6  # list, add, history, delete, change, and the old change address
    assert snapshot() == before


def test_isolation_send_again_on_emails_of_a_changes_nothing(as_b, world):
    email = OutgoingEmail.objects.get(subject__startswith=SECRET)

    response = as_b.post(
        reverse("admin:messaging_outgoingemail_changelist"),
        {"action": "send_again", "_selected_action": [email.pk], "index": "0"},
    )

    email.refresh_from_db()
    assert response.status_code in {200, 302}
    assert email.status == OutgoingEmail.Status.FAILED


def test_isolation_the_pages_show_a_to_a(client, world):
    """The checks above can fail: A's own admin does see A's texts there."""
    client.force_login(world["a"]["admin"])
    a = world["a"]

    for url in [
        *_pages(a["event"]),
        reverse("admin:messaging_outgoingemail_changelist"),
        reverse(
            "admin:messaging_outgoingemail_change",
            args=[OutgoingEmail.objects.get(subject__startswith=SECRET).pk],
        ),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET in response.content.decode().lower(), url
