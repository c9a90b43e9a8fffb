"""The e-mails of the registration services, end to end: service, commit, worker, outbox."""

import pytest
from django.core import mail

from messaging.models import OutgoingEmail
from registrations import services
from registrations.exceptions import AlreadyRegistered, EventFull
from registrations.models import Registration
from tests.factories import BookingFactory, EventFactory, RegistrationFactory, in_days
from tests.messaging.helpers import calendar_methods, person, register

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


def test_register_a_group_sends_each_e_mail_once(committed):
    event = EventFactory(title="Välfärd för alla", capacity=1, contact_email="cks@liu.se")

    booking = register(
        committed, event, person("Bo", "bo@kinda.se"), person("Cecilia", "cecilia@kinda.se")
    )

    assert [(m.to, m.subject, calendar_methods(m)) for m in mail.outbox] == [
        (["bo@kinda.se"], "Bekräftelse: Välfärd för alla", ["REQUEST"]),
        (["cecilia@kinda.se"], "Väntelista: Välfärd för alla", []),
        (
            ["anna@kinda.se"],
            f"Bokningsbekräftelse: Välfärd för alla ({booking.reference})",
            [],
        ),
        (["cks@liu.se"], f"Ny anmälan: Välfärd för alla ({booking.reference})", []),
    ]
    bo = booking.registrations.get(email="bo@kinda.se")
    assert f"{SITE}/anmalan/{bo.manage_token}/\n" in mail.outbox[0].body
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent"}


def test_register_in_english_sends_english(committed):
    event = EventFactory(title="Welfare for all")

    register(
        committed, event, person("Kim", "kim@lund.se"), contact_email="kim@lund.se", language="en"
    )

    confirmation, notice = mail.outbox
    assert confirmation.subject == "Confirmation: Welfare for all"
    assert confirmation.body.startswith("Hello Kim,\n")
    assert notice.subject.startswith("Ny anmälan: Welfare for all")


def test_register_refused_sends_nothing(committed):
    event = EventFactory(capacity=0, waiting_list=False)

    with pytest.raises(EventFull):
        register(committed, event, person("Bo", "bo@kinda.se"))

    assert mail.outbox == []
    assert OutgoingEmail.objects.count() == 0


def test_register_again_with_the_same_address_resends_the_link(committed):
    event = EventFactory(title="Välfärd för alla")
    booking = register(committed, event, person("Bo", "bo@kinda.se"))
    bo = booking.registrations.get()

    with pytest.raises(AlreadyRegistered):
        register(committed, event, person("Bo", "bo@kinda.se"), contact_email="x@kinda.se")

    [message] = mail.outbox
    assert message.to == ["bo@kinda.se"]
    assert message.subject == "Du är redan anmäld: Välfärd för alla"
    assert f"{SITE}/anmalan/{bo.manage_token}/\n" in message.body


def test_register_a_group_with_a_registered_address_sends_that_address_its_link(committed):
    event = EventFactory(title="Välfärd för alla", contact_email="cks@liu.se")
    bo = register(committed, event, person("Bo", "bo@kinda.se")).registrations.get()
    mail.outbox.clear()

    booking = register(
        committed, event, person("Bo", "bo@kinda.se"), person("Cecilia", "cecilia@kinda.se")
    )

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["cecilia@kinda.se"], "Bekräftelse: Välfärd för alla"),
        (["anna@kinda.se"], f"Bokningsbekräftelse: Välfärd för alla ({booking.reference})"),
        (["cks@liu.se"], f"Ny anmälan: Välfärd för alla ({booking.reference})"),
        (["bo@kinda.se"], "Du är redan anmäld: Välfärd för alla"),
    ]
    assert f"{SITE}/anmalan/{bo.manage_token}/\n" in mail.outbox[3].body
    assert "bo@kinda.se" not in mail.outbox[1].body
    assert Registration.objects.filter(event=event, email="bo@kinda.se").count() == 1


def test_cancel_registration_cancels_the_invitation_and_promotes_the_next(committed):
    event = EventFactory(title="Välfärd för alla", capacity=1)
    booking = register(
        committed, event, person("Bo", "bo@kinda.se"), person("Cecilia", "cecilia@kinda.se")
    )
    bo = booking.registrations.get(email="bo@kinda.se")

    committed(services.cancel_registration, registration=bo)

    assert [(m.to, m.subject, calendar_methods(m)) for m in mail.outbox] == [
        (["bo@kinda.se"], "Avbokad anmälan: Välfärd för alla", ["CANCEL"]),
        (["cecilia@kinda.se"], "Du har fått en plats: Välfärd för alla", ["REQUEST"]),
    ]
    assert Registration.objects.get(email="cecilia@kinda.se").status == "confirmed"


def test_cancel_registration_by_the_organiser_says_so(committed):
    event = EventFactory(title="Välfärd för alla")
    booking = register(committed, event, person("Bo", "bo@kinda.se"))

    committed(
        services.cancel_registration, registration=booking.registrations.get(), by_organiser=True
    )

    [message] = mail.outbox
    assert f"{event.organiser.name} har avbokat din anmälan till Välfärd för alla" in message.body
    assert "anmäla dig igen" not in message.body


def test_request_manage_links_for_an_unknown_address_sends_nothing(committed):
    event = EventFactory()
    register(committed, event, person("Bo", "bo@kinda.se"))

    committed(services.request_manage_links, event=event, email="okand@kinda.se")

    assert mail.outbox == []


def test_request_manage_links_for_a_registered_address_sends_the_link(committed):
    event = EventFactory(title="Välfärd för alla")
    booking = register(committed, event, person("Bo", "bo@kinda.se"))

    committed(services.request_manage_links, event=event, email="BO@kinda.se")

    [message] = mail.outbox
    assert message.to == ["bo@kinda.se"]
    assert f"{SITE}/anmalan/{booking.registrations.get().manage_token}/\n" in message.body


def test_request_all_manage_links_sends_one_e_mail_per_upcoming_event(committed):
    soon = EventFactory(title="Välfärd för alla", starts_at=in_days(5))
    later = EventFactory(title="Framtidens socialtjänst", starts_at=in_days(40))
    past = EventFactory(starts_at=in_days(-10))
    bo_soon = RegistrationFactory(booking__event=soon, email="bo@kinda.se")
    booked = BookingFactory(event=later, contact_email="bo@kinda.se")
    RegistrationFactory(booking=booked, email="cecilia@kinda.se")
    RegistrationFactory(booking__event=past, email="bo@kinda.se")
    RegistrationFactory(booking__event=soon, email="cecilia@kinda.se")

    committed(services.request_all_manage_links, email=" BO@kinda.se ")

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["bo@kinda.se"], "Dina länkar: Välfärd för alla"),
        (["bo@kinda.se"], "Dina länkar: Framtidens socialtjänst"),
    ]
    assert f"{SITE}/anmalan/{bo_soon.manage_token}/\n" in mail.outbox[0].body
    assert f"{SITE}/anmalan/{booked.manage_token}/\n" in mail.outbox[1].body


def test_request_all_manage_links_for_an_unknown_address_sends_nothing(committed):
    RegistrationFactory(email="bo@kinda.se", status="cancelled")

    committed(services.request_all_manage_links, email="bo@kinda.se")
    committed(services.request_all_manage_links, email="  ")

    assert mail.outbox == []
