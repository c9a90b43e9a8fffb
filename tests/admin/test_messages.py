"""Messages from the admin: the event's message page, the list action, the e-mail log."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.urls import reverse

from messaging.models import OutgoingEmail
from registrations.event_cancellation import cancel_event
from registrations.messages import send_event_message
from registrations.models import Registration
from tests.factories import (
    BookingFactory,
    EventFactory,
    RegistrationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:registrations_registration_changelist")
EMAIL_LOG = reverse("admin:messaging_outgoingemail_changelist")
WHEN = ["when", "send_on", "send_time"]


@pytest.fixture
def as_a(client, world):
    client.force_login(world["a"]["admin"])
    return client


@pytest.fixture
def hybrid(world):
    """A hybrid event of organiser A with one participant of each kind."""
    event = EventFactory(
        organiser=world["a"]["organiser"],
        title="Socialchefsdagarna",
        format="hybrid",
        capacity=10,
        online_capacity=10,
    )
    workshop = SessionFactory(event=event, title="Workshop om tillit", selectable=True)
    booking = BookingFactory(event=event)

    def person(first_name, **fields):
        return RegistrationFactory(
            booking=booking,
            first_name=first_name,
            last_name="Svensson",
            email=f"{first_name.lower()}@kinda.se",
            **fields,
        )

    people = {
        "anna": person("Anna"),
        "bo": person("Bo", attendance_mode="online"),
        "cecilia": person("Cecilia", status="attended"),
        "david": person("David", status="waitlisted"),
        "eva": person("Eva", status="cancelled"),
    }
    people["anna"].sessions.add(workshop)
    people["cecilia"].sessions.add(workshop)
    return {"event": event, "workshop": workshop, **people}


def _page(event):
    return reverse("admin:events_event_message", args=[event.pk])


def _fields(**overrides):
    data = {
        "statuses": ["confirmed"],
        "modes": ["on_site", "online"],
        "subject": "Ny lokal",
        "body": "Vi ses i sal 2.\r\nVälkomna!",
    }
    return {**data, **overrides}


def _preview(client, event, **overrides):
    return client.post(_page(event), {**_fields(**overrides), "preview": "1"})


def _send(client, event, **overrides):
    preview = _preview(client, event, **overrides)
    assert preview.status_code == 200
    key = preview.context["send_key"]
    return client.post(_page(event), {**_fields(**overrides), "apply": "1", "send_key": key})


def _recipients(event, subject="Ny lokal"):
    emails = OutgoingEmail.objects.filter(event=event, kind="message", subject=subject)
    return sorted(emails.values_list("to", flat=True))


def test_message_page_offers_groups_attendance_and_sessions(as_a, hybrid):
    response = as_a.get(_page(hybrid["event"]))

    form = response.context["form"]
    assert response.status_code == 200
    assert list(form.fields) == ["statuses", "modes", "session", "subject", "body", *WHEN]
    assert list(form.fields["session"].queryset) == [hybrid["workshop"]]
    assert form["statuses"].value() == ["confirmed"]


def test_message_page_of_an_on_site_event_has_no_attendance_or_session_choice(as_a, world):
    event = EventFactory(organiser=world["a"]["organiser"])

    response = as_a.get(_page(event))

    assert list(response.context["form"].fields) == ["statuses", "subject", "body", *WHEN]


def test_message_preview_counts_the_chosen_recipients(as_a, hybrid):
    response = _preview(as_a, hybrid["event"], statuses=["confirmed", "attended"])

    assert response.status_code == 200
    assert response.context["count"] == 3
    assert [p.first_name for p in response.context["shown"]] == ["Anna", "Bo", "Cecilia"]
    assert "Meddelandet går till 3 deltagare." in response.content.decode()
    assert _recipients(hybrid["event"]) == []


def test_message_sends_to_exactly_the_chosen_recipients(as_a, hybrid, committed):
    response = committed(_send, as_a, hybrid["event"], statuses=["confirmed", "waitlisted"])

    assert response.status_code == 302
    assert response["Location"] == f"{EMAIL_LOG}?kind__exact=message&event={hybrid['event'].pk}"
    assert _recipients(hybrid["event"]) == ["anna@kinda.se", "bo@kinda.se", "david@kinda.se"]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna@kinda.se",
        "bo@kinda.se",
        "david@kinda.se",
    ]
    assert {m.subject for m in mail.outbox} == {"Ny lokal"}
    anna = next(m for m in mail.outbox if m.to == ["anna@kinda.se"])
    assert "Hej Anna!\n\nVi ses i sal 2.\nVälkomna!\n" in anna.body
    sent = OutgoingEmail.objects.filter(event=hybrid["event"])
    assert set(sent.values_list("status", flat=True)) == {"sent"}


def test_message_records_each_email_with_its_registration(as_a, hybrid):
    _send(as_a, hybrid["event"], statuses=["attended"])

    [email] = OutgoingEmail.objects.filter(event=hybrid["event"])
    assert (email.to, email.registration, email.event, email.subject) == (
        "cecilia@kinda.se",
        hybrid["cecilia"],
        hybrid["event"],
        "Ny lokal",
    )


def test_message_to_online_participants_only(as_a, hybrid):
    _send(as_a, hybrid["event"], statuses=["confirmed", "attended"], modes=["online"])

    assert _recipients(hybrid["event"]) == ["bo@kinda.se"]


def test_message_to_those_who_chose_a_session(as_a, hybrid):
    _send(as_a, hybrid["event"], statuses=["confirmed", "attended"], session=hybrid["workshop"].pk)

    assert _recipients(hybrid["event"]) == ["anna@kinda.se", "cecilia@kinda.se"]


def test_message_cannot_be_sent_to_the_cancelled(as_a, hybrid):
    response = _preview(as_a, hybrid["event"], statuses=["cancelled"])

    assert list(response.context["form"].errors) == ["statuses"]
    assert _recipients(hybrid["event"]) == []


def test_send_event_message_leaves_out_the_cancelled(hybrid):
    event = hybrid["event"]

    count = send_event_message(
        event=event, registrations=Registration.objects.all(), subject="Ämne", body="Text"
    )

    assert count == 4
    assert _recipients(event, "Ämne") == [
        "anna@kinda.se",
        "bo@kinda.se",
        "cecilia@kinda.se",
        "david@kinda.se",
    ]


def test_message_reaches_those_cancelled_with_the_event_as_what_they_were(as_a, hybrid):
    cancel_event(event=hybrid["event"])

    page = as_a.get(_page(hybrid["event"]))
    _send(as_a, hybrid["event"], statuses=["confirmed", "waitlisted"], subject="Nytt datum")

    assert page.context["form"].fields["statuses"].help_text == (
        "Evenemanget är inställt: varje grupp är vad deltagarna var när det ställdes in."
    )
    assert _recipients(hybrid["event"], "Nytt datum") == [
        "anna@kinda.se",
        "bo@kinda.se",
        "david@kinda.se",
    ]


def test_send_event_message_needs_a_subject_and_a_text(hybrid):
    with pytest.raises(ValueError, match="subject and a text"):
        send_event_message(
            event=hybrid["event"], registrations=Registration.objects.all(), subject=" ", body="x"
        )


def test_message_is_written_to_the_event_history(as_a, hybrid):
    _send(as_a, hybrid["event"], statuses=["waitlisted"])

    entry = LogEntry.objects.get(object_id=str(hybrid["event"].pk))
    assert entry.get_change_message() == "Meddelandet ”Ny lokal” skickades till 1 deltagare."


def test_message_sent_twice_by_a_double_click_goes_once(as_a, hybrid):
    preview = _preview(as_a, hybrid["event"])
    data = {**_fields(), "apply": "1", "send_key": preview.context["send_key"]}

    as_a.post(_page(hybrid["event"]), data)
    second = as_a.post(_page(hybrid["event"]), data, follow=True)

    assert _recipients(hybrid["event"]) == ["anna@kinda.se", "bo@kinda.se"]
    assert [str(m) for m in second.context["messages"]] == [
        "Meddelandet är på väg till 2 deltagare.",
        "Meddelandet är redan skickat.",
    ]


def test_message_without_a_send_key_is_only_previewed(as_a, hybrid):
    response = as_a.post(_page(hybrid["event"]), {**_fields(), "apply": "1"})

    assert response.status_code == 200
    assert response.context["count"] == 2
    assert _recipients(hybrid["event"]) == []


@pytest.mark.parametrize(
    ("overrides", "field", "error"),
    [
        ({"subject": "  "}, "subject", "Detta fält måste fyllas i."),
        ({"body": ""}, "body", "Detta fält måste fyllas i."),
        ({"statuses": []}, "statuses", "Välj minst en grupp."),
        ({"modes": []}, "modes", "Välj på plats, online eller båda."),
        ({"subject": "x" * 151}, "subject", None),
        ({"statuses": ["nobody"]}, "statuses", None),
        ({"session": "999999"}, "session", None),
    ],
)
def test_message_form_errors_keep_what_was_typed(as_a, hybrid, overrides, field, error):
    response = _preview(as_a, hybrid["event"], **overrides)

    form = response.context["form"]
    assert response.status_code == 200
    assert list(form.errors) == [field]
    if error:
        assert form.errors[field] == [error]
    assert form["body"].value() == _fields(**overrides)["body"]
    assert _recipients(hybrid["event"]) == []


def test_message_to_nobody_is_refused(as_a, hybrid):
    response = _preview(as_a, hybrid["event"], statuses=["attended"], modes=["online"])

    assert response.context["form"].non_field_errors() == [
        "Ingen matchar det valet. Välj andra grupper."
    ]


def test_message_edit_returns_to_the_form_with_the_text(as_a, hybrid):
    response = as_a.post(_page(hybrid["event"]), {**_fields(), "edit": "1"})

    assert response.templates[0].name == "admin/registrations/message_form.html"
    assert response.context["form"]["subject"].value() == "Ny lokal"


def test_message_page_is_not_for_door_staff(client, world):
    client.force_login(world["a"]["door"])

    assert client.get(_page(world["a"]["event"])).status_code == 404
    response = client.post(_page(world["a"]["event"]), {**_fields(), "preview": "1"})
    assert response.status_code == 404
    assert OutgoingEmail.objects.filter(subject="Ny lokal").count() == 0


def test_message_page_of_a_non_number_is_not_found(as_a):
    assert as_a.get(reverse("admin:events_event_message", args=["abc"])).status_code == 404


# The action on the registrations list


def _act(client, registrations, **data):
    return client.post(
        CHANGELIST,
        {
            "action": "send_message",
            "_selected_action": [r.pk for r in registrations],
            "select_across": "0",
            **data,
        },
    )


def test_message_action_sends_to_the_selected_only(as_a, hybrid, committed):
    chosen = [hybrid["anna"], hybrid["david"], hybrid["eva"]]
    form = _act(as_a, chosen, index="0")
    assert form.context["selected_count"] == 2
    assert form.context["left_out"] == 1
    text = {"subject": "Parkering", "body": "Parkera vid skolan."}

    preview = _act(as_a, chosen, preview="1", **text)
    assert preview.context["count"] == 2
    sent = committed(_act, as_a, chosen, apply="1", send_key=preview.context["send_key"], **text)

    assert sent.status_code == 302
    assert _recipients(hybrid["event"], "Parkering") == ["anna@kinda.se", "david@kinda.se"]
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@kinda.se", "david@kinda.se"]


def test_message_action_across_two_events_writes_about_each(as_a, hybrid, world):
    other = world["a"]["registration"]
    text = {"subject": "Enkät", "body": "Svara gärna."}
    preview = _act(as_a, [hybrid["bo"], other], preview="1", **text)

    _act(as_a, [hybrid["bo"], other], apply="1", send_key=preview.context["send_key"], **text)

    assert _recipients(hybrid["event"], "Enkät") == ["bo@kinda.se"]
    assert _recipients(world["a"]["event"], "Enkät") == ["hemligt-a-deltagare@kommun.se"]


def test_message_action_is_not_offered_to_door_staff(client, world):
    client.force_login(world["a"]["door"])

    response = client.get(CHANGELIST)
    forged = _act(
        client,
        [world["a"]["registration"]],
        apply="1",
        send_key="x",
        subject="Hej",
        body="Hej",
    )

    assert "send_message" not in dict(response.context["action_form"].fields["action"].choices)
    assert forged.status_code in {200, 302}
    assert OutgoingEmail.objects.filter(subject="Hej").count() == 0
