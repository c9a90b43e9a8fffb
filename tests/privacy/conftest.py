import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from messaging.models import OutgoingEmail
from messaging.tasks import deliver
from registrations import services
from registrations.services import InvoiceData, ParticipantData
from tests.factories import EventFactory, PriceOptionFactory, QuestionFactory, SessionFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SIGNED_UP = dt.datetime(2026, 2, 2, 10, 0, tzinfo=STOCKHOLM)
STARTS = dt.datetime(2026, 3, 10, 9, 0, tzinfo=STOCKHOLM)
ENDS = dt.datetime(2026, 3, 10, 16, 0, tzinfo=STOCKHOLM)
PUBLIC_NUMBER = "212000-0001"  # group 2: a municipality
PRIVATE_NUMBER = "556677-0003"  # a company


def after_event(days, hours=0):
    """A moment this long after the event ended (in elapsed time, across DST)."""
    return ENDS.astimezone(dt.UTC) + dt.timedelta(days=days, hours=hours)


def participant(first, email, **fields):
    return ParticipantData(
        first_name=first,
        last_name="Berg",
        email=email,
        organisation=fields.pop("organisation", "Kinda kommun"),
        **fields,
    )


@pytest.fixture
def conference(db):
    """An event that ended on ENDS with two bookings made through the services
    (so with their e-mails), answers, a chosen session and invoice details."""
    with time_machine.travel(SIGNED_UP, tick=False):
        event = EventFactory(
            starts_at=STARTS, ends_at=ENDS, capacity=100, title="Välfärdsdagen", slug="valfard"
        )
        workshop = SessionFactory(event=event, selectable=True, capacity=20, title="Workshop A")
        diet = QuestionFactory(event=event, kind="yes_no", text="Middag?")
        note = QuestionFactory(event=event, kind="long_text", text="Något mer?")
        price = PriceOptionFactory(event=event, amount=1500)
        public = services.register(
            event=event,
            contact_name="Karin Kontakt",
            contact_email="karin@kinda.se",
            contact_phone="070-111 11 11",
            participants=[
                participant(
                    "Anna",
                    "anna@kinda.se",
                    phone="070-222 22 22",
                    role="Socialsekreterare",
                    municipality_code="0513",
                    dietary_needs="Glutenfri",
                    accessibility_needs="Hörslinga",
                    session_ids=(workshop.pk,),
                    answers={diet.pk: "yes", note.pk: "Jag har diabetes"},
                ),
                participant("Bo", "bo@kinda.se", organisation="Socialförvaltningen, Kinda kommun"),
            ],
            price_option=price,
            invoice=InvoiceData(
                organisation="Kinda kommun",
                organisation_number=PUBLIC_NUMBER,
                address="Box 1, 590 40 Kisa",
                reference="Karin Kontakt",
                peppol_id="0007:2120000001",
            ),
            consent_at=SIGNED_UP,
        )
        private = services.register(
            event=event,
            contact_name="Cecilia Ek",
            contact_email="cecilia@konsult.se",
            participants=[
                participant(
                    "Cecilia",
                    "cecilia@konsult.se",
                    organisation="Eks Konsult",
                    dietary_needs="Vegan",
                    answers={diet.pk: "no"},
                )
            ],
            price_option=price,
            invoice=InvoiceData(
                organisation="Eks Konsult",
                organisation_number=PRIVATE_NUMBER,
                address="Storgatan 2, 590 38 Kisa",
            ),
            consent_at=SIGNED_UP,
        )
        for email_id in OutgoingEmail.objects.values_list("pk", flat=True):
            deliver(email_id)  # as the worker does: writes and sends them
    mail.outbox.clear()
    return {"event": event, "public": public, "private": private, "workshop": workshop}
