"""register(): fees and invoice details, the event's questions, hostile input."""

import pytest
from django.utils import timezone

from registrations.exceptions import InvalidChoice
from registrations.models import Answer, Booking, Registration
from registrations.services import InvoiceData, ParticipantData, register
from tests.factories import EventFactory, PriceOptionFactory, QuestionFactory

pytestmark = pytest.mark.django_db

KINDA = InvoiceData(
    organisation="Kinda kommun",
    organisation_number="212000-0522",
    address="Box 1\n590 40 Kisa",
    reference="KL123",
)


def person(n=1, **fields):
    data = {
        "first_name": "Karin",
        "last_name": "Lind",
        "email": f"karin{n}@kinda.se",
        "organisation": "Kinda kommun",
    }
    return ParticipantData(**{**data, **fields})


def signup(event, *people, **arguments):
    defaults = {
        "contact_name": "Karin Lind",
        "contact_email": "karin1@kinda.se",
        "consent_at": timezone.now(),
    }
    return register(event=event, participants=people or [person()], **{**defaults, **arguments})


def refusal(event, *people, **arguments):
    with pytest.raises(InvalidChoice) as refused:
        signup(event, *people, **arguments)
    assert Booking.objects.count() == 0
    return refused.value


def test_register_paid_option_stores_the_invoice_details():
    option = PriceOptionFactory(amount=2500)
    invoice = InvoiceData(
        organisation=" Kinda kommun ",
        organisation_number="2120000522",
        address="Box 1\n590 40 Kisa",
        reference=" KL123 ",
        peppol_id="0007:2120000522",
    )

    booking = signup(option.event, price_option=option, invoice=invoice)

    assert booking.price_option == option
    assert (booking.invoice_organisation, booking.invoice_organisation_number) == (
        "Kinda kommun",
        "212000-0522",
    )
    assert (booking.invoice_address, booking.invoice_reference, booking.invoice_peppol_id) == (
        "Box 1\n590 40 Kisa",
        "KL123",
        "0007:2120000522",
    )


def test_register_event_with_price_options_requires_one():
    option = PriceOptionFactory()

    assert refusal(option.event, invoice=KINDA).field == "price_option"


def test_register_price_option_of_another_event_is_invalid():
    event = EventFactory()
    PriceOptionFactory(event=event)

    assert refusal(event, price_option=PriceOptionFactory(), invoice=KINDA).field == "price_option"


def test_register_price_option_for_a_free_event_is_invalid():
    assert refusal(EventFactory(), price_option=PriceOptionFactory()).field == "price_option"


def test_register_free_option_needs_no_invoice_and_stores_none():
    option = PriceOptionFactory(amount=0)

    booking = signup(option.event, price_option=option, invoice=KINDA)

    assert (booking.price_option, booking.invoice_organisation) == (option, "")


def test_register_paid_option_without_invoice_is_invalid():
    option = PriceOptionFactory(amount=500)

    assert refusal(option.event, price_option=option).field == "invoice_organisation"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"organisation": "  "}, "invoice_organisation"),
        ({"organisation_number": "212000-0523"}, "invoice_organisation_number"),
        ({"organisation_number": "21200-0522"}, "invoice_organisation_number"),
        ({"organisation_number": "<script>"}, "invoice_organisation_number"),
        ({"address": ""}, "invoice_address"),
        ({"reference": " "}, "invoice_reference"),
        ({"organisation": "K" * 201}, "invoice_organisation"),
    ],
)
def test_register_invalid_invoice_details_are_refused(changes, field):
    option = PriceOptionFactory(amount=500)
    invoice = InvoiceData(**{**KINDA.__dict__, **changes})

    assert refusal(option.event, price_option=option, invoice=invoice).field == field


def test_register_company_invoice_needs_no_buyers_reference():
    option = PriceOptionFactory(amount=500)
    invoice = InvoiceData(organisation="Evado AB", organisation_number="556036-0793", address="X")

    assert signup(option.event, price_option=option, invoice=invoice).invoice_reference == ""


def test_register_region_invoice_needs_the_buyers_reference():
    option = PriceOptionFactory(amount=500)
    invoice = InvoiceData(
        organisation="Region Västerbotten", organisation_number="232100-0222", address="Umeå"
    )

    assert refusal(option.event, price_option=option, invoice=invoice).field == "invoice_reference"


