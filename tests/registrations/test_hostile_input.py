"""Hostile input on the signup, manage and resend pages.

Every case: the answer is a page with a message (200) or a redirect, never a
500; refused input saves nothing; what was typed is still in the form; what is
accepted is stored verbatim and shown escaped. Run on SQLite and PostgreSQL
(which refuses NUL characters in text).
"""

import html as htmllib

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from events.models import Event
from registrations.models import Answer, Booking, Registration
from tests.factories import (
    BookingFactory,
    EventFactory,
    PriceOptionFactory,
    QuestionFactory,
    RegistrationFactory,
    SessionFactory,
)
from tests.registrations.signup_post import (  # noqa: F401
    field_value,
    person,
    signup_post,
)

pytestmark = pytest.mark.django_db

LONG = "Å" * 10_000
NUL = "Anna\x00Andersson"
SCRIPT = '<script>alert("x")</script><b onmouseover=alert(1)>fet</b>'
SQL = "Robert'); DROP TABLE registrations_registration;--"
UNICODE = "Zoë 🌻 \u200fسارا\u200e Renée"  # emoji, right-to-left marks, accents
CONTROL_MESSAGE = "Texten innehåller osynliga styrtecken som inte kan sparas."


def post(client, event, data):
    return client.post(reverse("registrations:signup", args=[event.slug]), data)


def assert_refused(response):
    assert response.status_code == 200
    assert Booking.objects.count() == 0
    assert Registration.objects.count() == 0
    return response.content.decode()


def kept(html, name, value):
    """The value is still in the input (escaped the way Django writes attributes)."""
    return field_value(html, name) == htmllib.escape(value, quote=True)


# --- too long, NUL, control characters, empty -------------------------------------------

TEXT_INPUTS = [
    "participant-0-first_name",
    "participant-0-last_name",
    "participant-0-organisation",
    "participant-0-role",
    "contact-first_name",
    "contact-last_name",
]


@pytest.mark.parametrize("name", TEXT_INPUTS)
def test_hostile_10000_characters_are_refused_and_kept(client, name):
    event = EventFactory()
    data = signup_post()
    data[name] = LONG

    html = assert_refused(post(client, event, data))

    assert "Använd högst" in html
    assert kept(html, name, LONG)


@pytest.mark.parametrize(
    "name", ["participant-0-dietary_needs", "participant-0-accessibility_needs"]
)
def test_hostile_10000_characters_in_a_textarea_are_refused_and_kept(client, name):
    event = EventFactory()
    data = signup_post()
    data[name] = LONG

    html = assert_refused(post(client, event, data))

    assert "Använd högst 500 tecken (texten har 10000)." in html
    assert f">\n{LONG}</textarea>" in html


@pytest.mark.parametrize(
    "name",
    [
        *TEXT_INPUTS,
        "participant-0-dietary_needs",
        "participant-0-phone",
        "contact-phone",
    ],
)
def test_hostile_nul_character_is_refused_with_a_message(client, name):
    event = EventFactory()
    data = signup_post()
    data[name] = NUL

    html = assert_refused(post(client, event, data))

    assert CONTROL_MESSAGE in html


@pytest.mark.parametrize("name", ["participant-0-email", "contact-email"])
def test_hostile_nul_in_an_email_address_is_refused(client, name):
    event = EventFactory()
    data = signup_post()
    data[name] = "anna\x00@kinda.se"

    html = assert_refused(post(client, event, data))

    assert "Fyll i en e-postadress, till exempel namn@kommun.se." in html


def test_hostile_nul_in_an_answer_and_a_choice_is_refused(client):
    event = EventFactory()
    text = QuestionFactory(event=event, kind="short_text")
    single = QuestionFactory(event=event, kind="single", choices="Buss\nTåg")
    session = SessionFactory(event=event, selectable=True)

    html = assert_refused(
        post(
            client,
            event,
            signup_post(
                [
                    person(
                        1,
                        sessions=[f"{session.pk}\x00"],
                        **{f"answer_{text.pk}": NUL, f"answer_{single.pk}": "Buss\x00"},
                    )
                ]
            ),
        )
    )

    assert CONTROL_MESSAGE in html
    assert "Välj ett av de angivna alternativen." in html
    assert "Välj bland de programpunkter som visas." in html


@pytest.mark.parametrize("value", ["", "   ", "\t\n ", "\u3000"])
def test_hostile_empty_and_whitespace_only_names_are_required(client, value):
    event = EventFactory()
    data = signup_post([person(1, first_name=value)])

    html = assert_refused(post(client, event, data))

    assert "Deltagare 1, Förnamn: Fyll i det här fältet." in html


def test_hostile_everything_empty_is_refused_with_messages(client):
    event = EventFactory()

    html = assert_refused(post(client, event, {}))

    assert "Formuläret skickades inte komplett." in html
    assert 'name="participant-0-first_name"' in html


# --- accepted as typed, shown escaped ---------------------------------------------------


