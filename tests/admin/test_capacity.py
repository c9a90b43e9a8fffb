"""A capacity changed in the admin serves the waiting list in the same save, and a
capacity lowered below the confirmed is allowed with a warning."""

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from messaging.models import OutgoingEmail
from registrations.models import Registration
from tests.factories import BookingFactory, RegistrationFactory, SessionFactory

from .form_data import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_a(client, world):
    client.force_login(world["a"]["admin"])
    return client


@pytest.fixture
def full(world):
    """A's hybrid event: one seat on site (taken, two waiting), one online place
    (taken, one waiting); a workshop with one place."""
    event = world["a"]["event"]
    Event.objects.filter(pk=event.pk).update(format="hybrid", capacity=1, online_capacity=1)
    event.refresh_from_db()
    workshop = SessionFactory(event=event, title="Workshop B", selectable=True, capacity=1)
    booking = BookingFactory(event=event)
    world["a"]["registration"].sessions.add(workshop)
    people = {"seat": world["a"]["registration"], "first": world["a"]["waiting"]}
    for name, status, mode, minutes in [
        ("second", "waitlisted", "on_site", 5),
        ("online", "confirmed", "online", 0),
        ("online_waiting", "waitlisted", "online", 4),
    ]:
        people[name] = RegistrationFactory(
            booking=booking,
            first_name=name,
            email=f"{name}@kommun.se",
            status=status,
            attendance_mode=mode,
            waitlisted_at=timezone.now() - dt.timedelta(minutes=minutes) if minutes else None,
        )
    Registration.objects.filter(pk=people["first"].pk).update(
        waitlisted_at=timezone.now() - dt.timedelta(minutes=10)
    )
    people["first"].sessions.add(workshop)
    return {"event": event, "workshop": workshop, **people}


def _event_page(client, event):
    return reverse("admin:events_event_change", args=[event.pk])


def _save_event(client, event, **changes):
    url = _event_page(client, event)
    return client.post(url, change_form_data(client.get(url), **changes), follow=True)


def _save_session(client, session, **changes):
    url = reverse("admin:events_session_change", args=[session.pk])
    return client.post(url, change_form_data(client.get(url), **changes), follow=True)


def _messages(response):
    return [(message.level_tag, str(message)) for message in response.context["messages"]]


def _warnings(response):
    return [text for level, text in _messages(response) if level == "warning"]


def _statuses(full):
    names = ("seat", "first", "second", "online", "online_waiting")
    return {name: Registration.objects.get(pk=full[name].pk).status for name in names}


def test_raising_the_seats_confirms_the_first_in_line_in_the_same_save(as_a, full):
    response = _save_event(as_a, full["event"], capacity="2")

    assert _statuses(full) == {
        "seat": "confirmed",
        "first": "confirmed",
        "second": "waitlisted",
        "online": "confirmed",
        "online_waiting": "waitlisted",
    }
    assert list(OutgoingEmail.objects.values_list("to", "kind")) == [
        ("hemligt-a-vantande@kommun.se", "promoted")
    ]
    assert ("success", "1 person på väntelistan fick plats och får besked via e-post.") in (
        _messages(response)
    )
    history = LogEntry.objects.get(object_id=str(full["first"].pk))
    assert history.get_change_message() == ("Bekräftad från väntelistan när platser lades till.")


def test_raising_the_online_places_confirms_the_online_queue(as_a, full):
    _save_event(as_a, full["event"], online_capacity="")

    assert _statuses(full)["online_waiting"] == "confirmed"
    assert _statuses(full)["first"] == "waitlisted"


def test_raising_seats_and_workshop_in_one_save_keeps_the_workshop(as_a, full):
    page = as_a.get(_event_page(as_a, full["event"]))
    sessions = page.context["inline_admin_formsets"][0].formset
    (number,) = [i for i, f in enumerate(sessions.forms) if f.instance == full["workshop"]]

    _save_event(as_a, full["event"], capacity="2", **{f"sessions-{number}-capacity": "2"})

    assert list(full["first"].sessions.all()) == [full["workshop"]]
    assert _statuses(full)["first"] == "confirmed"


def test_lowering_the_seats_below_the_confirmed_warns_and_keeps_everyone(as_a, full):
    RegistrationFactory(booking__event=full["event"], status="confirmed")

    response = _save_event(as_a, full["event"], capacity="1", online_capacity="0")

    assert _warnings(response) == [
        "Fler är bekräftade än det finns platser: På plats 2 bekräftade på 1 plats, 1 för "
        "många; Online 1 bekräftade på 0 platser, 1 för många. Ingen har avbokats eller "
        "flyttats.",
    ]
    assert Registration.objects.filter(event=full["event"]).active().count() == 3
    assert OutgoingEmail.objects.count() == 0


def test_lowering_a_workshop_below_its_choosers_warns_and_keeps_them(as_a, full):
    full["online"].sessions.add(full["workshop"])

    response = _save_session(as_a, full["workshop"], capacity="0")

    assert _warnings(response) == [
        "Fler är bekräftade än det finns platser: ”Workshop B” 2 bekräftade på 0 platser, "
        "2 för många. Ingen har avbokats eller flyttats.",
    ]
    assert sorted(full["workshop"].registrations.values_list("status", flat=True)) == [
        "confirmed",
        "confirmed",
        "waitlisted",
    ]


def test_raising_a_workshop_confirms_nobody_for_sessions_have_no_queue(as_a, full):
    response = _save_session(as_a, full["workshop"], capacity="5")

    assert _statuses(full)["first"] == "waitlisted"
    assert OutgoingEmail.objects.count() == 0
    assert [level for level, _text in _messages(response)] == ["success"]


def test_saving_other_fields_serves_no_one_and_warns_of_nothing(as_a, full):
    Event.objects.filter(pk=full["event"].pk).update(capacity=2)

    response = _save_event(as_a, full["event"], title="Ny titel")

    assert _statuses(full)["first"] == "waitlisted"
    assert [level for level, _text in _messages(response)] == ["success"]
