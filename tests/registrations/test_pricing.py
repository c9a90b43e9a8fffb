"""A price per participant, VAT and totals: the service, the signup form and the pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from events.models import Event
from registrations import pricing
from registrations.exceptions import InvalidChoice
from registrations.models import Booking
from registrations.services import InvoiceData
from tests.factories import (
    BookingFactory,
    EventFactory,
    PriceOptionFactory,
    RegistrationFactory,
    in_days,
)
from tests.registrations.service_calls import person, signup
from tests.registrations.signup_post import main_text, signup_post
from tests.registrations.signup_post import person as posted_person

pytestmark = pytest.mark.django_db
INVOICE = InvoiceData(
    organisation="Kinda kommun",
    organisation_number="212000-0514",
    address="Box 1, 590 40 Kisa",
    reference="KA123",
)


def line(net, rate, reason=""):
    return pricing.Line(
        name="A", option_name="B", net=Decimal(net), vat_rate=rate, exemption_reason=reason
    )


def test_totals_round_vat_per_rate_on_the_sum_of_line_nets():
    totals = pricing.totals(
        [line("0.10", "25"), line("0.10", "25"), line("0.10", "25"), line("99.99", "6")]
    )

    assert [(g.rate, g.net, g.vat) for g in totals.groups] == [
        ("25", Decimal("0.30"), Decimal("0.08")),
        ("6", Decimal("99.99"), Decimal("6.00")),
    ]
    assert (totals.net, totals.vat, totals.total) == (
        Decimal("100.29"),
        Decimal("6.08"),
        Decimal("106.37"),
    )


def test_totals_keep_exempt_lines_apart_with_their_reason():
    totals = pricing.totals([line("500", "0", "Utbildning"), line("100", "25")])

    assert [(g.rate, g.vat, g.exemption_reason) for g in totals.groups] == [
        ("25", Decimal("25.00"), ""),
        ("0", Decimal("0.00"), "Utbildning"),
    ]


def test_price_option_without_vat_rate_is_refused_in_swedish():
    option = PriceOptionFactory.build(vat_rate=None, event=EventFactory())

    with pytest.raises(ValidationError) as refused:
        option.full_clean()

    assert refused.value.message_dict["vat_rate"] == ["Välj prisets momssats."]


def test_price_option_at_zero_vat_needs_the_exemption_reason():
    option = PriceOptionFactory.build(vat_rate="0", event=EventFactory())

    with pytest.raises(ValidationError) as refused:
        option.full_clean()

    assert refused.value.message_dict["vat_exemption_reason"] == [
        "Ett pris utan moms behöver skälet till undantaget, eftersom fakturan måste ange det."
    ]


def test_register_gives_each_participant_their_own_price_or_the_bookings():
    event = EventFactory(format=Event.Format.HYBRID, capacity=10, online_capacity=10)
    whole = PriceOptionFactory(event=event, name="Hela", amount=6900)
    online = PriceOptionFactory(
        event=event, name="Digitalt", amount=1500, vat_rate="6", attendance_mode="online"
    )

    booking = signup(
        event,
        person(1),
        person(2, attendance_mode="online", price_option=online.pk),
        price_option=whole,
        invoice=INVOICE,
    )

    people = list(booking.registrations.order_by("pk"))
    assert [r.price_option for r in people] == [whole, online]
    totals = booking.price_totals
    assert (totals.net, totals.vat, totals.total) == (
        Decimal("8400.00"),
        Decimal("1815.00"),
        Decimal("10215.00"),
    )


def test_register_a_paid_price_for_one_participant_needs_the_invoice_details():
    event = EventFactory()
    free = PriceOptionFactory(event=event, name="Gratis", amount=0)
    paid = PriceOptionFactory(event=event, name="Middag", amount=500)

    with pytest.raises(InvalidChoice) as refused:
        signup(event, person(1), person(2, price_option=paid.pk), price_option=free)

    assert refused.value.field == "invoice_organisation"
    assert Booking.objects.count() == 0


def test_register_one_day_price_of_a_multi_day_event_needs_one_of_its_days():
    start = in_days(30, 9)
    event = EventFactory(starts_at=start, ends_at=start + dt.timedelta(days=2, hours=7))
    day_price = PriceOptionFactory(event=event, name="En dag", amount=2000, one_day=True)
    second = start.date() + dt.timedelta(days=1)

    with pytest.raises(InvalidChoice) as refused:
        signup(event, person(1, day=start.date() - dt.timedelta(days=1)), price_option=day_price)
    booking = signup(
        event, person(1, day=second.isoformat()), price_option=day_price, invoice=INVOICE
    )

    assert (refused.value.field, refused.value.message) == (
        "day",
        "Välj vilken dag deltagaren kommer.",
    )
    assert booking.registrations.get().booked_day == second


def test_waitlisted_and_cancelled_participants_are_not_in_the_total():
    price = PriceOptionFactory(amount=1000)
    booking = BookingFactory(event=price.event, price_option=price)
    RegistrationFactory(booking=booking)
    RegistrationFactory(booking=booking, status="waitlisted")
    RegistrationFactory(booking=booking, status="cancelled")

    assert Booking.objects.get().price_totals.total == Decimal("1250.00")


def test_signup_form_shows_the_total_before_it_is_sent(client):
    event = EventFactory()
    whole = PriceOptionFactory(event=event, name="Hela konferensen", amount=6900)
    PriceOptionFactory(
        event=event, name="Studiedag", amount=1000, vat_rate="0", vat_exemption_reason="Utbildning"
    )
    data = signup_post(
        [posted_person(1), posted_person(2), posted_person(3)],
        booking={"price_option": str(whole.pk), "show_total": "1"},
    )

    response = client.post(reverse("registrations:signup", args=[event.slug]), data)

    text = main_text(response.content.decode())
    assert Booking.objects.count() == 0
    assert "Summa exkl. moms 20 700 kr Moms 25 % 5 175 kr Att betala 25 875 kr" in text


def test_manage_page_shows_the_bookings_lines_and_total(client):
    price = PriceOptionFactory(amount=Decimal("4200.50"))
    booking = BookingFactory(event=price.event, price_option=price)
    RegistrationFactory(booking=booking, first_name="Kim", last_name="Berg")

    response = client.get(booking.get_absolute_url())

    text = main_text(response.content.decode())
    assert "Kim Berg Hela konferensen 4 200,50 kr 25 %" in text
    assert "Att betala 5 250,63 kr" in text


def test_signup_keeps_the_order_number_for_the_invoice(client):
    event = EventFactory()
    price = PriceOptionFactory(event=event, amount=1000)
    data = signup_post(
        [posted_person(1)],
        booking={
            "price_option": str(price.pk),
            "invoice_organisation": "Kinda kommun",
            "invoice_organisation_number": "212000-0514",
            "invoice_address": "Box 1, 590 40 Kisa",
            "invoice_reference": "KA123",
            "invoice_order_number": "4500012345",
        },
    )

    response = client.post(reverse("registrations:signup", args=[event.slug]), data)

    assert response.status_code == 302
    assert Booking.objects.get().invoice_order_number == "4500012345"


def test_confirmation_page_shows_the_lines_and_total_as_sent(client):
    event = EventFactory()
    price = PriceOptionFactory(event=event, name="Hela konferensen", amount=6900)
    data = signup_post(
        [posted_person(1), posted_person(2)],
        booking={
            "price_option": str(price.pk),
            "invoice_organisation": "Kinda kommun",
            "invoice_organisation_number": "212000-0514",
            "invoice_address": "Box 1, 590 40 Kisa",
            "invoice_reference": "KA123",
        },
    )

    response = client.post(reverse("registrations:signup", args=[event.slug]), data, follow=True)

    text = main_text(response.content.decode())
    assert "Deltagare1 Andersson Hela konferensen 6 900 kr 25 %" in text
    assert "Summa exkl. moms 13 800 kr Moms 25 % 3 450 kr Att betala 17 250 kr" in text