def test_register_saves_answers_of_every_kind():
    event = EventFactory()
    text = QuestionFactory(event=event, kind="short_text", required=True)
    yes_no = QuestionFactory(event=event, kind="yes_no")
    single = QuestionFactory(event=event, kind="single", choices="Kisa\nLinköping")
    multiple = QuestionFactory(event=event, kind="multiple", choices="Lunch\nMiddag\nFika")
    QuestionFactory(event=event, kind="long_text")

    booking = signup(
        event,
        person(
            answers={
                text.pk: " Socialtjänst ",
                yes_no.pk: "yes",
                single.pk: "Kisa",
                str(multiple.pk): "Middag\nLunch\nMiddag",
            }
        ),
    )

    assert dict(
        Answer.objects.filter(registration__booking=booking).values_list("question_id", "value")
    ) == {
        text.pk: "Socialtjänst",
        yes_no.pk: "yes",
        single.pk: "Kisa",
        multiple.pk: "Middag\nLunch",
    }


@pytest.mark.parametrize(
    ("kind", "choices", "value"),
    [
        ("yes_no", "", "kanske"),
        ("single", "Kisa\nLinköping", "Stockholm"),
        ("single", "Kisa\nLinköping", "Kisa\nLinköping"),
        ("multiple", "Lunch\nMiddag", "Lunch\nFrukost"),
        ("short_text", "", "x" * 301),
        ("long_text", "", "x" * 5001),
    ],
)
def test_register_answer_not_allowed_is_invalid(kind, choices, value):
    event = EventFactory()
    question = QuestionFactory(event=event, kind=kind, choices=choices)

    refused = refusal(event, person(1), person(2, answers={question.pk: value}))

    assert (refused.field, refused.participant) == (f"answer_{question.pk}", 1)


def test_register_required_question_left_blank_is_invalid():
    event = EventFactory()
    question = QuestionFactory(event=event, required=True, text="Vilken förvaltning?")

    refused = refusal(event, person(answers={question.pk: "   "}))

    assert refused.field == f"answer_{question.pk}"


def test_register_answer_to_another_events_question_is_invalid():
    event = EventFactory()
    other = QuestionFactory()

    assert refusal(event, person(answers={other.pk: "Hej"})).field == "answers"


def test_register_answer_key_that_is_not_a_number_is_invalid():
    assert refusal(EventFactory(), person(answers={"' OR 1=1 --": "x"})).field == "answers"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"first_name": "   "}, "first_name"),
        ({"last_name": ""}, "last_name"),
        ({"organisation": "\t"}, "organisation"),
        ({"email": "inte-en-adress"}, "email"),
        ({"email": "a@b.se<script>"}, "email"),
        ({"first_name": "K" * 101}, "first_name"),
        ({"dietary_needs": "x" * 501}, "dietary_needs"),
        ({"municipality_code": "12345"}, "municipality_code"),
    ],
)
def test_register_bad_participant_details_name_the_field(fields, field):
    refused = refusal(EventFactory(), person(**fields))

    assert (refused.field, refused.participant) == (field, 0)


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"contact_name": " "}, "contact_name"),
        ({"contact_email": "karin@"}, "contact_email"),
        ({"contact_phone": "0" * 41}, "contact_phone"),
    ],
)
def test_register_bad_contact_details_name_the_field(arguments, field):
    refused = refusal(EventFactory(), **arguments)

    assert (refused.field, refused.participant) == (field, None)


def test_register_keeps_html_and_sql_looking_text_as_text():
    booking = signup(
        EventFactory(),
        person(
            first_name="<script>alert(1)</script>",
            organisation="'; DROP TABLE registrations_registration; --",
            last_name="Åström-Ñúñez 李",
        ),
    )

    registration = Registration.objects.get(booking=booking)
    assert (registration.first_name, registration.organisation, registration.last_name) == (
        "<script>alert(1)</script>",
        "'; DROP TABLE registrations_registration; --",
        "Åström-Ñúñez 李",
    )


def test_register_drops_nul_characters():
    booking = signup(EventFactory(), person(first_name="Ka\x00rin", dietary_needs="\x00"))

    registration = booking.registrations.get()
    assert (registration.first_name, registration.dietary_needs) == ("Karin", "")


def test_register_tampered_submission_key_is_invalid():
    refused = refusal(EventFactory(), submission_key="k" * 65)

    assert refused.field == "submission_key"


def test_register_submission_key_with_nul_characters_is_cleaned():
    event = EventFactory()
    first = signup(event, submission_key="form\x00-1 ")

    assert (first.submission_key, signup(event, submission_key="form-1")) == ("form-1", first)
