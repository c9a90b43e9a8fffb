"""Programme editing and the event actions, as an organiser admin."""

import datetime as dt
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from events.models import Event
from messaging.models import OutgoingEmail
from tests.admin.form_data import form_data

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
    assert formsets == [
        "sessions",
        "price_options",
        "questions",
        "materials",
        "certificate_settings",
    ]
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
    # Mid-May, so that 52 weeks on is the same weekday of the next year whatever today is.
    event = world["a"]["event"]
    length = event.ends_at - event.starts_at
    event.starts_at = dt.datetime(2027, 5, 18, 9, tzinfo=timezone.get_current_timezone())
    event.ends_at = event.starts_at + length
    event.save()

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


def _form(client, url, form_id):
    return form_data(client.get(url).content.decode(), form_id)


def test_saving_a_session_goes_back_to_its_event(as_a, world):
    session, event = world["a"]["session"], world["a"]["event"]
    url = reverse("admin:events_session_change", args=[session.pk])

    response = as_a.post(url, {**_form(as_a, url, "session_form"), "room": "Sal B", "_save": "1"})

    event_url = reverse("admin:events_event_change", args=[event.pk])
    assert response["Location"] == f"{event_url}#sessions-group"
    session.refresh_from_db()
    assert session.room == "Sal B"


def test_adding_a_session_goes_back_to_its_event(as_a, world):
    event = world["a"]["event"]
    url = reverse("admin:events_session_add")
    data = {
        **_form(as_a, url, "session_form"),
        "event": event.pk,
        "title": "Avslutning",
        "starts_at_0": "2030-05-14",
        "starts_at_1": "15:30",
        "ends_at_0": "2030-05-14",
        "ends_at_1": "16:00",
        "_save": "1",
    }

    response = as_a.post(url, data)

    event_url = reverse("admin:events_event_change", args=[event.pk])
    assert response["Location"] == f"{event_url}#sessions-group"
    assert event.sessions.filter(title="Avslutning").count() == 1


def test_saving_a_session_and_continuing_stays_on_the_session(as_a, world):
    session = world["a"]["session"]
    url = reverse("admin:events_session_change", args=[session.pk])

    response = as_a.post(url, {**_form(as_a, url, "session_form"), "_continue": "1"})

    assert response["Location"] == url


def test_session_times_are_shown_without_seconds(as_a, world):
    session, event = world["a"]["session"], world["a"]["event"]
    local = timezone.localtime(session.starts_at)
    session.starts_at = local.replace(hour=9, minute=30, second=0)
    session.ends_at = local.replace(hour=10, minute=45, second=0)
    session.save()
    session_url = reverse("admin:events_session_change", args=[session.pk])
    event_url = reverse("admin:events_event_change", args=[event.pk])

    on_its_page = _form(as_a, session_url, "session_form")
    in_the_programme = _form(as_a, event_url, "event_form")

    assert (on_its_page["starts_at_1"], on_its_page["ends_at_1"]) == (["09:30"], ["10:45"])
    times = (in_the_programme["sessions-0-starts_at_1"], in_the_programme["sessions-0-ends_at_1"])
    assert times == (["09:30"], ["10:45"])


def test_session_time_with_seconds_keeps_them_when_saved_as_shown(as_a, world):
    session = world["a"]["session"]
    local = timezone.localtime(session.starts_at)
    session.starts_at = local.replace(hour=9, minute=30, second=15)
    session.save()
    url = reverse("admin:events_session_change", args=[session.pk])

    data = _form(as_a, url, "session_form")
    as_a.post(url, {**data, "_continue": "1"})

    assert data["starts_at_1"] == ["09:30:15"]
    entry = LogEntry.objects.get(object_id=str(session.pk))
    assert entry.get_change_message() == "Inga fält ändrade."
    session.refresh_from_db()
    assert timezone.localtime(session.starts_at).time() == dt.time(9, 30, 15)


def test_event_form_saves_and_publishes(as_a, world):
    event = world["a"]["event"]
    event.status = Event.Status.DRAFT
    event.save()
    url = reverse("admin:events_event_change", args=[event.pk])

    data = _form(as_a, url, "event_form")
    response = as_a.post(url, {**data, "title": "Konferens A 2030", "_publish": "1"}, follow=True)

    event.refresh_from_db()
    assert (event.title, event.status) == ("Konferens A 2030", Event.Status.PUBLISHED)
    assert response.redirect_chain == [(url, 302)]
    assert _messages(response) == ["”Konferens A 2030” är sparat och publicerat."]
    history = LogEntry.objects.filter(object_id=str(event.pk)).order_by("pk")
    assert [entry.get_change_message() for entry in history] == ["Ändrade titel.", "Publicerat."]


def test_new_event_form_saves_and_publishes(as_a, world):
    url = reverse("admin:events_event_add")
    data = {
        **_form(as_a, url, "event_form"),
        "title": "Vårseminarium",
        "slug": "varseminarium",
        "starts_at_0": "2030-04-02",
        "starts_at_1": "09:00",
        "ends_at_0": "2030-04-02",
        "ends_at_1": "16:00",
        "_publish": "1",
    }

    as_a.post(url, data)

    event = Event.objects.get(slug="varseminarium")
    assert (event.status, event.organiser) == (Event.Status.PUBLISHED, world["a"]["organiser"])


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (Event.Status.DRAFT, True),
        (Event.Status.PUBLISHED, False),
        (Event.Status.CANCELLED, False),
    ],
)
def test_event_form_offers_publish_only_when_not_published(as_a, world, status, offered):
    event = world["a"]["event"]
    event.status = status
    event.save()

    content = as_a.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()

    button = '<input type="submit" value="Spara och publicera" name="_publish">'
    assert (button in content) == offered


def test_every_view_on_site_link_of_the_admin_pages_works(as_a, world):
    """Each change page's "Visa på webbplats" links (its own and its inlines') lead
    to a public page; objects without one (registrations) have no such link."""
    a = world["a"]
    pages = [
        reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        for obj in (a["organiser"], a["series"], a["event"], a["booking"], a["registration"])
    ]
    links = {}
    for page in pages:
        content = as_a.get(page).content.decode()
        links[page] = sorted(set(re.findall(r'href="(/admin/r/[^"]+)"', content)))

    assert [len(found) for found in links.values()] == [1, 1, 1, 0, 0]
    for found in links.values():
        for link in found:
            response = as_a.get(link)
            assert response.status_code == 302
            assert as_a.get(response["Location"]).status_code == 200
