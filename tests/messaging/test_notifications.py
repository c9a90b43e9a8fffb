import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from messaging.models import OutgoingEmail
from registrations import notifications
from registrations.models import Answer, Registration
from tests.factories import (
    BookingFactory,
    EventFactory,
    PriceOptionFactory,
    QuestionFactory,
    RegistrationFactory,
    SessionFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


@pytest.fixture
def send(django_capture_on_commit_callbacks, run_tasks):
    """Call a notification as a service does, commit, and run the worker."""

    def call(function, *args, **kwargs):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            function(*args, **kwargs)
        run_tasks()
        return list(mail.outbox)

    return call


def _calendar(message):
    [part] = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    return part, icalendar.Calendar.from_ical(part.get_payload(decode=True))


def _event(**fields):
    venue = VenueFactory(
        name="Kisa folkets hus",
        street_address="Storgatan 1",
        postal_code="590 38",
        city="Kisa",
        directions="Tio minuter från stationen.",
    )
    defaults = {
        "title": "Välfärd för alla",
        "slug": "valfard-for-alla",
        "starts_at": timezone.make_aware(dt.datetime(2027, 4, 27, 9, 30)),
        "ends_at": timezone.make_aware(dt.datetime(2027, 4, 27, 16, 0)),
        "venue": venue,
        "organiser": venue.organiser,
        "contact_email": "seminarier@cks.se",
    }
    return EventFactory(**{**defaults, **fields})


def test_booking_created_for_oneself_sends_one_confirmation_and_an_organiser_notice(send):
    event = _event()
    booking = BookingFactory(
        event=event, contact_name="Kerstin Johansson", contact_email="k@kinda.se"
    )
    registration = RegistrationFactory(
        booking=booking, first_name="Kerstin", last_name="Johansson", email="k@kinda.se"
    )

    confirmation, notice = send(notifications.booking_created, booking)

    assert confirmation.to == ["k@kinda.se"]
    assert confirmation.subject == "Bekräftelse: Välfärd för alla"
    assert confirmation.reply_to == ["seminarier@cks.se"]
    assert f"{SITE}/anmalan/{registration.manage_token}/\n" in confirmation.body
    assert "När: tisdag 27 april 2027 kl. 09.30–16.00\n" in confirmation.body
    assert "Var: Kisa folkets hus, Storgatan 1, 590 38 Kisa\n" in confirmation.body
    assert f"Bokningsnummer: {booking.reference}\n" in confirmation.body
    assert f"Referens: {registration.reference}\n" in confirmation.body
    assert notice.to == ["seminarier@cks.se"]
    assert notice.subject == f"Ny anmälan: Välfärd för alla ({booking.reference})"
    assert notice.reply_to == ["k@kinda.se"]
    assert "Anmälda just nu: 1 av 50 platser i lokalen; 0 på väntelistan.\n" in notice.body
    assert f"{SITE}/admin/registrations/booking/{booking.pk}/change/" in notice.body


def test_booking_created_attaches_an_ics_invitation_that_parses(send):
    event = _event()
    booking = BookingFactory(event=event)
    RegistrationFactory(booking=booking, email=booking.contact_email)

    confirmation, _notice = send(notifications.booking_created, booking)

    part, calendar = _calendar(confirmation)
    [vevent] = calendar.walk("VEVENT")
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "valfard-for-alla.ics"
    assert calendar["METHOD"] == "REQUEST"
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent.decoded("DTEND") == event.ends_at
    assert str(vevent["SUMMARY"]) == "Välfärd för alla"


def test_booking_created_for_a_group_tells_each_participant_and_the_contact_person(send):
    event = _event(capacity=1)
    booking = BookingFactory(
        event=event, contact_name="Anna Andersson", contact_email="anna@kinda.se"
    )
    first = RegistrationFactory(booking=booking, first_name="Bo", email="bo@kinda.se")
    second = RegistrationFactory(
        booking=booking, first_name="Cecilia", email="cecilia@kinda.se", status="waitlisted"
    )

    messages = send(notifications.booking_created, booking)

    assert [(m.to, m.subject) for m in messages] == [
        (["bo@kinda.se"], "Bekräftelse: Välfärd för alla"),
        (["cecilia@kinda.se"], "Väntelista: Välfärd för alla"),
        (["anna@kinda.se"], f"Bokningsbekräftelse: Välfärd för alla ({booking.reference})"),
        (["seminarier@cks.se"], f"Ny anmälan: Välfärd för alla ({booking.reference})"),
    ]
    confirmation, waitlisted, contact, notice = messages
    assert "Anna Andersson har anmält dig." in confirmation.body
    assert "Du är nummer 1 i kön." in waitlisted.body
    assert f"{SITE}/anmalan/{second.manage_token}/\n" in waitlisted.body
    assert [p.get_content_type() for p in waitlisted.message().walk()].count("text/calendar") == 0
    assert f"{SITE}/anmalan/{booking.manage_token}/\n" in contact.body
    confirmed, waiting = Registration.Status.CONFIRMED.label, Registration.Status.WAITLISTED.label
    assert f"- {first.full_name}, bo@kinda.se, Kinda kommun: {confirmed}\n" in contact.body
    assert (
        f"- {second.full_name}, cecilia@kinda.se, Kinda kommun: {waiting} (nummer 1 i kön)\n"
        in contact.body
    )
    assert "Anmälda just nu: 1 av 1 platser i lokalen; 1 på väntelistan.\n" in notice.body


def test_booking_created_in_english_for_someone_who_registered_in_english(send):
    event = _event()
    booking = BookingFactory(event=event, language="en", contact_email="kim@lund.se")
    RegistrationFactory(booking=booking, first_name="Kim", email="kim@lund.se", language="en")

    confirmation, notice = send(notifications.booking_created, booking)

    assert confirmation.subject == "Confirmation: Välfärd för alla"
    assert confirmation.body.startswith("Hello Kim,\n\nYou are registered for Välfärd för alla.")
    assert "When: Tuesday 27 April 2027, 09:30–16:00\n" in confirmation.body
    assert '<html lang="en">' in confirmation.alternatives[0].content
    assert notice.subject.startswith("Ny anmälan: ")  # organisers read Swedish


def test_booking_created_in_english_writes_prices_and_times_the_english_way(send):
    event = _event()
    SessionFactory(event=event, title="Workshop A", selectable=True)
    booking = BookingFactory(
        event=event,
        language="en",
        contact_email="kim@lund.se",
        price_option=PriceOptionFactory(event=event, name="One day", amount=1200),
    )
    registration = RegistrationFactory(
        booking=booking, first_name="Kim", email="kim@lund.se", language="en"
    )
    registration.sessions.set(event.sessions.all())
    bus = QuestionFactory(event=event, text="Do you want the bus?", kind="yes_no")
    Answer.objects.create(registration=registration, question=bus, value="no")

    confirmation, _notice = send(notifications.booking_created, booking)

    assert "Do you want the bus?: No\n" in confirmation.body

    assert (
        "Price (those with a place):\n- Kim Andersson0, One day: SEK\xa01,200\n"
        "Total excl. VAT: SEK\xa01,200\nVAT 25 %: SEK\xa0300\nTotal to pay: SEK\xa01,500\n"
    ) in confirmation.body.replace(registration.last_name, "Andersson0")
    assert "- Workshop A (Tuesday 27 April 2027, 09:30–10:30)\n" in confirmation.body


def test_booking_created_html_is_escaped_and_in_swedish(send):
    event = _event(title="Vård & omsorg")
    booking = BookingFactory(event=event)
    RegistrationFactory(
        booking=booking, first_name="<script>alert(1)</script>", email=booking.contact_email
    )

    confirmation, _notice = send(notifications.booking_created, booking)

    html = confirmation.alternatives[0].content
    assert confirmation.subject == "Bekräftelse: Vård & omsorg"
    assert "Hej <script>alert(1)</script>!" in confirmation.body
    assert "<script>" not in html
    assert "Hej &lt;script&gt;alert(1)&lt;/script&gt;!" in html
    assert '<html lang="sv">' in html
    assert ">Du är anmäld till Vård &amp; omsorg</h1>" in html


def test_booking_created_shows_choices_answers_and_invoice_details(send):
    event = _event(format="hybrid", online_details="Länk: https://meet.example.se/abc")
    workshop = SessionFactory(
        event=event,
        title="Workshop A",
        selectable=True,
        starts_at=event.starts_at + dt.timedelta(hours=4),
    )
    question = QuestionFactory(event=event, text="Vilka dagar?", kind="multiple", order=1)
    bus = QuestionFactory(event=event, text="Vill du åka buss?", kind="yes_no", order=2)
    lunch = QuestionFactory(
        event=event, text="Lunch?", kind="single", choices="Fisk\nVegetarisk", order=3
    )
    booking = BookingFactory(
        event=event,
        price_option=PriceOptionFactory(event=event, name="En dag", amount=1200),
        invoice_organisation="Kinda kommun",
        invoice_organisation_number="212000-0514",
        invoice_address="Box 1\n590 40 Kisa",
        invoice_reference="KA123",
    )
    registration = RegistrationFactory(
        booking=booking, email=booking.contact_email, attendance_mode="online"
    )
    registration.sessions.add(workshop)
    Answer.objects.create(registration=registration, question=question, value="Tisdag\nOnsdag")
    Answer.objects.create(registration=registration, question=bus, value="yes")
    Answer.objects.create(registration=registration, question=lunch, value="Vegetarisk")

    confirmation, _notice = send(notifications.booking_created, booking)

    body = confirmation.body
    assert "Var: Online\nSå ansluter du: Länk: https://meet.example.se/abc\n" in body
    assert "Kisa folkets hus" not in body
    assert "Deltagande: Online\n" in body
    assert "Dina val:\n- Workshop A (tisdag 27 april 2027 kl. 13.30–14.30)\n" in body
    assert "Vilka dagar?: Tisdag, Onsdag\nVill du åka buss?: Ja\nLunch?: Vegetarisk\n" in body
    assert "<li>Vill du åka buss?: Ja</li>" in confirmation.alternatives[0].content
    assert (
        "Summa exkl. moms: 1\xa0200\xa0kr\nMoms 25 %: 300\xa0kr\nAtt betala: 1\xa0500\xa0kr\n"
    ) in body
    assert (
        "Faktura till: Kinda kommun (212000-0514)\nBox 1\n590 40 Kisa\n"
        "Beställarens referens: KA123\n" in body
    )


def test_registration_promoted_sends_the_invitation(send):
    registration = RegistrationFactory(booking__event=_event(), email="bo@kinda.se")

    [message] = send(notifications.registration_promoted, registration)

    assert message.to == ["bo@kinda.se"]
    assert message.subject == "Du har fått en plats: Välfärd för alla"
    assert f"{SITE}/anmalan/{registration.manage_token}/\n" in message.body
    _part, calendar = _calendar(message)
    assert calendar["METHOD"] == "REQUEST"


def test_registration_changed_summarises_the_registration(send):
    registration = RegistrationFactory(
        booking__event=_event(), email="bo@kinda.se", dietary_needs="Vegetarisk", role="Enhetschef"
    )

    [message] = send(notifications.registration_changed, registration)

    assert message.subject == "Ändrad anmälan: Välfärd för alla"
    assert "Roll eller titel: Enhetschef\n" in message.body
    assert "Specialkost: Vegetarisk\n" in message.body
    assert f"Status: {Registration.Status.CONFIRMED.label}\n" in message.body


def test_registration_cancelled_after_an_invitation_cancels_it_in_the_calendar(send):
    registration = RegistrationFactory(booking__event=_event(), email="bo@kinda.se")
    send(notifications.registration_promoted, registration)
    Registration.objects.filter(pk=registration.pk).update(status="cancelled")
    registration.refresh_from_db()

    [message] = send(notifications.registration_cancelled, registration)

    assert message.subject == "Avbokad anmälan: Välfärd för alla"
    assert "Den bifogade kalenderfilen tar bort evenemanget från din kalender." in message.body
    part, calendar = _calendar(message)
    [vevent] = calendar.walk("VEVENT")
    assert part.get_param("method") == "CANCEL"
    assert calendar["METHOD"] == "CANCEL"
    assert vevent["STATUS"] == "CANCELLED"


def test_registration_cancelled_from_the_waiting_list_has_no_calendar_file(send):
    registration = RegistrationFactory(booking__event=_event(), status="cancelled")

    [message] = send(notifications.registration_cancelled, registration)

    assert [p.get_content_type() for p in message.message().walk()].count("text/calendar") == 0
    assert "kalenderfilen" not in message.body


def test_duplicate_signup_attempted_resends_the_link(send):
    registration = RegistrationFactory(booking__event=_event(), email="bo@kinda.se")

    [message] = send(notifications.duplicate_signup_attempted, registration)

    assert message.to == ["bo@kinda.se"]
    assert message.subject == "Du är redan anmäld: Välfärd för alla"
    assert f"{SITE}/anmalan/{registration.manage_token}/\n" in message.body
    assert OutgoingEmail.objects.get().kind == "duplicate_signup"


def test_manage_links_requested_for_an_unknown_address_sends_nothing(send):
    event = _event()
    RegistrationFactory(booking__event=event, email="bo@kinda.se")
    RegistrationFactory(booking__event=event, email="cancelled@kinda.se", status="cancelled")

    assert send(notifications.manage_links_requested, event=event, email="ingen@kinda.se") == []
    assert send(notifications.manage_links_requested, event=event, email="cancelled@kinda.se") == []
    assert OutgoingEmail.objects.count() == 0


def test_manage_links_requested_sends_every_link_of_the_address(send):
    event = _event()
    own = RegistrationFactory(booking__event=event, email="anna@kinda.se")
    group = BookingFactory(event=event, contact_email="anna@kinda.se")
    RegistrationFactory(booking=group, email="bo@kinda.se")
    RegistrationFactory(booking__event=_event(slug="annat", title="Annat"), email="anna@kinda.se")

    [message] = send(notifications.manage_links_requested, event=event, email=" Anna@Kinda.se ")

    assert message.to == ["anna@kinda.se"]
    assert message.subject == "Dina länkar: Välfärd för alla"
    confirmed = Registration.Status.CONFIRMED.label.lower()
    assert f"{own.full_name} ({confirmed}): {SITE}/anmalan/{own.manage_token}/\n" in message.body
    assert f"- {group.reference}: {SITE}/anmalan/{group.manage_token}/\n" in message.body
    assert message.body.count(f"{SITE}/anmalan/") == 2


def test_event_cancelled_tells_the_confirmed_and_the_waiting(send):
    event = _event()
    confirmed = RegistrationFactory(booking__event=event, email="bo@kinda.se")
    waiting = RegistrationFactory(booking__event=event, email="c@kinda.se", status="waitlisted")
    RegistrationFactory(booking__event=event, status="cancelled")
    send(notifications.confirmation_resent, confirmed)

    messages = send(notifications.event_cancelled, event, message="Sjukdom.")

    assert [(m.to, m.subject) for m in messages] == [
        ([confirmed.email], "Inställt: Välfärd för alla"),
        ([waiting.email], "Inställt: Välfärd för alla"),
    ]
    assert f"Meddelande från {event.organiser.name}:\n\nSjukdom.\n" in messages[0].body
    assert _calendar(messages[0])[1]["METHOD"] == "CANCEL"
    assert [p.get_content_type() for p in messages[1].message().walk()].count("text/calendar") == 0


def test_send_message_sends_the_organisers_text_to_each_chosen_participant(send):
    event = _event()
    bo = RegistrationFactory(booking__event=event, email="bo@kinda.se", language="en")
    RegistrationFactory(booking__event=event, email="c@kinda.se")

    [message] = send(
        notifications.send_message,
        event=event,
        registrations=Registration.objects.filter(pk=bo.pk),
        subject="Ny lokal & tid",
        body="Vi ses i aulan.",
    )

    assert message.to == ["bo@kinda.se"]
    assert message.subject == "Ny lokal & tid"
    assert message.body.startswith("Hello Anna,\n\nVi ses i aulan.\n")
    assert OutgoingEmail.objects.get().kind == "message"


def test_registration_promoted_names_the_sessions_that_filled_up(send):
    event = _event()
    registration = RegistrationFactory(booking__event=event)
    registration.dropped_sessions = [SessionFactory(event=event, title="Middagen")]

    [message] = send(notifications.registration_promoted, registration)

    assert "blev fullbokade medan du väntade" in message.body
    assert "\n- Middagen\n" in message.body
