"""The signup forms on their own: text cleaning, invoice rules, sessions, answers."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from registrations.forms import BookingForm, ParticipantForm, SignupOptions
from registrations.forms.fields import NameField, PhoneField, TextField, validate_peppol_id
from registrations.models import Registration
from registrations.reference_data import find_organisation, municipality_code, suggestions
from registrations.views.queries import events_for_signup
from tests.factories import (
    EventFactory,
    PriceOptionFactory,
    QuestionFactory,
    RegistrationFactory,
    SessionFactory,
)
from tests.registrations.signup_post import SUBMISSION_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English, the language of the msgids."""
    with translation.override("en"):
        yield


def options_for(event):
    return SignupOptions.from_event(events_for_signup().get(pk=event.pk))


def clean(field, value):
    try:
        return field.clean(value)
    except ValidationError as error:
        return error.messages


# --- text fields -------------------------------------------------------------------


def test_text_field_whitespace_only_counts_as_empty():
    assert clean(NameField(max_length=100), " \t  ") == ["Please fill in this field."]
    assert clean(TextField(max_length=100, required=False), "   ") == ""


def test_text_field_joins_combining_accents_into_one_character():
    assert clean(NameField(max_length=100), "  Rene\u0301e ") == "Renée"


@pytest.mark.parametrize("value", ["Anna\x00", "An\x07na", "Anna\nAndersson", "\u202eannA"])
def test_name_field_refuses_control_characters(value):
    assert clean(NameField(max_length=100), value) == [
        "The text contains invisible control characters that cannot be saved. "
        "Please remove them or type the text again."
    ]


def test_multiline_field_keeps_line_breaks_and_refuses_nul():
    field = TextField(max_length=100, multiline=True)

    assert clean(field, "Gluten\r\nLaktos") == "Gluten\nLaktos"
    assert len(clean(field, "Gluten\x00")) == 1


def test_name_field_keeps_emoji_and_right_to_left_marks():
    assert clean(NameField(max_length=100), "Zoë 🌻 \u200fسارا") == "Zoë 🌻 \u200fسارا"


def test_text_field_too_long_says_how_long():
    assert clean(NameField(max_length=5), "Annelie") == [
        "Use at most 5 characters (this text has 7)."
    ]


@pytest.mark.parametrize(
    ("value", "valid"),
    [("070-123 45 67", True), ("+46 (0)13 20 00 00", True), ("1234", False), ("ring mig", False)],
)
def test_phone_field_accepts_digits_and_separators(value, valid):
    assert (clean(PhoneField(max_length=40), value) == value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("4006381333931", True),
        ("4006381333932", False),
        ("0007:2120000142", True),
        ("0007:2120000143", False),
        ("0088:4006381333931", True),
        ("0088:4006381333930", False),
        ("0192:987654321", True),
        ("peppol", False),
        ("0007:", False),
    ],
)
def test_peppol_id_is_checked_loosely(value, valid):
    try:
        validate_peppol_id(value)
    except ValidationError:
        assert not valid
    else:
        assert valid


# --- municipalities and regions ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kinda kommun", "0513"),
        ("Kinda", "0513"),
        ("  KINDA   kommun ", "0513"),
        ("Linköpings kommun", "0580"),
        ("Socialförvaltningen, Linköpings kommun", "0580"),
        ("Falu kommun", "2080"),
        ("Stockholms stad", "0180"),
        ("Upplands-Bro kommun", "0139"),
        ("Region Östergötland", "05"),
        ("Region Jönköpings län", "06"),
        ("Västra Götalandsregionen", "14"),
        ("Konsultbolaget AB", ""),
        ("", ""),
    ],
)
def test_municipality_code_of_an_organisation(text, code):
    assert municipality_code(text) == code


def test_suggestions_are_every_municipality_and_region_once():
    names = suggestions()

    assert len(names) == len(set(names)) == 290 - 1 + 21  # Gotland is named as its region
    assert "Kinda kommun" in names
    assert "Region Östergötland" in names
    assert find_organisation("Region Gotland").code == "09"


# --- booking: price and invoice --------------------------------------------------------


