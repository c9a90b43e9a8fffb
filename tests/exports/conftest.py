import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from registrations.models import Answer, Registration
from tests.factories import (
    BookingFactory,
    EventFactory,
    PriceOptionFactory,
    QuestionFactory,
    RegistrationFactory,
    SessionFactory,
)

SIGNED_UP = dt.datetime(2026, 3, 2, 10, 15, tzinfo=ZoneInfo("Europe/Stockholm"))


@pytest.fixture
def conference(db):
    """A paid conference: two bookings, three active participants, one waiting, one
    cancelled; a workshop and a dinner to choose; one yes/no question of its own."""
    with time_machine.travel(SIGNED_UP, tick=False):
        event = EventFactory(title="Aktuell Socialpolitik 2026", slug="aktuell-socialpolitik-2026")
        workshop = SessionFactory(event=event, title="Workshop: Hemtjänst", selectable=True)
        dinner = SessionFactory(event=event, title="Middag", selectable=True, capacity=80)
        SessionFactory(event=event, title="Inledning")
        bus = QuestionFactory(event=event, text="Vill du åka buss från stationen?", kind="yes_no")
        price = PriceOptionFactory(event=event, name="Hela konferensen", amount=2500)
        kinda = BookingFactory(
            event=event,
            price_option=price,
            contact_name="Karin Lund",
            contact_email="karin.lund@kinda.se",
            invoice_organisation="Kinda kommun",
            invoice_organisation_number="212000-0530",
            invoice_address="Box 1, 590 40 Kisa",
            invoice_reference="KL-77",
        )
        lulea = BookingFactory(
            event=event,
            price_option=price,
            contact_name="Lars Nilsson",
            contact_email="lars@lulea.se",
            invoice_organisation="Luleå kommun",
            invoice_organisation_number="212000-2668",
            invoice_address="971 85 Luleå",
            invoice_reference='=HYPERLINK("http://evil")',
        )
        oberg = RegistrationFactory(
            booking=kinda,
            first_name="Åsa",
            last_name="Öberg",
            email="asa.oberg@kinda.se",
            organisation="Kinda kommun",
            phone="+46 494 190 00",
            dietary_needs="vegetarisk",
        )
        andersson = RegistrationFactory(
            booking=kinda,
            first_name="Bo",
            last_name="Andersson",
            email="bo.andersson@kinda.se",
            organisation="Kinda kommun",
            dietary_needs="Vegetarisk ",
            status=Registration.Status.ATTENDED,
        )
        ek = RegistrationFactory(
            booking=lulea,
            first_name="Cecilia",
            last_name="Ek",
            email="cecilia.ek@lulea.se",
            organisation="=cmd|' /C calc'!A0",
            dietary_needs="glutenfri",
            attendance_mode=Registration.AttendanceMode.ONLINE,
        )
        RegistrationFactory(
            booking=lulea,
            first_name="David",
            last_name="Berg",
            email="david.berg@lulea.se",
            organisation="Luleå kommun",
            status=Registration.Status.WAITLISTED,
        )
        RegistrationFactory(
            booking=lulea,
            first_name="Erik",
            last_name="Ås",
            email="erik.as@lulea.se",
            organisation="Luleå kommun",
            status=Registration.Status.CANCELLED,
        )
        oberg.sessions.add(workshop, dinner)
        andersson.sessions.add(dinner)
        ek.sessions.add(workshop)
        Answer.objects.create(registration=oberg, question=bus, value="yes")
        Answer.objects.create(registration=ek, question=bus, value="no")
    return {
        "event": event,
        "workshop": workshop,
        "dinner": dinner,
        "bus": bus,
        "kinda": kinda,
        "lulea": lulea,
        "oberg": oberg,
    }
