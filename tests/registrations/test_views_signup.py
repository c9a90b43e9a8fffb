"""The signup page: the whole journey, add/remove participants, window states, retries."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from events.models import Event
from registrations.exceptions import RegistrationClosed
from registrations.models import Booking, Registration
from tests.factories import (
    EventFactory,
    PriceOptionFactory,
    QuestionFactory,
    RegistrationFactory,
    SessionFactory,
    in_days,
)
from tests.registrations.signup_post import (  # noqa: F401
    field_value,
    person,
    signup_post,
)

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


def test_signup_two_participants_with_sessions_and_answers_end_on_the_confirmation(client):
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
    assert response.url == reverse("registrations:confirmation", args=[booking.manage_token])
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

    confirmation = client.get(response.url)
    page = confirmation.content.decode()
    assert confirmation["Referrer-Policy"] == "no-referrer"
    assert "Deltagare1 Andersson" in page
    assert "Deltagare2 Andersson" in page
    assert "Bekräftad" in page
    assert "Väntelista, plats 1 i kön" in page
    assert booking.reference in page
    assert reverse("events:event_ics", args=[event.slug]) in page
    assert reverse("registrations:manage", args=[booking.manage_token]) in page


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

    booking = Booking.objects.get()
    assert first.status_code == second.status_code == 302
    assert (
        first.url
        == second.url
        == reverse("registrations:confirmation", args=[booking.manage_token])
    )
    assert Registration.objects.count() == 1


def test_signup_email_already_registered_says_so_next_to_the_field(client):
    event = EventFactory()
    RegistrationFactory(booking__event=event, email="deltagare1@kinda.se")

    response = client.post(signup_url(event), signup_post([person(1)]))

    html = response.content.decode()
    assert response.status_code == 200
    assert Booking.objects.count() == 1
    assert (
        "Den här e-postadressen är redan anmäld. Vi har skickat länken till din anmälan igen."
        in html
    )
    assert 'id="id_participant-0-email_error"' in html
    assert field_value(html, "participant-0-email") == "deltagare1@kinda.se"


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
