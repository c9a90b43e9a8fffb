"""Programme editing and the event actions, as an organiser admin."""

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils.translation import gettext

from events.models import Event
from messaging.models import OutgoingEmail

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:events_event_changelist")


@pytest.fixture
def as_a(client, world):
    client.force_login(world["a"]["admin"])
    return client


def _act(client, action, events, **data):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [e.pk for e in events], "index": "0", **data},
        follow=True,
    )


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def test_event_change_page_has_the_programme_inline(as_a, world):
    response = as_a.get(reverse("admin:events_event_change", args=[world["a"]["event"].pk]))

    formsets = [formset.formset.prefix for formset in response.context["inline_admin_formsets"]]
    assert formsets == ["sessions", "price_options", "questions", "materials"]
    assert "hemligt-a-Talare A" in response.content.decode()


def test_session_page_orders_speakers_and_offers_only_own_speakers(as_a, world):
    response = as_a.get(reverse("admin:events_session_change", args=[world["a"]["session"].pk]))

    (speakers,) = response.context["inline_admin_formsets"]
    assert speakers.formset.prefix == "sessionspeaker_set"
    field = speakers.formset.forms[0].fields["speaker"]
    assert [str(s) for s in field.queryset] == ["hemligt-a-Talare A"]


def test_publish_and_unpublish_actions_write_history(as_a, world):
    event = world["a"]["event"]

    _act(as_a, "unpublish", [event])
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT
    _act(as_a, "publish", [event])
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    history = LogEntry.objects.filter(object_id=str(event.pk)).order_by("pk")
    assert [entry.get_change_message() for entry in history] == [
        gettext("Made a draft."),
        gettext("Published."),
    ]


def test_cancel_action_asks_first_then_cancels_and_tells_registrants(as_a, world):
    event = world["a"]["event"]

    question = _act(as_a, "cancel", [event])
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert question.templates[0].name == "admin/events/event/cancel_confirmation.html"

    done = _act(as_a, "cancel", [event], apply="1", message="Lokalen har brunnit.")

    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    emails = OutgoingEmail.objects.filter(event=event, kind="event_cancelled")
    assert sorted(emails.values_list("to", flat=True)) == [
        "hemligt-a-deltagare@kommun.se",
        "hemligt-a-vantande@kommun.se",
    ]
    assert len(_messages(done)) == 1


def test_cancel_action_cancels_the_registrations_and_writes_their_history(as_a, world):
    confirmed, waiting = world["a"]["registration"], world["a"]["waiting"]

    _act(as_a, "cancel", [world["a"]["event"]], apply="1", message="")

    history = {
        entry.object_id: entry.get_change_message()
        for entry in LogEntry.objects.filter(content_type__model="registration")
    }
    assert history == {
        str(confirmed.pk): "Avbokad med evenemanget (var bekräftad).",
        str(waiting.pk): "Avbokad med evenemanget (stod på väntelistan).",
    }
    page = as_a.get(reverse("admin:registrations_registration_change", args=[confirmed.pk]))
    shown = {
        field.field["name"]: str(field.contents())
        for fieldset in page.context["adminform"]
        for line in fieldset
        for field in line
        if field.is_readonly
    }
    assert (
        shown["status"],
        shown["cancellation_reason"],
        shown["status_before_cancellation"],
    ) == ("Avbokad", "Evenemanget ställdes in", "Bekräftad")


def test_publish_of_a_cancelled_event_becomes_an_error_message(as_a, world):
    event = world["a"]["event"]
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)

    response = _act(as_a, "publish", [event])

    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert _messages(response) == [
        f"{event.title}: " + gettext("A cancelled event cannot be published again.")
    ]


def test_duplicate_action_suggests_next_year_and_makes_a_draft_copy(as_a, world):
    event = world["a"]["event"]

    form = _act(as_a, "duplicate", [event]).context["form"]
    suggested = form.initial["starts_on"]
    response = _act(
        as_a,
        "duplicate",
        [event],
        apply="1",
        starts_on=suggested.isoformat(),
        title="Konferens nästa år",
        slug="konferens-nasta-ar",
    )

    copy = Event.objects.get(slug="konferens-nasta-ar")
    assert response.redirect_chain == [(reverse("admin:events_event_change", args=[copy.pk]), 302)]
    assert suggested - dt.timedelta(days=364) == event.starts_at.date()
    assert (copy.status, copy.organiser) == (Event.Status.DRAFT, event.organiser)
    assert [s.title for s in copy.sessions.all()] == ["hemligt-a-Workshop A"]


def test_duplicate_action_keeps_the_form_when_the_slug_is_taken(as_a, world):
    event = world["a"]["event"]

    response = _act(
        as_a,
        "duplicate",
        [event],
        apply="1",
        starts_on="2031-05-14",
        title="Kopia",
        slug=world["b"]["event"].slug,
    )

    assert response.context["form"].errors == {
        "slug": ["Den adressen används redan av ett annat evenemang."]
    }
    assert response.context["form"]["title"].value() == "Kopia"


def test_duplicate_action_wants_exactly_one_event(as_a, world, django_user_model):
    from tests.factories import EventFactory

    other = EventFactory(organiser=world["a"]["organiser"])

    response = _act(as_a, "duplicate", [world["a"]["event"], other])

    assert _messages(response) == [gettext("Choose exactly one event to duplicate.")]


def test_event_changelist_links_to_the_public_page(as_a, world):
    event = world["a"]["event"]
    from django.contrib.contenttypes.models import ContentType

    url = reverse(
        "admin:view_on_site", args=[ContentType.objects.get_for_model(Event).pk, event.pk]
    )

    assert url in as_a.get(CHANGELIST).content.decode()
    assert as_a.get(url)["Location"].endswith(f"/evenemang/{event.slug}/")


def test_registrations_have_no_public_page_link(as_a, world):
    from django.contrib.contenttypes.models import ContentType

    from registrations.models import Registration

    content_type = ContentType.objects.get_for_model(Registration)
    url = reverse("admin:view_on_site", args=[content_type.pk, world["a"]["registration"].pk])

    assert as_a.get(url).status_code == 404
