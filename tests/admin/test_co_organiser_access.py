"""A co-organiser the owner lets work on one event: its registrations, exports and
check-in, and nothing else of the owner's."""

import csv
import io

import pytest
from django.urls import reverse

from events.models import Event
from registrations.models import Registration
from tests.admin.form_data import form_data
from tests.factories import (
    BookingFactory,
    EventFactory,
    OrganiserFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:registrations_registration_changelist")


@pytest.fixture
def shared(world):
    """A's event worked on by B; A's other event, not shared, with a participant."""
    a, b = world["a"], world["b"]
    event = a["event"]
    event.co_organisers.add(b["organiser"])
    event.co_organiser_access.add(b["organiser"])
    other = EventFactory(organiser=a["organiser"], title="hemligt-a-Annat evenemang")
    hidden = RegistrationFactory(
        booking=BookingFactory(event=other),
        first_name="hemligt-a-Dold",
        email="hemligt-a-dold@kommun.se",
    )
    return {"event": event, "other": other, "hidden": hidden}


def _login(client, user):
    client.force_login(user)
    return client


def _export(client, event, **data):
    url = reverse("admin:events_event_export", args=[event.pk])
    return client.post(url, data)


def _csv(response):
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content), delimiter=";"))


def test_co_organiser_sees_exactly_the_shared_events_registrations(client, world, shared):
    _login(client, world["b"]["admin"])

    response = client.get(CHANGELIST, {"event": shared["event"].pk})

    shown = {r.email for r in response.context["cl"].result_list}
    assert shown == {"hemligt-a-deltagare@kommun.se", "hemligt-a-vantande@kommun.se"}
    everything = client.get(CHANGELIST)
    emails = {r.email for r in everything.context["cl"].result_list}
    assert "hemligt-a-dold@kommun.se" not in emails
    assert client.get(CHANGELIST, {"event": shared["other"].pk}).context["cl"].result_count == 0


def test_co_organiser_sees_a_registration_read_only_without_links_to_the_owners_pages(
    client, world, shared
):
    _login(client, world["b"]["admin"])
    registration = world["a"]["registration"]
    url = reverse("admin:registrations_registration_change", args=[registration.pk])

    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="first_name"' not in html
    assert reverse("admin:events_event_change", args=[shared["event"].pk]) not in html
    assert reverse("admin:registrations_booking_change", args=[registration.booking_id]) not in html
    assert client.post(url, {"first_name": "Ändrad"}).status_code == 403
    registration.refresh_from_db()
    assert registration.first_name == "hemligt-a-Deltagare"
    hidden = reverse("admin:registrations_registration_change", args=[shared["hidden"].pk])
    assert client.get(hidden).status_code == 302  # the admin's "does not exist" redirect


def test_co_organiser_admin_exports_the_shared_event(client, world, shared):
    _login(client, world["b"]["admin"])

    response = _export(
        client,
        shared["event"],
        report="attendees",
        file_format="csv",
        columns=["email"],
        statuses=["confirmed", "waitlisted"],
    )

    assert _csv(response)[1:] == [
        ["hemligt-a-deltagare@kommun.se"],
        ["hemligt-a-vantande@kommun.se"],
    ]
    other = reverse("admin:events_event_export", args=[shared["other"].pk])
    assert client.get(other).status_code == 404


def test_co_organiser_door_staff_get_the_door_list_only(client, world, shared):
    _login(client, world["b"]["door"])
    url = reverse("admin:events_event_export", args=[shared["event"].pk])

    form = client.get(url).context["form"]

    assert [value for value, _ in form.fields["report"].choices] == ["door_list"]


def test_co_organiser_checks_people_in(client, world, shared):
    _login(client, world["b"]["door"])
    registration = world["a"]["registration"]

    events = client.get(reverse("backoffice:checkin_events")).context["events"]
    response = client.post(
        reverse("backoffice:checkin", args=[shared["event"].pk]),
        {"registration": registration.pk, "q": ""},
    )

    assert shared["event"] in list(events)
    assert shared["other"] not in list(events)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    assert client.get(reverse("backoffice:checkin", args=[shared["other"].pk])).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        lambda s, w: reverse("admin:events_event_change", args=[s["event"].pk]),
        lambda s, w: reverse("admin:events_event_dashboard", args=[s["event"].pk]),
        lambda s, w: reverse("admin:events_event_change", args=[s["other"].pk]),
        lambda s, w: reverse("admin:registrations_booking_change", args=[w["a"]["booking"].pk]),
        lambda s, w: reverse("admin:staff", args=[w["a"]["organiser"].pk]),
        lambda s, w: reverse("admin:privacy", args=[w["a"]["organiser"].pk]),
    ],
)
def test_co_organiser_reaches_nothing_else_of_the_owner(client, world, shared, url):
    _login(client, world["b"]["admin"])

    response = client.get(url(shared, world))

    assert response.status_code in {302, 403, 404}
    assert "hemligt-a" not in response.content.decode().lower()


