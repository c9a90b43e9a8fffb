"""The signup page: the whole journey, add/remove participants, window states, retries."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from events.models import Event
from messaging.models import OutgoingEmail
from registrations.exceptions import RegistrationClosed
from registrations.forms import ParticipantFormSet, SignupOptions
from registrations.models import Booking, Registration
from registrations.views import queries
from tests.factories import (
    EventFactory,
    PriceOptionFactory,
    QuestionFactory,
    RegistrationFactory,
    SessionFactory,
    in_days,
)
from tests.registrations.signup_post import field_value, main_text, person, signup_post

pytestmark = pytest.mark.django_db


def signup_url(event):
    return reverse("registrations:signup", args=[event.slug])


def workshop(event, title, hour, **fields):
    start = event.starts_at.replace(hour=hour)
    return SessionFactory(
        event=event,
        title=title,
        selectable=True,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        **fields,
    )


def test_signup_page_shows_the_form_with_a_fresh_submission_key(client):
    event = EventFactory()

    first = client.get(signup_url(event))
    second = client.get(signup_url(event))

    html = first.content.decode()
    assert first.status_code == 200
    assert '<form method="post" novalidate id="signup-form"' in html
    assert len(field_value(html, "booking-submission_key")) == 43
    assert field_value(html, "booking-submission_key") != field_value(
        second.content.decode(), "booking-submission_key"
    )
    assert first["Referrer-Policy"] == "same-origin"
    assert first["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex">' in html
    # Kept by the browser alone, so that Back brings back what was typed.
    assert first["Cache-Control"] == "private, no-cache"


def test_signup_page_autofills_each_participant_on_its_own(client):
    data = signup_post([person(1), person(2)])
    data["add_participant"] = "1"

    html = client.post(signup_url(EventFactory()), data).content.decode()

    def autofill(name):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        return re.search(r'autocomplete="([^"]*)"', tag).group(1)

    assert [autofill(f"participant-{n}-first_name") for n in range(3)] == [
        "section-participant-0 given-name",
        "section-participant-1 given-name",
        "section-participant-2 given-name",
    ]
    assert autofill("participant-1-email") == "section-participant-1 email"
    assert autofill("participant-1-organisation") == "section-participant-1 organization"
    assert autofill("contact-email") == "email"


def sent_url(event):
    return reverse("registrations:signup_sent", args=[event.slug])


def test_signup_two_participants_with_sessions_and_answers_end_on_the_sent_page(client):
    event = EventFactory(capacity=1, waiting_list=True)
    workshop_a = workshop(event, "Workshop A", 10, capacity=10)
    workshop_b = workshop(event, "Workshop B", 10)
    dinner = workshop(event, "Middag", 15)
    why = QuestionFactory(event=event, kind="short_text", required=True)
    bus = QuestionFactory(event=event, kind="yes_no")
    travel = QuestionFactory(event=event, kind="multiple", choices="Buss\nTåg\nBil")
    key = field_value(client.get(signup_url(event)).content.decode(), "booking-submission_key")

    response = client.post(
        signup_url(event),
        signup_post(
            [
                person(
                    1,
                    sessions=[str(workshop_a.pk), str(dinner.pk)],
                    **{
                        f"answer_{why.pk}": "För att lära mig",
                        f"answer_{bus.pk}": "yes",
                        f"answer_{travel.pk}": ["Tåg", "Bil"],
                    },
                ),
                person(2, sessions=[str(workshop_b.pk)], **{f"answer_{why.pk}": "Nyfiken"}),
            ],
            key=key,
        ),
    )

    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response.url == sent_url(event)
    assert booking.submission_key == key
    first, second = booking.registrations.order_by("pk")
    assert (first.email, first.status) == ("deltagare1@kinda.se", "confirmed")
    assert (second.email, second.status) == ("deltagare2@kinda.se", "waitlisted")
    assert {s.title for s in first.sessions.all()} == {"Workshop A", "Middag"}
    assert [s.title for s in second.sessions.all()] == ["Workshop B"]
    assert dict(first.answers.values_list("question_id", "value")) == {
        why.pk: "För att lära mig",
        bus.pk: "yes",
        travel.pk: "Tåg\nBil",
    }
    assert dict(second.answers.values_list("question_id", "value")) == {why.pk: "Nyfiken"}

    sent = client.get(response.url)
    page = sent.content.decode()
    assert sent.status_code == 200
    assert sent["Referrer-Policy"] == "no-referrer"
    assert "no-store" in sent["Cache-Control"]
    assert sent_addresses(page) == ["deltagare1@kinda.se", "deltagare2@kinda.se"]
    assert reverse("events:event_ics", args=[event.slug]) in page
    assert booking.reference not in page
    assert booking.manage_token not in page


def sent_addresses(page):
    """The addresses the sent page lists."""
    listed = re.search(r'role="status">(.*?)</div>', page, re.S).group(1)
    return re.findall(r"<li>([^<]+)</li>", listed)


def test_signup_sent_page_is_the_same_for_a_registered_address(client):
    """Whether an address was registered already is not shown to whoever signs up."""
    event = EventFactory()
    existing = RegistrationFactory(booking__event=event, email="deltagare1@kinda.se")

    pages = []
    for number, key in ((1, "a" * 43), (2, "b" * 43)):
        response = client.post(signup_url(event), signup_post([person(number)], key=key))
        assert (response.status_code, response.url) == (302, sent_url(event))
        page = main_text(client.get(response.url).content.decode())
        pages.append(page.replace(f"deltagare{number}@", "someone@"))

    assert pages[0] == pages[1]
    assert "someone@kinda.se" in pages[0]
    assert list(Registration.objects.filter(email="deltagare1@kinda.se")) == [existing]
    assert Registration.objects.filter(email="deltagare2@kinda.se").count() == 1


def test_signup_sent_page_without_its_cookie_names_no_address(client):
    event = EventFactory(title="Välfärd för alla")

    response = client.get(sent_url(event))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Vi har skickat e-post om anmälan till Välfärd för alla till varje deltagare." in page
    assert "@" not in main_text(page).replace(event.contact_address, "")


def test_signup_sent_page_names_no_address_for_another_event(client):
    first, other = EventFactory(), EventFactory()
    client.post(signup_url(first), signup_post([person(1)]))
    assert "signup_sent" in client.cookies  # the test client sends it to any path

    page = client.get(sent_url(other)).content.decode()

    assert "deltagare1@kinda.se" not in page


def test_signup_sent_page_ignores_a_forged_cookie(client):
    event = EventFactory()
    client.cookies["signup_sent"] = '["x", ["forged@example.org"]]'

    page = client.get(sent_url(event)).content.decode()

    assert "forged@example.org" not in page


def test_signup_contact_signing_up_themselves_fills_the_first_participant(client):
    event = EventFactory()
    data = signup_post(
        [{"first_name": "", "last_name": "", "email": "", "organisation": "Ydre kommun"}],
        contact={"is_participant": "on", "phone": "070-123 45 67"},
    )

    response = client.post(signup_url(event), data)

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert (registration.full_name, registration.email, registration.phone) == (
        "Karin Kontakt",
        "karin@kinda.se",
        "070-123 45 67",
    )
    assert registration.booking.contact_name == "Karin Kontakt"


def test_signup_stores_the_municipality_code_of_kinda_kommun(client):
    event = EventFactory()

    client.post(signup_url(event), signup_post([person(1, organisation="Kinda kommun")]))

    assert Registration.objects.get().municipality_code == "0513"


def test_signup_stores_the_region_code_and_none_for_a_company(client):
    event = EventFactory()

    client.post(
        signup_url(event),
        signup_post(
            [
                person(1, organisation="Region Östergötland"),
                person(2, organisation="Konsultbolaget AB"),
            ]
        ),
    )

    codes = list(Registration.objects.order_by("pk").values_list("municipality_code", flat=True))
    assert codes == ["05", ""]


def test_signup_add_participant_without_javascript_keeps_what_was_typed(client):
    event = EventFactory()
    data = signup_post([person(1, role="Socionom")])
    data["add_participant"] = "1"

    response = client.post(signup_url(event), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert Booking.objects.count() == 0
    assert field_value(html, "participant-TOTAL_FORMS") == "2"
    assert field_value(html, "participant-0-role") == "Socionom"
    assert field_value(html, "participant-1-first_name") == ""
    assert 'name="participant-1-first_name"' in html
    assert "autofocus" in html.split('name="participant-1-first_name"')[1].split(">")[0]
    assert "error-summary" not in html


def test_signup_page_renders_the_participant_form_once(client):
    event = EventFactory()

    html = client.get(signup_url(event)).content.decode()

    assert (html.count("data-participant>"), html.count("__prefix__")) == (1, 0)
    assert html.count('name="participant-0-first_name"') == 1


def test_signup_remove_participant_moves_the_later_ones_up(client):
    event = EventFactory()
    data = signup_post([person(1), person(2), person(3)])
    data["remove_participant"] = "1"

    response = client.post(signup_url(event), data)

    html = response.content.decode()
    assert Booking.objects.count() == 0
    assert field_value(html, "participant-TOTAL_FORMS") == "2"
    assert field_value(html, "participant-0-email") == "deltagare1@kinda.se"
    assert field_value(html, "participant-1-email") == "deltagare3@kinda.se"
    assert 'name="participant-2-email"' not in html


def test_signup_same_submission_key_twice_creates_one_booking(client):
    event = EventFactory()
    data = signup_post([person(1)])

    first = client.post(signup_url(event), data)
    second = client.post(signup_url(event), data)

    assert first.status_code == second.status_code == 302
    assert first.url == second.url == sent_url(event)
    assert Booking.objects.count() == 1
    assert Registration.objects.count() == 1


def test_signup_email_already_registered_is_answered_as_a_new_one(client):
    event = EventFactory()
    existing = RegistrationFactory(booking__event=event, email="deltagare1@kinda.se")

    response = client.post(signup_url(event), signup_post([person(1)]))

    assert (response.status_code, response.url) == (302, sent_url(event))
    assert Booking.objects.count() == 1
    assert list(Registration.objects.all()) == [existing]
    assert OutgoingEmail.objects.get().kind == "duplicate_signup"
    assert OutgoingEmail.objects.get().to == "deltagare1@kinda.se"


def test_signup_group_with_one_registered_address_books_the_others(client):
    event = EventFactory()
    existing = RegistrationFactory(booking__event=event, email="deltagare2@kinda.se")

    response = client.post(signup_url(event), signup_post([person(1), person(2), person(3)]))

    assert (response.status_code, response.url) == (302, sent_url(event))
    booking = Booking.objects.exclude(pk=existing.booking_id).get()
    assert [r.email for r in booking.registrations.order_by("pk")] == [
        "deltagare1@kinda.se",
        "deltagare3@kinda.se",
    ]
    assert Registration.objects.filter(email="deltagare2@kinda.se").get() == existing
    page = client.get(response.url).content.decode()
    assert sent_addresses(page) == [
        "deltagare1@kinda.se",
        "deltagare2@kinda.se",
        "deltagare3@kinda.se",
    ]


def test_signup_parallel_sessions_refused_with_message(client):
    event = EventFactory()
    workshop_a = workshop(event, "Workshop A", 10)
    workshop_b = workshop(event, "Workshop B", 10)

    response = client.post(
        signup_url(event),
        signup_post([person(1, sessions=[str(workshop_a.pk), str(workshop_b.pk)])]),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert Booking.objects.count() == 0
    assert "”Workshop A” och ”Workshop B” är samtidigt. Välj en av dem." in html


def test_signup_full_session_is_shown_full_and_refused(client):
    event = EventFactory()
    full = workshop(event, "Workshop A", 10, capacity=1)
    taken = RegistrationFactory(booking__event=event)
    taken.sessions.add(full)

    page = client.get(signup_url(event)).content.decode()
    response = client.post(signup_url(event), signup_post([person(1, sessions=[str(full.pk)])]))

    assert "Workshop A – Fullt" in page
    assert Booking.objects.count() == 1
    assert response.status_code == 200
    assert "id_participant-0-sessions_error" in response.content.decode()


def test_signup_full_event_with_waiting_list_offers_the_queue(client):
    event = EventFactory(capacity=1, waiting_list=True)
    RegistrationFactory(booking__event=event)

    html = client.get(signup_url(event)).content.decode()

    assert "Ställ dig i kö" in html
    assert "Evenemanget är fullbokat." in html


def test_signup_full_event_without_waiting_list_shows_no_form(client):
    event = EventFactory(capacity=1, waiting_list=False)
    RegistrationFactory(booking__event=event)

    html = client.get(signup_url(event)).content.decode()

    assert 'id="signup-form"' not in html


def test_signup_hybrid_event_asks_for_the_attendance_mode(client):
    event = EventFactory(format=Event.Format.HYBRID, capacity=10, online_capacity=10)

    response = client.post(signup_url(event), signup_post([person(1, attendance_mode="online")]))

    assert response.status_code == 302
    assert Registration.objects.get().attendance_mode == "online"


def test_signup_draft_event_is_not_found(client):
    event = EventFactory(status=Event.Status.DRAFT)

    assert client.get(signup_url(event)).status_code == 404
    assert client.post(signup_url(event), signup_post()).status_code == 404
    assert Booking.objects.count() == 0


CLOSED_STATES = {
    "not_yet_open": {"registration_opens_at": in_days(5)},
    "closed": {"registration_opens_at": in_days(-10), "registration_closes_at": in_days(-1)},
    "cancelled": {"status": Event.Status.CANCELLED},
}


@pytest.mark.parametrize("reason", CLOSED_STATES)
def test_signup_outside_the_window_shows_the_state_and_refuses_posts(client, reason):
    event = EventFactory(**CLOSED_STATES[reason])
    message = RegistrationClosed(event, reason).message

    page = client.get(signup_url(event)).content.decode()
    response = client.post(signup_url(event), signup_post())

    assert 'id="signup-form"' not in page
    assert message in page
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Booking.objects.count() == 0


def test_signup_closing_while_the_form_is_open_refuses_the_post(client):
    event = EventFactory(registration_closes_at=in_days(1))
    client.get(signup_url(event))

    with time_machine.travel(in_days(2), tick=False):
        response = client.post(signup_url(event), signup_post())
        message = RegistrationClosed(event, "closed").message

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Booking.objects.count() == 0


def test_signup_in_english_stores_the_language(client):
    event = EventFactory()
    client.cookies["django_language"] = "en"

    with translation.override("en"):
        client.post(signup_url(event), signup_post())

    assert Booking.objects.get().language == "en"


def test_signup_online_participant_choosing_an_on_site_only_workshop_is_refused(client):
    event = EventFactory(format=Event.Format.HYBRID, capacity=10, online_capacity=10)
    workshop_a = workshop(event, "Workshop A", 10, attendance_mode="on_site")

    page = client.get(signup_url(event)).content.decode()
    response = client.post(
        signup_url(event),
        signup_post(
            [
                person(1, sessions=[str(workshop_a.pk)]),
                person(2, attendance_mode="online", sessions=[str(workshop_a.pk)], role="Chef"),
            ]
        ),
    )

    html = response.content.decode()
    assert "Workshop A – sänds inte, bara på plats" in page
    assert response.status_code == 200
    assert Booking.objects.count() == 0
    assert "”Workshop A” finns bara på plats och sänds inte. Ta bort valet, eller" in html
    assert "id_participant-1-sessions_error" in html
    assert "id_participant-0-sessions_error" not in html
    assert field_value(html, "participant-1-role") == "Chef"


def test_signup_online_participant_on_the_on_site_price_is_refused_at_the_price(client):
    event = EventFactory(format=Event.Format.HYBRID, capacity=10, online_capacity=10)
    price = PriceOptionFactory(
        event=event, name="Hela konferensen, på plats", amount=0, attendance_mode="on_site"
    )

    response = client.post(
        signup_url(event),
        signup_post([person(1, attendance_mode="online")], booking={"price_option": str(price.pk)}),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert Booking.objects.count() == 0
    assert "id_booking-price_option_error" in html
    assert "”Hela konferensen, på plats” gäller bara deltagare på plats" in html


def test_signup_group_larger_than_a_workshops_places_left_is_told_how_many(client):
    event = EventFactory()
    workshop_a = workshop(event, "Workshop A", 10, capacity=3)
    RegistrationFactory(booking__event=event).sessions.add(workshop_a)

    response = client.post(
        signup_url(event),
        signup_post([person(n, sessions=[str(workshop_a.pk)]) for n in (1, 2, 3)]),
    )

    html = response.content.decode()
    assert Booking.objects.count() == 1
    # Next to each participant's choice, and in the summary at the top.
    assert html.count("”Workshop A” har bara 2 platser kvar.") == 6
    assert "fullbokat" not in html


EMPTY_PARTICIPANT = {"first_name": "", "last_name": "", "email": "", "organisation": ""}
EMPTY_CONTACT = {"first_name": "", "last_name": "", "email": ""}


def test_signup_empty_form_shows_each_fields_error_and_no_participant_count_error(client):
    event = EventFactory()
    data = signup_post([EMPTY_PARTICIPANT], contact=EMPTY_CONTACT, booking={"consent": None})

    response = client.post(signup_url(event), data)

    summary = [(item.text, item.anchor) for item in response.context["forms"].error_summary]
    assert response.status_code == 200
    assert summary == [
        ("Kontaktperson, Förnamn: Fyll i det här fältet.", "id_contact-first_name"),
        ("Kontaktperson, Efternamn: Fyll i det här fältet.", "id_contact-last_name"),
        ("Kontaktperson, E-post: Fyll i det här fältet.", "id_contact-email"),
        ("Deltagare 1, Förnamn: Fyll i det här fältet.", "id_participant-0-first_name"),
        ("Deltagare 1, Efternamn: Fyll i det här fältet.", "id_participant-0-last_name"),
        ("Deltagare 1, E-post: Fyll i det här fältet.", "id_participant-0-email"),
        ("Deltagare 1, Organisation: Fyll i det här fältet.", "id_participant-0-organisation"),
        (
            "Behandling av personuppgifter: Du behöver godkänna integritetsmeddelandet för att "
            "kunna anmäla dig.",
            "id_booking-consent",
        ),
    ]
    assert "Lägg till minst en deltagare" not in response.content.decode()


def test_signup_participant_formset_without_participants_is_too_few():
    event = queries.event_for_signup(EventFactory().slug)
    data = {"participant-TOTAL_FORMS": "0", "participant-INITIAL_FORMS": "0"}
    formset = ParticipantFormSet(
        data, prefix="participant", options=SignupOptions.from_event(event)
    )

    assert not formset.is_valid()
    assert formset.non_form_errors() == ["Lägg till minst en deltagare."]


def test_signup_on_site_and_online_colleagues_each_on_their_own_price_need_no_booking_price(
    client,
):
    event = EventFactory(format=Event.Format.HYBRID, capacity=10, online_capacity=10)
    on_site = PriceOptionFactory(
        event=event, name="På plats", amount=4200, attendance_mode="on_site"
    )
    online = PriceOptionFactory(event=event, name="Digitalt", amount=1500, attendance_mode="online")
    invoice = {
        "invoice_organisation": "Kinda kommun",
        "invoice_organisation_number": "212000-0514",
        "invoice_address": "Box 1\n590 40 Kisa",
        "invoice_reference": "Karin Kontakt",
    }

    response = client.post(
        signup_url(event),
        signup_post(
            [
                person(1, attendance_mode="on_site", price_option=str(on_site.pk)),
                person(2, attendance_mode="online", price_option=str(online.pk)),
            ],
            booking=invoice,
        ),
    )

    assert (response.status_code, response.url) == (302, sent_url(event))
    prices = Registration.objects.order_by("email").values_list("email", "price_option__name")
    assert list(prices) == [
        ("deltagare1@kinda.se", "På plats"),
        ("deltagare2@kinda.se", "Digitalt"),
    ]
    assert Booking.objects.get().price_option == on_site
