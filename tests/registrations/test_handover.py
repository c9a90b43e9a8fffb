"""A participant hands their place to a colleague from the registration's link."""

import datetime as dt

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from messaging.models import OutgoingEmail
from registrations import handover
from registrations.exceptions import InvalidChoice
from registrations.models import Answer, Registration
from tests.factories import (
    BookingFactory,
    EventFactory,
    QuestionFactory,
    RegistrationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

COLLEAGUE = {
    "first_name": "Karin",
    "last_name": "Lind",
    "email": "Karin.Lind@kinda.se",
    "organisation": "Kinda kommun",
}


def _url(token):
    return reverse("registrations:hand_over", args=[token])


@pytest.fixture
def registration():
    event = EventFactory(capacity=1, waiting_list=True)
    booking = BookingFactory(event=event, contact_name="Anna Ek", contact_email="anna@kinda.se")
    registration = RegistrationFactory(
        booking=booking,
        first_name="Anna",
        last_name="Ek",
        email="anna@kinda.se",
        phone="070-111 22 33",
        dietary_needs="Vegetarisk",
        role="Enhetschef",
        calendar_uid="registration-OLD",
    )
    workshop = SessionFactory(event=event, title="Workshop", selectable=True, capacity=1)
    registration.sessions.add(workshop)
    question = QuestionFactory(event=event, text="Förväntningar?")
    Answer.objects.create(registration=registration, question=question, value="Mycket")
    return registration


def _emails():
    return list(OutgoingEmail.objects.order_by("pk").values_list("to", "kind", "subject"))


def test_hand_over_gives_the_place_to_the_colleague_and_the_old_link_stops(client, registration):
    old_token, old_reference = registration.manage_token, registration.reference
    workshop = registration.sessions.get()

    response = client.post(_url(old_token), COLLEAGUE, follow=True)

    registration.refresh_from_db()
    assert response.redirect_chain == [(registration.event.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Platsen är överlåten till Karin Lind, som får ett e-postmeddelande med en egen länk. "
        "Din länk fungerar inte längre; vi har skickat en bekräftelse till dig."
    ]
    assert (registration.full_name, registration.email, registration.organisation) == (
        "Karin Lind",
        "karin.lind@kinda.se",
        "Kinda kommun",
    )
    assert (registration.phone, registration.dietary_needs, registration.role) == ("", "", "")
    assert registration.answers.count() == 0
    assert registration.status == "confirmed"
    assert list(registration.sessions.all()) == [workshop]
    assert registration.municipality_code == "0513"
    assert registration.manage_token != old_token
    assert registration.reference != old_reference
    assert Registration.objects.filter(event=registration.event).count() == 1
    assert client.get(reverse("registrations:manage", args=[old_token])).status_code == 404
    assert client.get(_url(old_token)).status_code == 404
    new_page = client.get(reverse("registrations:manage", args=[registration.manage_token]))
    assert new_page.status_code == 200
    assert "Karin Lind" in new_page.content.decode()


def test_hand_over_tells_both_by_email_with_their_calendar_files(client, registration):
    client.post(_url(registration.manage_token), COLLEAGUE)

    registration.refresh_from_db()
    event = registration.event.title
    assert _emails() == [
        ("anna@kinda.se", "cancelled", f"Din plats är överlåten: {event}"),
        ("karin.lind@kinda.se", "confirmation", f"Bekräftelse: {event}"),
    ]
    old, new = OutgoingEmail.objects.order_by("pk")
    assert "till Karin Lind" in old.body_text
    assert "/anmalan/" not in old.body_text
    assert [(a["mimetype"], a["params"]) for a in old.attachments] == [
        ("text/calendar", {"method": "CANCEL"})
    ]
    assert "UID:registration-OLD" in old.attachments[0]["text"]
    assert "Anna Ek har överlåtit sin plats till dig." in new.body_text
    assert reverse("registrations:manage", args=[registration.manage_token]) in new.body_text
    invitation = new.attachments[0]
    assert (invitation["mimetype"], invitation["params"]) == (
        "text/calendar",
        {"method": "REQUEST"},
    )
    assert f"UID:registration-{registration.reference}" in invitation["text"]
    assert "registration-OLD" not in invitation["text"]


def test_hand_over_is_in_the_registrations_history(client, registration):
    client.post(_url(registration.manage_token), COLLEAGUE)

    entries = LogEntry.objects.filter(object_id=str(registration.pk))
    assert [(e.user.username, e.change_message) for e in entries] == [
        (
            "anmalan",
            "Platsen överläts av Anna Ek (anna@kinda.se) till Karin Lind (karin.lind@kinda.se).",
        )
    ]


def test_hand_over_keeps_the_place_in_the_waiting_list(client, registration):
    waiting = RegistrationFactory(
        booking=BookingFactory(event=registration.event, contact_email="per@kinda.se"),
        email="per@kinda.se",
        status="waitlisted",
    )

    client.post(_url(waiting.manage_token), COLLEAGUE)

    waiting.refresh_from_db()
    assert (waiting.email, waiting.status) == ("karin.lind@kinda.se", "waitlisted")
    assert OutgoingEmail.objects.filter(to="karin.lind@kinda.se").get().kind == "waitlisted"
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"


def test_hand_over_moves_the_booking_of_one_who_booked_only_themselves(client, registration):
    old_booking_token = registration.booking.manage_token

    client.post(_url(registration.manage_token), COLLEAGUE)

    booking = registration.booking
    booking.refresh_from_db()
    assert (booking.contact_name, booking.contact_email) == ("Karin Lind", "karin.lind@kinda.se")
    assert booking.manage_token != old_booking_token
    assert client.get(reverse("registrations:manage", args=[old_booking_token])).status_code == 404


def test_hand_over_by_the_contact_person_keeps_their_booking(client):
    event = EventFactory()
    booking = BookingFactory(event=event, contact_name="Chef", contact_email="chef@kinda.se")
    colleague = RegistrationFactory(booking=booking, email="olle@kinda.se")
    RegistrationFactory(booking=booking, email="chef@kinda.se")
    booking_page = client.get(reverse("registrations:manage", args=[booking.manage_token]))
    assert reverse("registrations:manage", args=[colleague.manage_token]) in (
        booking_page.content.decode()
    )

    client.post(_url(colleague.manage_token), COLLEAGUE)

    booking.refresh_from_db()
    assert booking.contact_email == "chef@kinda.se"
    page = client.get(reverse("registrations:manage", args=[booking.manage_token]))
    assert "karin.lind@kinda.se" in page.content.decode()
    assert "olle@kinda.se" not in page.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"email": "inte-en-adress"},
            "email",
            "Fyll i en e-postadress, till exempel namn@kommun.se.",
        ),
        (
            {"email": "ANNA@kinda.se"},
            "email",
            "Det är adressen till den här anmälan: ange din kollegas.",
        ),
        ({"first_name": "  "}, "first_name", "Fyll i det här fältet."),
        ({"organisation": ""}, "organisation", "Fyll i det här fältet."),
    ],
)
def test_hand_over_form_errors_keep_what_was_typed(client, registration, changes, field, message):
    data = {**COLLEAGUE, **changes}

    response = client.post(_url(registration.manage_token), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert response.context["form"]["last_name"].value() == "Lind"
    assert Registration.objects.get(pk=registration.pk).email == "anna@kinda.se"
    assert OutgoingEmail.objects.count() == 0


def test_hand_over_to_someone_already_registered_is_refused(client, registration):
    other = RegistrationFactory(
        booking=BookingFactory(event=registration.event), email="karin.lind@kinda.se"
    )

    response = client.post(_url(registration.manage_token), COLLEAGUE)

    assert response.context["form"].errors["email"] == [
        "Den e-postadressen är redan anmäld till evenemanget."
    ]
    assert Registration.objects.get(pk=registration.pk).email == "anna@kinda.se"
    assert other.pk != registration.pk


def test_hand_over_refused_after_the_event_started(client, registration):
    with time_machine.travel(registration.event.starts_at + dt.timedelta(minutes=1)):
        page = client.get(_url(registration.manage_token))
        response = client.post(_url(registration.manage_token), COLLEAGUE)
        manage = client.get(reverse("registrations:manage", args=[registration.manage_token]))

    assert page.context["refusal"] == ("Evenemanget har börjat; platsen kan inte längre överlåtas.")
    assert response.status_code == 200
    assert manage.context["may_hand_over"] is False
    assert Registration.objects.get(pk=registration.pk).email == "anna@kinda.se"


def test_hand_over_refused_for_cancelled_and_checked_in(client, registration):
    Registration.objects.filter(pk=registration.pk).update(status="cancelled")
    cancelled = client.post(_url(registration.manage_token), COLLEAGUE)
    Registration.objects.filter(pk=registration.pk).update(status="attended")
    attended = client.post(_url(registration.manage_token), COLLEAGUE)

    assert cancelled.context["refusal"] == (
        "Anmälan är avbokad; det finns ingen plats att överlåta."
    )
    assert attended.context["refusal"] == (
        "Du har redan checkat in; platsen kan inte längre överlåtas."
    )
    assert Registration.objects.get(pk=registration.pk).email == "anna@kinda.se"
    assert OutgoingEmail.objects.count() == 0


def test_hand_over_service_refuses_a_cancelled_event(registration):
    registration.event.status = "cancelled"
    registration.event.save()

    with pytest.raises(InvalidChoice):
        handover.hand_over(registration=registration, **COLLEAGUE)


def test_hand_over_unknown_link_is_the_link_not_found_page(client):
    response = client.get(_url("x" * 43))

    assert response.status_code == 404
    assert response.context["link_not_found"] is True


def test_hand_over_booking_link_is_not_a_registration(client, registration):
    BookingFactory(event=registration.event)
    RegistrationFactory(booking=registration.booking, email="per@kinda.se")

    response = client.get(_url(registration.booking.manage_token))

    assert response.status_code == 404


def test_manage_page_offers_hand_over_after_the_cancellation_deadline(client, registration):
    event = registration.event
    event.cancellation_deadline = event.starts_at - dt.timedelta(days=10)
    event.save()

    with time_machine.travel(event.starts_at - dt.timedelta(days=2)):
        page = client.get(reverse("registrations:manage", args=[registration.manage_token]))

    assert page.context["may_change"] is False
    assert page.context["may_hand_over"] is True
    assert _url(registration.manage_token) in page.content.decode()