def test_hostile_html_and_script_are_stored_verbatim_and_shown_escaped(client):
    event = EventFactory()
    data = signup_post(
        [person(1, first_name=SCRIPT[:100], role=SCRIPT, dietary_needs=SCRIPT)],
        contact={"last_name": SCRIPT[:99]},
    )

    response = post(client, event, data)

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert (registration.first_name, registration.role) == (SCRIPT[:100], SCRIPT)
    for url in (registration.booking.get_absolute_url(), registration.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "<b onmouseover" not in page
        assert escape(SCRIPT[:100]) in page


def test_hostile_sql_looking_text_is_stored_verbatim(client):
    event = EventFactory()
    question = QuestionFactory(event=event, kind="long_text")

    response = post(
        client,
        event,
        signup_post([person(1, last_name=SQL, organisation=SQL, **{f"answer_{question.pk}": SQL})]),
    )

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert (registration.last_name, registration.organisation) == (SQL, SQL)
    assert Answer.objects.get().value == SQL


def test_hostile_unusual_unicode_is_stored_in_composed_form(client):
    event = EventFactory()

    response = post(
        client,
        event,
        signup_post([person(1, first_name="Rene\u0301e 🌻", last_name="\u200fسارا\u200e")]),
    )

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert (registration.first_name, registration.last_name) == ("Renée 🌻", "\u200fسارا\u200e")
    assert registration.first_name == "Ren\u00e9e 🌻"


def test_hostile_unusual_unicode_in_a_free_text_is_kept(client):
    event = EventFactory()

    response = post(client, event, signup_post([person(1, dietary_needs=UNICODE)]))

    assert response.status_code == 302
    assert Registration.objects.get().dietary_needs == UNICODE


def test_hostile_bidi_override_in_a_name_is_refused(client):
    event = EventFactory()

    html = assert_refused(
        post(client, event, signup_post([person(1, last_name="\u202enossredna")]))
    )

    assert CONTROL_MESSAGE in html


# --- forged and tampered hidden fields -------------------------------------------------


@pytest.mark.parametrize("forged", ["other", "abc", "1 OR 1=1", "-1", "99999999999999999999", ""])
def test_hostile_forged_session_ids_are_refused(client, forged):
    event = EventFactory()
    SessionFactory(event=event, selectable=True)
    other = SessionFactory(selectable=True)
    value = str(other.pk) if forged == "other" else forged

    html = assert_refused(post(client, event, signup_post([person(1, sessions=[value])])))

    assert "Välj bland de programpunkter som visas." in html
    assert kept(html, "participant-0-email", "deltagare1@kinda.se")


def test_hostile_session_of_an_event_without_choices_is_ignored(client):
    event = EventFactory()
    other = SessionFactory(selectable=True)

    response = post(client, event, signup_post([person(1, sessions=[str(other.pk)])]))

    assert response.status_code == 302
    assert list(Registration.objects.get().sessions.all()) == []


@pytest.mark.parametrize("forged", ["other", "abc", "0", "1.5"])
def test_hostile_forged_price_option_is_refused(client, forged):
    event = EventFactory()
    PriceOptionFactory(event=event, amount=0)
    other = PriceOptionFactory(amount=0)
    value = str(other.pk) if forged == "other" else forged

    html = assert_refused(post(client, event, signup_post(booking={"price_option": value})))

    assert "Välj ett av de prisalternativ som visas." in html


def test_hostile_answer_to_a_question_of_another_event_is_not_saved(client):
    event = EventFactory()
    foreign = QuestionFactory()

    response = post(client, event, signup_post([person(1, **{f"answer_{foreign.pk}": "smuggled"})]))

    assert response.status_code == 302
    assert Answer.objects.count() == 0


def test_hostile_forged_attendance_mode_is_refused(client):
    event = EventFactory(format=Event.Format.HYBRID, online_capacity=10)

    html = assert_refused(
        post(client, event, signup_post([person(1, attendance_mode="backstage")]))
    )

    assert "Välj om du deltar på plats eller online." in html


@pytest.mark.parametrize(
    ("total", "message"),
    [
        ("1000", "Du kan anmäla högst 20 deltagare åt gången."),
        ("21", "Du kan anmäla högst 20 deltagare åt gången."),
        ("0", "Formuläret skickades inte komplett."),
        ("-3", "Formuläret skickades inte komplett."),
        ("abc", "Formuläret skickades inte komplett."),
        ("1e9", "Formuläret skickades inte komplett."),
        (None, "Formuläret skickades inte komplett."),
    ],
)
def test_hostile_tampered_participant_count_is_refused_and_keeps_the_participants(
    client, total, message
):
    event = EventFactory()
    data = signup_post([person(1), person(2)])
    if total is None:
        del data["participant-TOTAL_FORMS"]
        del data["participant-INITIAL_FORMS"]
    else:
        data["participant-TOTAL_FORMS"] = total

    html = assert_refused(post(client, event, data))

    assert message in html
    assert field_value(html, "participant-TOTAL_FORMS") == "2"
    assert kept(html, "participant-0-email", "deltagare1@kinda.se")
    assert kept(html, "participant-1-email", "deltagare2@kinda.se")


def test_hostile_participant_indices_far_beyond_the_limit_are_not_built(client):
    event = EventFactory()
    data = signup_post([person(1)])
    data["participant-5000-first_name"] = "Långt bort"
    data["participant-TOTAL_FORMS"] = "5001"

    html = assert_refused(post(client, event, data))

    assert field_value(html, "participant-TOTAL_FORMS") == "20"
    assert 'name="participant-20-first_name"' not in html


@pytest.mark.parametrize("index", ["abc", "-1", "999", "", "0\x00", "1" * 5000])
def test_hostile_forged_remove_button_changes_nothing_harmful(client, index):
    event = EventFactory()
    data = signup_post([person(1), person(2)])
    data["remove_participant"] = index

    html = assert_refused(post(client, event, data))

    assert field_value(html, "participant-TOTAL_FORMS") == "2"
    assert kept(html, "participant-1-email", "deltagare2@kinda.se")


def test_hostile_add_beyond_the_limit_is_refused(client):
    event = EventFactory()
    data = signup_post([person(n) for n in range(1, 21)])
    data["add_participant"] = "1"

    html = assert_refused(post(client, event, data))

    assert "Du kan anmäla högst 20 deltagare åt gången." in html
    assert field_value(html, "participant-TOTAL_FORMS") == "20"


@pytest.mark.parametrize(
    "key", ["", "short", "x" * 65, "'; DROP TABLE x;--" * 3, "k" * 42 + "\x00"]
)
def test_hostile_malformed_submission_key_is_refused_and_replaced(client, key):
    event = EventFactory()

    html = assert_refused(post(client, event, signup_post(key=key)))

    assert "Formuläret har ändrats eller är för gammalt. Skicka det igen." in html
    fresh = field_value(html, "booking-submission_key")
    assert len(fresh) == 43
    assert fresh != key


def test_hostile_submission_key_of_another_booking_is_refused_and_reveals_nothing(client):
    event = EventFactory()
    other = BookingFactory(event=event, submission_key="s" * 43, contact_email="x@kommun.se")
    RegistrationFactory(booking=other, first_name="Hemlig")

    response = post(client, event, signup_post(key="s" * 43))

    html = response.content.decode()
    assert response.status_code == 200
    assert Booking.objects.count() == 1
    assert Registration.objects.count() == 1
    assert "Det här formuläret har redan skickats." in html
    assert other.reference not in html
    assert other.manage_token not in html
    assert "Hemlig" not in html
    assert field_value(html, "booking-submission_key") != "s" * 43
    assert kept(html, "participant-0-email", "deltagare1@kinda.se")


def test_hostile_submission_key_of_another_events_booking_is_refused(client):
    event = EventFactory()
    BookingFactory(submission_key="t" * 43, contact_email="karin@kinda.se")

    response = post(client, event, signup_post(key="t" * 43))

    assert response.status_code == 200
    assert Booking.objects.count() == 1
    assert Registration.objects.count() == 0
    assert gettext("The form was sent for another event. Please reload it.") in (
        response.content.decode()
    )


# --- the manage and resend pages ----------------------------------------------------------


def manage_post(registration, **changes):
    data = {
        "participant-first_name": registration.first_name,
        "participant-last_name": registration.last_name,
        "participant-email": registration.email,
        "participant-organisation": registration.organisation,
    }
    data.update({f"participant-{name}": value for name, value in changes.items()})
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"first_name": NUL}, CONTROL_MESSAGE),
        ({"role": LONG}, "Använd högst 200 tecken (texten har 10000)."),
        ({"email": "   "}, "Fyll i det här fältet."),
        ({"sessions": ["abc"]}, "Välj bland de programpunkter som visas."),
    ],
)
def test_hostile_manage_changes_are_refused_and_kept(client, changes, message):
    event = EventFactory()
    SessionFactory(event=event, selectable=True)
    registration = RegistrationFactory(booking__event=event, role="Chef")
    url = reverse("registrations:manage", args=[registration.manage_token])

    response = client.post(url, manage_post(registration, **changes))

    html = response.content.decode()
    registration.refresh_from_db()
    assert response.status_code == 200
    assert message in html
    assert registration.role == "Chef"
    assert registration.first_name == "Anna"


def test_hostile_manage_session_of_another_event_is_refused(client):
    event = EventFactory()
    SessionFactory(event=event, selectable=True)
    foreign = SessionFactory(selectable=True)
    registration = RegistrationFactory(booking__event=event)
    url = reverse("registrations:manage", args=[registration.manage_token])

    response = client.post(url, manage_post(registration, sessions=[str(foreign.pk)]))

    assert response.status_code == 200
    assert list(registration.sessions.all()) == []


@pytest.mark.parametrize("email", ["anna\x00@kinda.se", "a" * 10_000 + "@kinda.se", "", "<script>"])
def test_hostile_resend_link_input_is_refused_with_a_message(client, email):
    event = EventFactory()

    response = client.post(
        reverse("registrations:resend_link", args=[event.slug]), {"email": email}
    )

    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_hostile_privacy_page_ignores_a_forged_event_parameter(client):
    response = client.get(reverse("registrations:privacy") + "?evenemang=a%00b")

    assert response.status_code == 200