def booking_form(event, **data):
    fields = {"submission_key": SUBMISSION_KEY, "consent": "on", **data}
    return BookingForm(fields, options=options_for(event))


def test_booking_free_option_needs_no_invoice_details():
    event = EventFactory()
    free = PriceOptionFactory(event=event, name="Studerande", amount=0)
    PriceOptionFactory(event=event, amount=1500)

    form = booking_form(event, price_option=str(free.pk), invoice_organisation_number="skräp")

    assert form.is_valid(), form.errors
    assert form.invoice_data() is None


def test_booking_fee_requires_the_invoice_details():
    event = EventFactory()
    paid = PriceOptionFactory(event=event, amount=1500)

    form = booking_form(event, price_option=str(paid.pk))

    assert form.errors == {
        "invoice_organisation": ["Enter the organisation that pays the invoice."],
        "invoice_organisation_number": ["Enter the paying organisation's organisation number."],
        "invoice_address": ["Enter the invoice address."],
    }


INVOICE = {
    "invoice_organisation": "Konsultbolaget AB",
    "invoice_organisation_number": "556036-0793",
    "invoice_address": "Box 1\n123 45 Kinda",
}
REFERENCE_NEEDED = [
    "Municipalities, regions and government agencies need the buyer's reference on the "
    "invoice. Ask your finance office if you do not know it."
]


def test_booking_company_needs_no_buyers_reference():
    event = EventFactory()
    paid = PriceOptionFactory(event=event, amount=1500)

    form = booking_form(event, price_option=str(paid.pk), **INVOICE)

    assert form.is_valid(), form.errors
    assert form.invoice_data().organisation_number == "556036-0793"


def test_booking_municipality_number_requires_the_buyers_reference():
    event = EventFactory()
    paid = PriceOptionFactory(event=event, amount=1500)

    form = booking_form(
        event,
        price_option=str(paid.pk),
        **{**INVOICE, "invoice_organisation_number": "2120000142"},
    )

    assert form.errors == {"invoice_reference": REFERENCE_NEEDED}


def test_booking_municipality_name_requires_the_buyers_reference():
    event = EventFactory()
    paid = PriceOptionFactory(event=event, amount=1500)

    form = booking_form(
        event, price_option=str(paid.pk), **{**INVOICE, "invoice_organisation": "Kinda kommun"}
    )

    assert form.errors == {"invoice_reference": REFERENCE_NEEDED}


