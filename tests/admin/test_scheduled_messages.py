"""Messages sent later, at a time the organiser chooses, and never twice."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from messaging.models import OutgoingEmail
from registrations.messages import AlreadySent, create_message, send_due_messages
from registrations.models import EventMessage
from tests.factories import BookingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _page(event):
    return reverse("admin:events_event_message", args=[event.pk])


def _day_before(event):
    day_before = timezone.localtime(event.starts_at) - dt.timedelta(days=1)
    return day_before.replace(hour=9, minute=0, second=0, microsecond=0)


def _fields(event, **overrides):
    when = _day_before(event)
    return {
        "statuses": ["confirmed"],
        "subject": "Länken till sändningen",
        "body": "Här är länken: https://example.se/live",
        "when": "later",
        "send_on": when.strftime("%Y-%m-%d"),
        "send_time": "09:00",
        **overrides,
    }


@pytest.fixture
def seminar(world):
    event = world["a"]["event"]
    event.starts_at = timezone.now() + dt.timedelta(days=10)
    event.ends_at = event.starts_at + dt.timedelta(hours=6)
    event.save()
    return event


@pytest.fixture
def as_a(client, world):
    client.force_login(world["a"]["admin"])
    return client


def _schedule(client, event, **overrides):
    preview = client.post(_page(event), {**_fields(event, **overrides), "preview": "1"})
    assert preview.status_code == 200, preview.context["form"].errors
    key = preview.context["send_key"]
    data = {**_fields(event, **overrides), "apply": "1", "send_key": key}
    return preview, client.post(_page(event), data)


def _messages_to(event):
    return OutgoingEmail.objects.filter(event=event, kind="message")


def test_a_scheduled_message_waits_and_goes_at_its_time_to_who_matches_then(
    as_a, seminar, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        preview, response = _schedule(as_a, seminar)

    assert "Schemalägg meddelandet" in preview.text
    assert "kl. 09.00" in preview.text
    assert response.status_code == 302
    message = EventMessage.objects.get()
    assert (message.status, message.send_at) == ("scheduled", _day_before(seminar))
    assert _messages_to(seminar).count() == 0
    page = as_a.get(_page(seminar)).text
    assert "Länken till sändningen" in page
    assert "Schemalagt" in page
    task = DBTaskResult.objects.get(task_path="registrations.tasks.send_scheduled_message")
    assert task.run_after == message.send_at

    late = RegistrationFactory(booking=BookingFactory(event=seminar), email="sen@kommun.se")
    assert send_due_messages() == 0
    with time_machine.travel(message.send_at + dt.timedelta(minutes=1)):
        assert send_due_messages() == 1
        assert send_due_messages() == 0

    message.refresh_from_db()
    recipients = sorted(_messages_to(seminar).values_list("to", flat=True))
    assert late.email in recipients
    assert message.status == "sent"
    assert message.sent_count == len(recipients)


def test_a_scheduled_message_can_be_cancelled_and_then_sends_nothing(as_a, seminar):
    _schedule(as_a, seminar)
    message = EventMessage.objects.get()

    response = as_a.post(_page(seminar), {"cancel_message": str(message.pk)}, follow=True)

    assert "Det schemalagda meddelandet ställdes in" in response.text
    message.refresh_from_db()
    assert message.status == "cancelled"
    with time_machine.travel(message.send_at + dt.timedelta(minutes=1)):
        out = StringIO()
        call_command("send_scheduled_messages", stdout=out)
    assert out.getvalue().startswith("0 ")
    assert _messages_to(seminar).count() == 0


@pytest.mark.parametrize(
    ("overrides", "field", "error"),
    [
        ({"send_on": ""}, "send_on", "Välj dagen då det ska skickas."),
        ({"send_time": ""}, "send_time", "Välj klockslaget då det ska skickas."),
        ({"send_on": "2020-01-01"}, "send_time", "Den tiden har passerat. Välj en senare."),
        ({"send_on": "den 3:e"}, "send_on", "Ange ett datum, t.ex. 2027-04-26."),
        ({"send_on": "2099-01-01"}, "send_on", "Välj en dag inom ett år."),
    ],
)
def test_a_time_that_cannot_be_used_is_refused_and_the_text_is_kept(
    as_a, seminar, overrides, field, error
):
    response = as_a.post(_page(seminar), {**_fields(seminar, **overrides), "preview": "1"})

    form = response.context["form"]
    assert form.errors[field] == [error]
    assert form["body"].value() == "Här är länken: https://example.se/live"
    assert EventMessage.objects.count() == 0


def test_the_same_preview_sent_twice_sends_once(world, seminar):
    arguments = {
        "event": seminar,
        "subject": "Ny lokal",
        "body": "Sal 2.",
        "send_key": "preview-1:0",
        "statuses": ["confirmed", "waitlisted"],
    }
    create_message(**arguments)
    count = _messages_to(seminar).count()

    with pytest.raises(AlreadySent):
        create_message(**arguments)

    assert count > 0
    assert _messages_to(seminar).count() == count
    assert EventMessage.objects.get().sent_count == count


def test_another_organisers_admin_can_neither_see_nor_cancel_a_scheduled_message(
    client, world, seminar, as_a
):
    _schedule(as_a, seminar)
    message = EventMessage.objects.get()
    client.force_login(world["b"]["admin"])

    response = client.post(_page(seminar), {"cancel_message": str(message.pk)})
    other = client.get(_page(world["b"]["event"]))

    assert response.status_code in (403, 404)
    message.refresh_from_db()
    assert message.status == "scheduled"
    assert "Länken till sändningen" not in other.text


def test_door_staff_cannot_cancel_a_scheduled_message(client, world, seminar, as_a):
    _schedule(as_a, seminar)
    message = EventMessage.objects.get()
    client.force_login(world["a"]["door"])

    response = client.post(_page(seminar), {"cancel_message": str(message.pk)})

    assert response.status_code in (302, 403, 404)
    message.refresh_from_db()
    assert message.status == "scheduled"
