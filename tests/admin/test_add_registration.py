"""An organiser adds a registration by hand, through the public form's service."""

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event
from messaging.models import OutgoingEmail
from registrations.models import Booking, Registration
from tests.factories import QuestionFactory, SessionFactory, in_days

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:registrations_registration_changelist")


def _url(event):
    return reverse("admin:events_event_add_registration", args=[event.pk])


@pytest.fixture
def as_a(client, world):
    client.force_login(world["a"]["admin"])
    return client


@pytest.fixture(autouse=True)
def _nobody_waiting(world):
    """A's event has free seats: its waiting participant is confirmed."""
    Registration.objects.filter(pk=world["a"]["waiting"].pk).update(status="confirmed")


def _bookings(world):
    return Booking.objects.filter(event=world["a"]["event"]).count()


def _post(client, world, follow=True, **changes):
    a = world["a"]
    if "booking-submission_key" not in changes:
        page = client.get(_url(a["event"]))
        changes["booking-submission_key"] = page.context["forms"].booking["submission_key"].value()
    data = {
        "participant-first_name": "Karin",
        "participant-last_name": "Lind",
        "participant-email": "karin.lind@kinda.se",
        "participant-organisation": "Kinda kommun",
        "participant-phone": "0494-190 00",
        "participant-sessions": [a["session"].pk],
        f"participant-answer_{a['question'].pk}": "Vegetarisk buss",
        "booking-price_option": a["event"].price_options.get().pk,
        "booking-invoice_organisation": "Kinda kommun",
        "booking-invoice_organisation_number": "212000-0530",
        "booking-invoice_address": "Box 1, 590 40 Kisa",
        "booking-invoice_reference": "KL-1",
        "booking-consent": "on",
        "booking-language": "sv",
        "booking-send_email": "on",
    }
    data.update(changes)
    data = {name: value for name, value in data.items() if value is not None}
    return client.post(_url(a["event"]), data, follow=follow)


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _added():
    return Registration.objects.get(email="karin.lind@kinda.se")


def test_add_registration_confirms_and_emails_as_the_public_form(as_a, world):
    response = _post(as_a, world)

    registration = _added()
    booking = registration.booking
    assert response.redirect_chain == [(f"{CHANGELIST}?event={world['a']['event'].pk}", 302)]
    assert _messages(response) == [
        "Karin Lind är anmäld och bekräftad. E-post skickas till karin.lind@kinda.se."
    ]
    assert (registration.status, registration.municipality_code) == ("confirmed", "0513")
    assert [s.pk for s in registration.sessions.all()] == [world["a"]["session"].pk]
    assert list(registration.answers.values_list("value", flat=True)) == ["Vegetarisk buss"]
    assert (booking.contact_name, booking.contact_email, booking.contact_phone) == (
        "Karin Lind",
        "karin.lind@kinda.se",
        "0494-190 00",
    )
    assert (booking.invoice_reference, booking.consent_at is not None) == ("KL-1", True)
    assert list(OutgoingEmail.objects.order_by("pk").values_list("to", "kind")) == [
        ("karin.lind@kinda.se", "confirmation"),
        ("hemligt-a-kontakt@a.se", "organiser_notice"),
    ]
    entry = LogEntry.objects.get(object_id=str(registration.pk))
    assert (entry.is_addition(), entry.get_change_message()) == (
        True,
        "Tillagd av arrangören; deltagaren får besked via e-post.",
    )


def test_add_registration_without_email_queues_none(as_a, world):
    response = _post(as_a, world, **{"booking-send_email": None})

    assert _added().status == "confirmed"
    assert OutgoingEmail.objects.count() == 0
    assert _messages(response) == ["Karin Lind är anmäld och bekräftad. Ingen e-post skickades."]


def test_add_registration_when_full_joins_the_waiting_list(as_a, world):
    Event.objects.filter(pk=world["a"]["event"].pk).update(capacity=2)

    response = _post(as_a, world)

    assert _added().status == "waitlisted"
    assert _messages(response) == [
        "Karin Lind står på väntelistan, som nummer 1 i kön. E-post skickas till "
        "karin.lind@kinda.se."
    ]
    assert list(OutgoingEmail.objects.order_by("pk").values_list("kind", flat=True)) == [
        "waitlisted",
        "organiser_notice",
    ]


def test_add_registration_with_a_contact_person_tells_them_too(as_a, world):
    _post(
        as_a,
        world,
        **{"contact-contact_name": "Bo Chef", "contact-contact_email": "bo.chef@kinda.se"},
    )

    booking = _added().booking
    assert (booking.contact_name, booking.contact_email) == ("Bo Chef", "bo.chef@kinda.se")
    assert sorted(OutgoingEmail.objects.values_list("to", "kind")) == [
        ("bo.chef@kinda.se", "booking_confirmation"),
        ("hemligt-a-kontakt@a.se", "organiser_notice"),
        ("karin.lind@kinda.se", "confirmation"),
    ]


