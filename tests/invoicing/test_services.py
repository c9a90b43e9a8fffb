import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from events.models import Event
from invoicing import services
from invoicing.models import Invoice, NumberSeries, SellerProfile
from registrations.event_cancellation import cancel_event
from registrations.models import Registration
from registrations.privacy import erase_personal_data
from registrations.services import cancel_registration, change_price_option
from tests.factories import EventFactory, PriceOptionFactory

from .conftest import TODAY, book, make_seller

pytestmark = pytest.mark.django_db


def test_issue_invoice_has_a_line_per_participant_and_vat_per_rate(paid_event):
    exempt = PriceOptionFactory(
        event=paid_event,
        name="Studiedag",
        amount=Decimal("1000.00"),
        vat_rate="0",
        vat_exemption_reason="Utbildning, 3 kap. 8 § ML",
    )
    booking = book(paid_event, ("Anna", "Berg", None), ("Bo", "Ek", exempt))

    invoice = services.issue_invoice(booking=booking, today=TODAY)

    assert (invoice.number, invoice.issue_date, invoice.due_date) == (
        "1",
        TODAY,
        TODAY + dt.timedelta(days=30),
    )
    assert [(ln.participant, ln.item, ln.net, ln.vat_rate) for ln in invoice.lines.all()] == [
        ("Anna Berg", "Hela konferensen", Decimal("2500.00"), "25"),
        ("Bo Ek", "Studiedag", Decimal("1000.00"), "0"),
    ]
    totals = invoice.totals
    assert [(g.rate, g.net, g.vat) for g in totals.groups] == [
        ("25", Decimal("2500.00"), Decimal("625.00")),
        ("0", Decimal("1000.00"), Decimal("0.00")),
    ]
    assert totals.total == Decimal("4125.00")
    assert (invoice.buyer_peppol_id, invoice.buyer_reference) == ("0007:2120000514", "KA123")
    assert invoice.seller["vat_number"] == "SE212000014201"


def test_invoice_numbers_follow_each_other_per_organiser(paid_event):
    other = EventFactory()
    make_seller(other.organiser, number_prefix="X-")

    first = services.issue_invoice(booking=book(paid_event), today=TODAY)
    second = services.issue_invoice(booking=book(paid_event), today=TODAY)
    elsewhere = services.issue_invoice(booking=book(other), today=TODAY)

    assert [first.number, second.number, elsewhere.number] == ["1", "2", "X-1"]
    assert NumberSeries.objects.get(organiser=paid_event.organiser).next_number == 3


def test_issue_invoice_twice_for_one_booking_is_refused(paid_event):
    booking = book(paid_event)
    services.issue_invoice(booking=booking, today=TODAY)

    with pytest.raises(services.InvoicingError):
        services.issue_invoice(booking=booking, today=TODAY)

    assert Invoice.objects.count() == 1


def test_issue_for_event_issues_all_or_nothing(paid_event):
    book(paid_event)
    broken = book(paid_event, invoice_organisation_number="212000-0515")

    with pytest.raises(services.InvoicingError) as refused:
        services.issue_for_event(event=paid_event, today=TODAY)

    assert broken.reference in refused.value.message
    assert Invoice.objects.count() == 0
    assert not NumberSeries.objects.filter(next_number__gt=1).exists()


def test_issue_for_event_skips_the_invoiced_and_those_with_nothing_to_pay(paid_event):
    done = book(paid_event)
    services.issue_invoice(booking=done, today=TODAY)
    free = book(paid_event, option=PriceOptionFactory(event=paid_event, amount=0))
    owing = book(paid_event)

    issued = services.issue_for_event(event=paid_event, today=TODAY)

    assert [invoice.booking for invoice in issued] == [owing]
    assert not Invoice.objects.filter(booking=free).exists()


def test_issue_without_seller_details_is_refused_in_swedish(db):
    event = EventFactory()

    with pytest.raises(services.InvoicingError) as refused:
        services.issue_invoice(booking=book(event), today=TODAY)

    assert refused.value.message == ("Fyll i arrangörens säljaruppgifter innan ni fakturerar.")


def test_issue_with_a_price_without_vat_rate_is_refused(paid_event):
    option = PriceOptionFactory(event=paid_event, vat_rate=None)

    with pytest.raises(services.InvoicingError):
        services.issue_invoice(booking=book(paid_event, option=option), today=TODAY)


def test_cancellation_credits_the_invoice_and_invoices_what_is_still_owed(paid_event):
    booking = book(paid_event, ("Anna", "Berg", None), ("Bo", "Ek", None))
    invoice = services.issue_invoice(booking=booking, today=TODAY)
    bo = booking.registrations.get(first_name="Bo")

    cancel_registration(registration=bo, by_organiser=True)

    invoice.refresh_from_db()
    note, again = Invoice.objects.exclude(pk=invoice.pk).order_by("sequence")
    assert (invoice.status, note.kind, note.credited_invoice, note.number) == (
        "credited",
        "credit_note",
        invoice,
        "2",
    )
    assert note.totals.total == Decimal("6250.00")
    assert [ln.participant for ln in again.lines.all()] == ["Anna Berg"]
    assert again.totals.total == Decimal("3125.00")


