"""The journal for the bookkeeping: every invoice and credit note with net, VAT and
total per VAT rate (credit notes negative), as sheets for exports.writers."""

from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.models import VatRate
from exports.reports import Sheet

RATES = [rate for rate, _label in VatRate.choices]


def sheets(invoices):
    header = [
        _("invoice number"),
        _("kind"),
        _("status"),
        _("invoice date"),
        _("due date"),
        _("credits invoice"),
        _("buyer"),
        _("organisation number"),
        _("booking reference"),
    ]
    for rate in RATES:
        header += [
            gettext("net %(rate)s %%") % {"rate": rate},
            gettext("VAT %(rate)s %%") % {"rate": rate},
        ]
    header += [_("amount (SEK, excl. VAT)"), _("VAT (SEK)"), _("total (SEK, incl. VAT)")]
    return [Sheet(gettext("Invoice journal"), header, (_row(invoice) for invoice in invoices))]


def _row(invoice):
    sign = Decimal(-1) if invoice.is_credit_note else Decimal(1)
    totals = invoice.totals
    nets, vats = {}, {}
    for group in totals.groups:
        nets[group.rate] = nets.get(group.rate, Decimal("0.00")) + group.net
        vats[group.rate] = vats.get(group.rate, Decimal("0.00")) + group.vat
    row = [
        invoice.number,
        invoice.get_kind_display(),
        invoice.get_status_display(),
        invoice.issue_date,
        invoice.due_date,
        invoice.credited_invoice.number if invoice.credited_invoice_id else "",
        invoice.buyer_name,
        invoice.buyer_organisation_number,
        invoice.booking_reference,
    ]
    for rate in RATES:
        row += [sign * nets.get(rate, Decimal("0.00")), sign * vats.get(rate, Decimal("0.00"))]
    return row + [sign * totals.net, sign * totals.vat, sign * totals.total]