def test_add_registration_of_an_address_already_registered_keeps_what_was_typed(as_a, world):
    taken = world["a"]["registration"]

    response = _post(as_a, world, **{"participant-email": taken.email})

    forms = response.context["forms"]
    link = reverse("admin:registrations_registration_change", args=[taken.pk])
    assert forms.participant.errors == {
        "email": [
            "E-postadressen är redan anmäld till det här evenemanget. "
            f'<a href="{link}">Se anmälan.</a>'
        ]
    }
    assert forms.participant["first_name"].value() == "Karin"
    assert forms.booking["invoice_reference"].value() == "KL-1"
    assert _bookings(world) == 1
    assert OutgoingEmail.objects.count() == 0


def test_add_registration_form_errors_keep_what_was_typed(as_a, world):
    response = _post(
        as_a,
        world,
        **{
            "booking-consent": None,
            "contact-contact_name": "Bo Chef",
            "participant-last_name": "",
        },
    )

    forms = response.context["forms"]
    assert (response.status_code, forms.has_errors) == (200, True)
    assert forms.participant.errors == {"last_name": ["Fyll i det här fältet."]}
    assert forms.contact.errors == {
        "contact_email": ["Fyll i kontaktpersonens e-postadress också."]
    }
    assert forms.booking.errors == {
        "consent": ["Bekräfta att deltagaren godkänner integritetsmeddelandet."]
    }
    assert forms.participant["first_name"].value() == "Karin"
    assert '<p class="errornote" role="alert">Rätta felen nedan.</p>' in response.content.decode()
    assert _bookings(world) == 1


def test_add_registration_after_registration_closed_is_allowed(as_a, world):
    Event.objects.filter(pk=world["a"]["event"].pk).update(registration_closes_at=in_days(-1))

    page = as_a.get(_url(world["a"]["event"]))
    _post(as_a, world)

    assert page.context["window_note"] == (
        "Anmälan i det publika formuläret är inte öppen just nu, men här kan du ändå lägga "
        "till deltagare."
    )
    assert _added().status == "confirmed"


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Event.Status.CANCELLED, "Evenemanget är inställt och anmälan är stängd."),
        (
            Event.Status.DRAFT,
            "Evenemanget är ett utkast: publicera det innan du lägger till anmälningar.",
        ),
    ],
)
def test_add_registration_to_a_cancelled_or_draft_event_says_why(as_a, world, status, message):
    event = world["a"]["event"]
    Event.objects.filter(pk=event.pk).update(status=status)

    page = as_a.get(_url(event))
    response = _post(as_a, world, **{"booking-submission_key": "x" * 30})

    assert page.context["closed_message"] == message
    assert "participant-first_name" not in page.content.decode()
    assert response.status_code == 200
    assert not Registration.objects.filter(email="karin.lind@kinda.se").exists()


def test_add_and_add_another_comes_back_to_a_blank_form(as_a, world):
    response = _post(as_a, world, _addanother="1")

    assert response.redirect_chain == [(_url(world["a"]["event"]), 302)]
    assert response.context["forms"].participant["first_name"].value() is None


def test_add_registration_twice_with_the_same_form_adds_once(as_a, world):
    key = as_a.get(_url(world["a"]["event"])).context["forms"].booking["submission_key"].value()

    _post(as_a, world, **{"booking-submission_key": key})
    _post(as_a, world, **{"booking-submission_key": key})

    assert Registration.objects.filter(email="karin.lind@kinda.se").count() == 1
    assert LogEntry.objects.filter(object_id=str(_added().pk)).count() == 1


def test_add_registration_is_linked_for_organiser_admins_only(client, world):
    a = world["a"]
    url = _url(a["event"])
    client.force_login(a["admin"])
    dashboard = client.get(reverse("admin:events_event_dashboard", args=[a["event"].pk]))
    listed = client.get(f"{CHANGELIST}?event={a['event'].pk}")
    client.force_login(a["door"])
    door_list = client.get(f"{CHANGELIST}?event={a['event'].pk}")

    assert f'<li><a href="{url}">Lägg till anmälan</a></li>' in dashboard.content.decode()
    assert listed.context["summary"]["add_url"] == url
    assert door_list.context["summary"]["add_url"] == ""
    assert url not in door_list.content.decode()


def test_add_registration_is_not_offered_for_a_cancelled_event(as_a, world):
    event = world["a"]["event"]
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)

    listed = as_a.get(f"{CHANGELIST}?event={event.pk}")
    dashboard = as_a.get(reverse("admin:events_event_dashboard", args=[event.pk]))

    assert listed.context["summary"]["add_url"] == ""
    assert dashboard.context["add_registration_url"] == ""


@pytest.mark.parametrize("who", ["door", "other"])
def test_add_registration_is_not_for_door_staff_or_other_organisers(client, world, who):
    a = world["a"]
    client.force_login(a["door"] if who == "door" else world["b"]["admin"])

    page = client.get(_url(a["event"]))
    response = _post(client, world, follow=False, **{"booking-submission_key": "x" * 30})

    assert (page.status_code, response.status_code) == (404, 404)
    assert not Registration.objects.filter(email="karin.lind@kinda.se").exists()


def test_add_registration_page_queries_do_not_grow_with_the_programme(as_a, world):
    event = world["a"]["event"]
    with CaptureQueriesContext(connection) as few:
        as_a.get(_url(event))
    for number in range(5):
        SessionFactory(event=event, selectable=True, capacity=10, title=f"Workshop {number}")
        QuestionFactory(event=event)
    with CaptureQueriesContext(connection) as many:
        as_a.get(_url(event))

    assert len(many) == len(few)
