"""Every write to invoicing: issue, credit, settle a changed booking, mark sent or paid.

Keyword-only functions, one transaction each; InvoicingError says in words why
nothing was issued. Numbers are taken from the organiser's series while its row
is locked (``SELECT ... FOR UPDATE``), in the transaction that saves the document,
so a failure leaves no gap and two issuers never get the same number.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from registrations import pricing
from registrations.models import Booking, Registration

from . import identifiers
from .models import Invoice, InvoiceLine, NumberSeries, SellerProfile

Kind = Invoice.Kind
Status = Invoice.Status


class InvoicingError(Exception):
    """Nothing was issued; ``message`` says why, in the active language."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


# --- reading what is owed ----------------------------------------------------------


def current_lines(booking):
    """The price lines of the booking (``pricing.charged_lines``), in order."""
    registrations = (
        Registration.objects.filter(booking=booking)
        .filter(Q(status__in=Registration.ACTIVE) | Q(cancellation_fee__isnull=False))
        .select_related("price_option")
        .order_by("pk")
    )
    for registration in registrations:
        option = registration.price_option
        if option is not None and option.vat_rate is None:
            raise InvoicingError(
                _("The price option “%(option)s” has no VAT rate: set it in the event first.")
                % {"option": option.name}
            )
    with translation.override("sv"):  # the invoice's words are Swedish
        return pricing.charged_lines(registrations)


def _key(lines):
    return sorted((ln.registration_id, ln.option_name, ln.net, ln.vat_rate) for ln in lines)


# --- issuing ----------------------------------------------------------------------


def issue_invoice(*, booking, today=None) -> Invoice:
    """Issue the invoice of one booking: a line per participant with a place."""
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("event").get(pk=booking.pk)
        if Invoice.objects.filter(booking=booking).open_invoices().exists():
            raise InvoicingError(
                _("Booking %(reference)s has an invoice already.")
                % {"reference": booking.reference}
            )
        return _issue(booking, current_lines(booking), today=today)


def issue_for_event(*, event, today=None) -> list[Invoice]:
    """Issue the invoices of every booking of ``event`` not yet invoiced that owes
    something: all of them, or (on any refusal) none."""
    if event.status == event.Status.CANCELLED:
        raise InvoicingError(_("The event is cancelled: there is nothing to invoice."))
    issued = []
    with transaction.atomic():
        invoiced = Invoice.objects.filter(event=event).open_invoices().values("booking_id")
        owing = Registration.objects.filter(event=event).filter(
            Q(status__in=Registration.ACTIVE) | Q(cancellation_fee__isnull=False)
        )
        bookings = (
            Booking.objects.filter(pk__in=owing.values("booking_id"))
            .exclude(pk__in=invoiced)
            .order_by("created_at", "pk")
            .select_for_update()
        )
        for booking in bookings:
            lines = current_lines(booking)
            if pricing.totals(lines).total > 0:
                booking.event = event
                issued.append(_issue(booking, lines, today=today))
    return issued


def _issue(booking, lines, *, today):
    event = booking.event
    totals = pricing.totals(lines)
    if totals.total <= 0:
        raise InvoicingError(
            _("Booking %(reference)s has nothing to pay.") % {"reference": booking.reference}
        )
    seller = _seller(event.organiser_id)
    buyer = _buyer(booking)
    today = today or timezone.localdate()
    invoice = _save(
        organiser_id=event.organiser_id,
        event=event,
        booking=booking,
        kind=Kind.INVOICE,
        issue_date=today,
        due_date=today + dt.timedelta(days=seller.payment_terms_days),
        seller=seller.snapshot(),
        **buyer,
    )
    _save_lines(invoice, lines)
    return invoice


def _seller(organiser_id):
    seller = SellerProfile.objects.filter(organiser_id=organiser_id).first()
    if seller is None:
        raise InvoicingError(_("Fill in the seller details of the organiser before invoicing."))
    try:
        seller.full_clean()
    except ValidationError as error:
        raise InvoicingError(
            _("The seller details are incomplete: %(error)s") % {"error": error.messages[0]}
        ) from error
    return seller