def test_erasing_a_participant_before_the_event_credits_and_invoices_the_others(paid_event):
    booking = book(paid_event, ("Anna", "Berg", None), ("Bo", "Ek", None))
    invoice = services.issue_invoice(booking=booking, today=TODAY)
    bo = booking.registrations.get(first_name="Bo")

    erase_personal_data(email=bo.email, organisers=[paid_event.organiser])

    invoice.refresh_from_db()
    note, again = Invoice.objects.exclude(pk=invoice.pk).order_by("sequence")
    assert (invoice.status, note.kind, note.credited_invoice) == (
        "credited",
        "credit_note",
        invoice,
    )
    assert [ln.participant for ln in invoice.lines.all()] == ["Anna Berg", "Bo Ek"]
    assert [ln.participant for ln in again.lines.all()] == ["Anna Berg"]
    assert again.totals.total == note.totals.total / 2


def test_erasing_a_participant_after_the_event_leaves_the_issued_invoice_as_it_is(paid_event):
    booking = book(paid_event, ("Anna", "Berg", None), ("Bo", "Ek", None))
    invoice = services.issue_invoice(booking=booking, today=TODAY)
    bo = booking.registrations.get(first_name="Bo")
    after_the_event = paid_event.ends_at + dt.timedelta(days=1)

    erase_personal_data(email=bo.email, organisers=[paid_event.organiser], now=after_the_event)

    invoice.refresh_from_db()
    assert list(Invoice.objects.values_list("pk", flat=True)) == [invoice.pk]
    assert invoice.status == "issued"
    # The bookkeeping law keeps the invoice as issued, the participant's name with it.
    assert [ln.participant for ln in invoice.lines.all()] == ["Anna Berg", "Bo Ek"]


def test_cancelling_the_last_participant_only_credits(paid_event):
    booking = book(paid_event)
    services.issue_invoice(booking=booking, today=TODAY)

    cancel_registration(registration=booking.registrations.get(), by_organiser=True)

    assert list(Invoice.objects.values_list("kind", "status")) == [
        ("invoice", "credited"),
        ("credit_note", "issued"),
    ]


def test_price_correction_credits_and_reissues(paid_event):
    booking = book(paid_event)
    invoice = services.issue_invoice(booking=booking, today=TODAY)
    cheaper = PriceOptionFactory(event=paid_event, name="En dag", amount=Decimal("1200"))

    change_price_option(registration=booking.registrations.get(), price_option=cheaper.pk)

    latest = Invoice.objects.order_by("-sequence").first()
    assert Invoice.objects.get(pk=invoice.pk).status == "credited"
    assert [ln.item for ln in latest.lines.all()] == ["En dag"]


def test_cancelled_event_credits_its_invoices(paid_event):
    services.issue_invoice(booking=book(paid_event), today=TODAY)

    cancel_event(event=paid_event)

    assert Invoice.objects.filter(kind="credit_note").count() == 1
    assert not Invoice.objects.open_invoices().exists()


def test_booking_on_an_event_invoiced_per_booking_is_invoiced_at_once(paid_event):
    paid_event.invoice_timing = Event.InvoiceTiming.PER_BOOKING
    paid_event.save()
    from django.utils import timezone

    from registrations.services import InvoiceData, ParticipantData, register

    option = PriceOptionFactory(event=paid_event)
    booking = register(
        event=paid_event,
        contact_name="Karin Lind",
        contact_email="karin@kinda.se",
        participants=[
            ParticipantData(
                first_name="Karin", last_name="Lind", email="karin@kinda.se", organisation="Kinda"
            )
        ],
        price_option=option,
        invoice=InvoiceData(
            organisation="Kinda kommun",
            organisation_number="212000-0514",
            address="Box 1, 590 40 Kisa",
            reference="KA1",
        ),
        consent_at=timezone.now(),
    )

    assert Invoice.objects.get().booking == booking


def test_mark_sent_then_paid(paid_event):
    invoice = services.issue_invoice(booking=book(paid_event), today=TODAY)

    services.mark_sent(invoice=invoice)
    paid = services.mark_paid(invoice=invoice)

    assert paid.status == "paid"
    with pytest.raises(services.InvoicingError):
        services.mark_sent(invoice=paid)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("vat_number", "SE2120000142", "Ange momsregistreringsnumret som SE"),
        ("bankgiro", "5050-1056", "Ange bankgironumret som NNN-NNNN"),
        ("organisation_number", "212000-0143", "Det här är inte ett giltigt organisationsnummer"),
        ("peppol_id", "0088:7300009012345", "Ett GLN har 13 siffror"),
        ("peppol_id", "0007:2120000143", "Organisationsnumret i Peppol-id:t"),
    ],
)
def test_seller_details_in_the_wrong_form_are_refused_in_swedish(db, field, value, message):
    seller = SellerProfile(
        organiser=EventFactory().organiser,
        legal_name="Förening",
        organisation_number="212000-0142",
        vat_number="SE212000014201",
        street_address="Storgatan 1",
        postal_code="111 22",
        city="Stockholm",
        bankgiro="5050-1055",
    )
    setattr(seller, field, value)

    with pytest.raises(ValidationError) as refused:
        seller.full_clean()

    assert refused.value.message_dict[field][0].startswith(message)


def test_registration_without_a_place_is_not_invoiced(paid_event):
    booking = book(paid_event, ("Anna", "Berg", None), ("Bo", "Ek", None))
    booking.registrations.filter(first_name="Bo").update(status=Registration.Status.WAITLISTED)

    invoice = services.issue_invoice(booking=booking, today=TODAY)

    assert [ln.participant for ln in invoice.lines.all()] == ["Anna Berg"]