def test_booking_organisation_number_is_checked_and_normalised():
    event = EventFactory()
    paid = PriceOptionFactory(event=event, amount=1500)
    form = booking_form(
        event,
        price_option=str(paid.pk),
        **{**INVOICE, "invoice_organisation_number": "2120000142", "invoice_reference": "K123"},
    )
    wrong = booking_form(
        event,
        price_option=str(paid.pk),
        **{**INVOICE, "invoice_organisation_number": "556036-0794"},
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["invoice_organisation_number"] == "212000-0142"
    assert wrong.errors == {
        "invoice_organisation_number": [
            "This is not a valid organisation number: please check the digits."
        ]
    }


def test_booking_price_option_of_another_event_is_refused():
    event = EventFactory()
    PriceOptionFactory(event=event)
    other = PriceOptionFactory()

    form = booking_form(event, price_option=str(other.pk))

    assert form.errors == {"price_option": ["Choose one of the price options shown."]}


def test_booking_without_consent_is_refused():
    event = EventFactory()

    form = booking_form(event, consent="")

    assert form.errors == {"consent": ["You need to accept the privacy notice to sign up."]}


# --- participant: sessions and answers ---------------------------------------------------


def participant_form(event, **data):
    fields = {
        "first_name": "Maja",
        "last_name": "Lind",
        "email": "maja@kinda.se",
        "organisation": "Kinda",
        **data,
    }
    return ParticipantForm(fields, options=options_for(event))


def test_participant_sessions_at_the_same_time_are_refused():
    event = EventFactory()
    start = event.starts_at
    first = SessionFactory(event=event, selectable=True, title="A", starts_at=start)
    second = SessionFactory(
        event=event, selectable=True, title="B", starts_at=start + dt.timedelta(minutes=30)
    )
    later = SessionFactory(
        event=event, selectable=True, title="C", starts_at=start + dt.timedelta(hours=2)
    )

    overlapping = participant_form(event, sessions=[str(first.pk), str(second.pk)])
    apart = participant_form(event, sessions=[str(first.pk), str(later.pk)])

    assert overlapping.errors == {
        "sessions": ["“A” and “B” are at the same time. Choose one of them."]
    }
    assert apart.is_valid(), apart.errors
    assert apart.to_participant_data().session_ids == (first.pk, later.pk)


def test_participant_session_not_selectable_is_not_offered():
    event = EventFactory()
    fixed = SessionFactory(event=event, selectable=False)
    SessionFactory(event=event, selectable=True)

    form = participant_form(event, sessions=[str(fixed.pk)])

    assert form.errors == {"sessions": ["Choose among the sessions listed."]}


def test_participant_answers_of_every_kind():
    event = EventFactory()
    short = QuestionFactory(event=event, kind="short_text")
    long = QuestionFactory(event=event, kind="long_text")
    yes_no = QuestionFactory(event=event, kind="yes_no", required=True)
    single = QuestionFactory(event=event, kind="single", choices="Buss\nTåg")
    multiple = QuestionFactory(event=event, kind="multiple", choices="Buss\nTåg\nBil")
    unanswered = QuestionFactory(event=event, kind="short_text")

    form = participant_form(
        event,
        **{
            f"answer_{short.pk}": " Kort ",
            f"answer_{long.pk}": "Rad ett\r\nRad två",
            f"answer_{yes_no.pk}": "no",
            f"answer_{single.pk}": "Tåg",
            f"answer_{multiple.pk}": ["Buss", "Bil"],
            f"answer_{unanswered.pk}": "   ",
        },
    )

    assert form.is_valid(), form.errors
    assert form.to_participant_data().answers == {
        short.pk: "Kort",
        long.pk: "Rad ett\nRad två",
        yes_no.pk: "no",
        single.pk: "Tåg",
        multiple.pk: "Buss\nBil",
    }


def test_participant_required_question_and_unknown_choice_are_refused():
    event = EventFactory()
    required = QuestionFactory(event=event, kind="yes_no", required=True)
    single = QuestionFactory(event=event, kind="single", choices="Buss\nTåg")

    form = participant_form(event, **{f"answer_{single.pk}": "Flyg"})

    assert form.errors == {
        f"answer_{required.pk}": ["Please answer this question."],
        f"answer_{single.pk}": ["Choose one of the given alternatives."],
    }


def test_participant_question_help_text_is_escaped():
    event = EventFactory()
    question = QuestionFactory(event=event, help_text="<b>fet</b>")

    form = participant_form(event)

    assert form.fields[f"answer_{question.pk}"].help_text == "&lt;b&gt;fet&lt;/b&gt;"


# --- participant: attendance modes ----------------------------------------------------


def hybrid(**fields):
    return EventFactory(format="hybrid", **{"capacity": 10, "online_capacity": 10, **fields})


def manage_form(registration, **data):
    """The manage page's form of ``registration``, bound to ``data`` or unbound."""
    registration = (
        Registration.objects.select_related("booking__price_option")
        .prefetch_related("sessions")
        .get(pk=registration.pk)
    )
    return ParticipantForm(
        data or None, options=options_for(registration.event), registration=registration
    )


def test_participant_online_choosing_an_on_site_only_session_is_refused():
    event = hybrid()
    workshop = SessionFactory(
        event=event, selectable=True, title="Workshop A", attendance_mode="on_site"
    )

    online = participant_form(event, attendance_mode="online", sessions=[str(workshop.pk)])
    on_site = participant_form(event, attendance_mode="on_site", sessions=[str(workshop.pk)])

    assert online.errors == {
        "sessions": [
            "“Workshop A” is on site only: it is not streamed. Untick it, or choose to "
            "take part on site."
        ]
    }
    assert on_site.is_valid(), on_site.errors


def test_participant_session_labels_say_which_are_on_site_or_online_only():
    event = hybrid()
    start = event.starts_at
    SessionFactory(event=event, selectable=True, title="Workshop A", attendance_mode="on_site")
    SessionFactory(
        event=event,
        selectable=True,
        title="Webbinarium",
        attendance_mode="online",
        starts_at=start + dt.timedelta(hours=2),
    )
    SessionFactory(
        event=event, selectable=True, title="Panel", starts_at=start + dt.timedelta(hours=4)
    )

    form = participant_form(event)

    labels = [label.split(" ", 1)[1] for _pk, label in form.fields["sessions"].choices]
    assert labels == [
        "Workshop A – not streamed, on site only",
        "Webbinarium – online only",
        "Panel",
    ]
    html = str(form["sessions"])
    assert html.count('data-serves="on_site"') == 1
    assert html.count('data-serves="online"') == 1


def test_participant_on_site_only_sessions_of_an_on_site_event_carry_no_note():
    event = EventFactory()
    SessionFactory(event=event, selectable=True, title="Workshop A", attendance_mode="on_site")

    form = participant_form(event)

    [(_pk, label)] = form.fields["sessions"].choices
    assert label.endswith(" Workshop A")


def test_participant_signup_full_mode_with_waiting_list_says_you_join_it():
    event = hybrid(capacity=1)
    RegistrationFactory(booking__event=event)

    form = participant_form(event)

    assert form.fields["attendance_mode"].choices == [
        ("on_site", "On site – fully booked; you join the waiting list"),
        ("online", "Online"),
    ]


def test_participant_confirmed_in_a_full_mode_sees_their_own_mode_plainly():
    event = hybrid(capacity=1, online_capacity=1)
    registration = RegistrationFactory(booking__event=event)
    RegistrationFactory(booking__event=event, attendance_mode="online")

    form = manage_form(registration)

    assert form.fields["attendance_mode"].choices == [
        ("on_site", "On site"),
        ("online", "Online – fully booked"),
    ]
    html = str(form["attendance_mode"])
    assert re.search(r'value="online"[^>]*disabled', html)
    assert not re.search(r'value="on_site"[^>]*disabled', html)


def test_participant_waitlisted_in_a_full_mode_is_told_they_are_on_its_list():
    event = hybrid(capacity=1)
    RegistrationFactory(booking__event=event)
    waiting = RegistrationFactory(booking__event=event, status="waitlisted")

    form = manage_form(waiting)

    assert form.fields["attendance_mode"].choices == [
        ("on_site", "On site – fully booked; you are on its waiting list"),
        ("online", "Online"),
    ]


def test_participant_whose_price_is_for_on_site_is_not_offered_online():
    event = hybrid()
    price = PriceOptionFactory(event=event, attendance_mode="on_site")
    registration = RegistrationFactory(booking__event=event, booking__price_option=price)

    form = manage_form(registration)

    assert form.fields["attendance_mode"].choices == [
        ("on_site", "On site"),
        ("online", "Online – your price is for on site only; contact the organiser"),
    ]


def test_participant_moving_online_may_keep_an_on_site_session_they_hold_to_drop():
    event = hybrid()
    workshop = SessionFactory(event=event, selectable=True, attendance_mode="on_site")
    registration = RegistrationFactory(booking__event=event)
    registration.sessions.add(workshop)

    form = manage_form(
        registration,
        first_name="Maja",
        last_name="Lind",
        email=registration.email,
        organisation="Kinda",
        attendance_mode="online",
        sessions=[str(workshop.pk)],
    )

    assert form.is_valid(), form.errors


def test_booking_price_options_for_one_mode_are_marked_and_explained():
    event = hybrid()
    PriceOptionFactory(event=event, name="På plats", attendance_mode="on_site")
    PriceOptionFactory(event=event, name="Digitalt", attendance_mode="online")
    PriceOptionFactory(event=event, name="Studenter")

    form = BookingForm(options=options_for(event))

    html = str(form["price_option"])
    assert html.count('data-serves="on_site"') == 1
    assert html.count('data-serves="online"') == 1
    assert form.fields["price_option"].help_text == (
        "A price for participants on site, or for participants online, can be chosen only "
        "when everyone in the registration takes part that way."
    )