@pytest.mark.parametrize(
    "name",
    [
        "admin:events_event_changelist",
        "admin:registrations_booking_changelist",
        "admin:invoicing_invoice_changelist",
        "admin:messaging_outgoingemail_changelist",
    ],
)
def test_co_organiser_lists_show_nothing_of_the_owner(client, world, shared, name):
    _login(client, world["b"]["admin"])

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert "hemligt-a" not in response.content.decode().lower()


def test_co_organiser_actions_on_shared_registrations_are_limited_to_check_in(
    client, world, shared
):
    """Confirming needs the owner's change permission: a co-organiser's selection is
    confirmed for nobody; checking in works."""
    _login(client, world["b"]["admin"])
    waiting, registration = world["a"]["waiting"], world["a"]["registration"]

    client.post(CHANGELIST, {"action": "confirm", "_selected_action": [waiting.pk]})
    client.post(CHANGELIST, {"action": "mark_attended", "_selected_action": [registration.pk]})

    waiting.refresh_from_db()
    registration.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED
    assert registration.status == Registration.Status.ATTENDED


def test_co_organiser_access_switched_off_removes_everything(client, world, shared):
    shared["event"].co_organiser_access.remove(world["b"]["organiser"])
    _login(client, world["b"]["admin"])
    registration = world["a"]["registration"]

    assert client.get(CHANGELIST, {"event": shared["event"].pk}).context["cl"].result_count == 0
    change = reverse("admin:registrations_registration_change", args=[registration.pk])
    assert client.get(change).status_code == 302
    export = reverse("admin:events_event_export", args=[shared["event"].pk])
    assert client.get(export).status_code == 404
    assert client.get(reverse("backoffice:checkin", args=[shared["event"].pk])).status_code == 404


def test_co_organiser_named_without_the_switch_gets_no_access(client, world):
    event = world["a"]["event"]
    event.co_organisers.add(world["b"]["organiser"])
    _login(client, world["b"]["admin"])

    export = reverse("admin:events_event_export", args=[event.pk])
    assert client.get(export).status_code == 404
    assert client.get(CHANGELIST, {"event": event.pk}).context["cl"].result_count == 0


def test_co_organiser_index_lists_the_shared_event(client, world, shared):
    _login(client, world["b"]["door"])

    response = client.get(reverse("admin:index"))

    assert list(response.context["shared_events"]) == [shared["event"]]
    assert reverse("backoffice:checkin", args=[shared["event"].pk]) in response.content.decode()


def _event_form(client, event):
    url = reverse("admin:events_event_change", args=[event.pk])
    return url, form_data(client.get(url).content.decode(), "event_form")


def test_owner_switches_access_on_for_a_co_organiser(client, world):
    event = world["a"]["event"]
    event.co_organisers.add(world["b"]["organiser"])
    _login(client, world["a"]["admin"])
    url, data = _event_form(client, event)

    response = client.post(
        url, {**data, "co_organiser_access": [world["b"]["organiser"].pk], "_save": "1"}
    )

    assert response.status_code == 302
    assert list(event.co_organiser_access.all()) == [world["b"]["organiser"]]


def test_owner_cannot_give_access_to_an_organiser_that_is_no_co_organiser(client, world):
    event = world["a"]["event"]
    stranger = OrganiserFactory(name="Främmande förening")
    _login(client, world["a"]["admin"])
    url, data = _event_form(client, event)

    response = client.post(url, {**data, "co_organiser_access": [stranger.pk], "_save": "1"})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["co_organiser_access"]
    assert errors == [
        "Bara evenemangets medarrangörer kan arbeta med det; lägg till dem ovan först: "
        "Främmande förening."
    ]
    assert list(Event.objects.get(pk=event.pk).co_organiser_access.all()) == []


def test_co_organiser_cannot_message_the_shared_events_participants(client, world, shared):
    from messaging.models import OutgoingEmail

    _login(client, world["b"]["admin"])
    registration = world["a"]["registration"]

    response = client.post(
        CHANGELIST,
        {"action": "send_message", "_selected_action": [registration.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Ingen av de valda kan få ett meddelande."
    ]
    assert OutgoingEmail.objects.filter(kind="message").count() == 0


def test_duplicated_event_does_not_carry_the_co_organisers_access(world, shared):
    import datetime as dt

    from events.services import duplicate_event

    copy = duplicate_event(
        event=shared["event"], starts_on=shared["event"].starts_at.date() + dt.timedelta(days=365)
    )

    assert list(copy.co_organisers.all()) == [world["b"]["organiser"]]
    assert list(copy.co_organiser_access.all()) == []