def _buyer(booking):
    reference = booking.reference
    if not (booking.invoice_organisation and booking.invoice_address):
        raise InvoicingError(
            _("Booking %(reference)s has no invoice details.") % {"reference": reference}
        )
    number = identifiers.compact(booking.invoice_organisation_number)
    peppol = booking.invoice_peppol_id or f"0007:{number.replace('-', '')}"
    try:
        identifiers.validate_organisation_number(number)
        identifiers.validate_peppol_id(peppol)
    except ValidationError as error:
        raise InvoicingError(
            _("Booking %(reference)s: %(error)s")
            % {"reference": reference, "error": error.messages[0]}
        ) from error
    scheme, identifier = identifiers.peppol_parts(peppol)
    return {
        "buyer_name": booking.invoice_organisation,
        "buyer_organisation_number": identifiers.format_organisation_number(number),
        "buyer_address": booking.invoice_address,
        "buyer_reference": booking.invoice_reference or booking.contact_name,
        "buyer_peppol_id": f"{scheme}:{identifier}",
        "order_reference": booking.invoice_order_number,
        "booking_reference": booking.reference,
    }


def _save(**fields):
    organiser_id = fields["organiser_id"]
    NumberSeries.objects.get_or_create(organiser_id=organiser_id)
    series = NumberSeries.objects.select_for_update().get(organiser_id=organiser_id)
    prefix = fields["seller"].get("number_prefix", "")
    sequence = series.next_number
    series.next_number = sequence + 1
    series.save(update_fields=["next_number"])
    return Invoice.objects.create(sequence=sequence, number=f"{prefix}{sequence}", **fields)


def _save_lines(invoice, lines):
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            position=position,
            registration_id=line.registration_id,
            participant=line.name,
            item=line.option_name,
            day=line.day,
            net=line.net,
            vat_rate=line.vat_rate,
            vat_exemption_reason=line.exemption_reason,
        )
        for position, line in enumerate(lines, start=1)
    )


# --- crediting ------------------------------------------------------------------


def credit_invoice(*, invoice, reason, today=None) -> Invoice:
    """A credit note for the whole of ``invoice``, which is then credited."""
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.kind != Kind.INVOICE or invoice.status == Status.CREDITED:
            raise InvoicingError(
                _("Invoice %(number)s cannot be credited: it is credited already or a credit note.")
                % {"number": invoice.number}
            )
        today = today or timezone.localdate()
        note = _save(
            organiser_id=invoice.organiser_id,
            event_id=invoice.event_id,
            booking_id=invoice.booking_id,
            kind=Kind.CREDIT_NOTE,
            credited_invoice=invoice,
            reason=reason,
            issue_date=today,
            due_date=max(today, invoice.due_date),
            seller=invoice.seller,
            buyer_name=invoice.buyer_name,
            buyer_organisation_number=invoice.buyer_organisation_number,
            buyer_address=invoice.buyer_address,
            buyer_reference=invoice.buyer_reference,
            order_reference=invoice.order_reference,
            buyer_peppol_id=invoice.buyer_peppol_id,
            booking_reference=invoice.booking_reference,
        )
        _save_lines(note, [line.as_price_line() for line in invoice.lines.all()])
        invoice.status = Status.CREDITED
        invoice.save(update_fields=["status"])
    return note


def settle_booking(*, booking, reason, today=None) -> list[Invoice]:
    """After a change to who pays what: when the booking's invoice no longer agrees
    with its participants, credit it and invoice what is still owed."""
    with transaction.atomic():
        invoice = (
            Invoice.objects.filter(booking=booking).open_invoices().select_for_update().first()
        )
        if invoice is None:
            return []
        lines = current_lines(booking)
        if _key(lines) == _key(line.as_price_line() for line in invoice.lines.all()):
            return []
        documents = [credit_invoice(invoice=invoice, reason=reason, today=today)]
        if pricing.totals(lines).total > 0:
            booking = Booking.objects.select_related("event").get(pk=booking.pk)
            documents.append(_issue(booking, lines, today=today))
    return documents


def credit_event(*, event, reason, today=None) -> list[Invoice]:
    """The event is cancelled: every invoice of it that stands is credited."""
    with transaction.atomic():
        invoices = list(Invoice.objects.filter(event=event).open_invoices().order_by("sequence"))
        return [credit_invoice(invoice=i, reason=reason, today=today) for i in invoices]


# --- status ---------------------------------------------------------------------


def mark_sent(*, invoice) -> Invoice:
    return _move(invoice, Status.SENT, (Status.ISSUED,), "sent_at")


def mark_paid(*, invoice) -> Invoice:
    return _move(invoice, Status.PAID, (Status.ISSUED, Status.SENT), "paid_at")


def _move(invoice, status, allowed, stamp):
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.status == status:
            return invoice
        if invoice.status not in allowed:
            raise InvoicingError(
                _("%(document)s is %(status)s and cannot be marked so.")
                % {"document": invoice, "status": invoice.get_status_display().lower()}
            )
        invoice.status = status
        setattr(invoice, stamp, timezone.now())
        invoice.save(update_fields=["status", stamp])
    return invoice
