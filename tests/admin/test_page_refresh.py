"""Programme edits in the admin show on the (cached) public event page at once."""

import pytest
from django.urls import reverse

from tests.factories import (
    EventFactory,
    MembershipFactory,
    SessionFactory,
    SessionSpeakerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _login(client, event):
    user = UserFactory()
    user.save()
    MembershipFactory(user=user, organiser=event.organiser, role="admin")
    client.force_login(user)


def test_session_saved_in_the_admin_shows_on_the_cached_event_page(client):
    event = EventFactory()
    session = SessionFactory(event=event, title="Gammal rubrik")
    page = reverse("events:event", args=[event.slug])
    assert "Gammal rubrik" in client.get(page).content.decode()

    _login(client, event)
    form = {
        "event": event.pk,
        "title": "Ny rubrik",
        "description": "",
        "starts_at_0": session.starts_at.astimezone(event.starts_at.tzinfo).strftime("%Y-%m-%d"),
        "starts_at_1": "09:00",
        "ends_at_0": session.starts_at.strftime("%Y-%m-%d"),
        "ends_at_1": "10:00",
        "room": "",
        "kind": "talk",
        "capacity": "",
        "sessionspeaker_set-TOTAL_FORMS": "0",
        "sessionspeaker_set-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:events_session_change", args=[session.pk]), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()

    assert "Ny rubrik" in client.get(page).content.decode()


def test_speaker_saved_in_the_admin_shows_on_the_cached_event_page(client):
    link = SessionSpeakerFactory(speaker__name="Kerstin Johansson", speaker__bio="Gammal text")
    event = link.session.event
    page = reverse("events:event", args=[event.slug])
    assert "Gammal text" in client.get(page).content.decode()

    _login(client, event)
    response = client.post(
        reverse("admin:events_speaker_change", args=[link.speaker.pk]),
        {
            "organiser": event.organiser.pk,
            "name": "Kerstin Johansson",
            "title": "",
            "organisation": "",
            "bio": "Ny text",
        },
    )
    assert response.status_code == 302
    client.logout()

    assert "Ny text" in client.get(page).content.decode()
