"""An invoice or credit note on paper (A4, Swedish), with every amount of its XML.

Set in Kurinto Sans like the printed lists (``exports.pdf``), so every name prints.
"""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from events.formatting import money
from exports.pdf import BOLD, FONT, fit, register_fonts

from . import ubl

WIDTH, HEIGHT = A4
MARGIN = 18 * mm
LINE = 5.2 * mm
COLUMNS = (MARGIN, MARGIN + 95 * mm, MARGIN + 120 * mm, WIDTH - MARGIN)


def document(invoice):
    """The PDF of ``invoice`` as bytes, always in Swedish."""
    with translation.override("sv"):
        return _Writer(invoice).write()


class _Writer:
    def __init__(self, invoice):
        self.invoice = invoice
        self.buffer = io.BytesIO()
        register_fonts()
        self.canvas = Canvas(self.buffer, pagesize=A4, pageCompression=1, initialFontName=FONT)
        self.canvas.setTitle(str(invoice))
        self.canvas.setAuthor(invoice.seller["legal_name"])
        self.y = HEIGHT - MARGIN

    def write(self):
        self.heading()
        self.parties()
        self.facts()
        self.lines()
        self.totals()
        self.footer()
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()

    def text(self, x, value, *, bold=False, size=9.5, right=False, width=None):
        font = BOLD if bold else FONT
        value = str(value)
        if width:
            value = fit(value, font, size, width)
        self.canvas.setFont(font, size)
        (self.canvas.drawRightString if right else self.canvas.drawString)(x, self.y, value)

    def down(self, lines=1):
        self.y -= LINE * lines
        if self.y < MARGIN + 30 * mm:
            self.canvas.showPage()
            self.y = HEIGHT - MARGIN

    def heading(self):
        invoice = self.invoice
        title = _("Credit note") if invoice.is_credit_note else _("Invoice")
        self.text(MARGIN, invoice.seller["legal_name"], bold=True, size=13)
        self.text(WIDTH - MARGIN, f"{title} {invoice.number}", bold=True, size=13, right=True)
        self.down(2)

    def parties(self):
        invoice, seller = self.invoice, self.invoice.seller
        top = self.y
        left = [
            seller["street_address"],
            f"{seller['postal_code']} {seller['city']}",
            seller.get("email", ""),
        ]
        for value in filter(None, left):
            self.text(MARGIN, value)
            self.down()
        self.y = top
        x = WIDTH / 2 + 10 * mm
        self.text(x, invoice.buyer_name, bold=True)
        self.down()
        for value in invoice.buyer_address.splitlines():
            self.text(x, value.strip(), width=WIDTH - MARGIN - x)
            self.down()
        self.down()

    def facts(self):
        invoice = self.invoice
        facts = [
            (_("invoice date").capitalize(), invoice.issue_date.isoformat()),
            (_("due date").capitalize(), invoice.due_date.isoformat()),
            (_("Buyer's reference"), invoice.buyer_reference),
            (_("Booking reference"), invoice.booking_reference),
            (_("Organisation number"), invoice.buyer_organisation_number),
            (_("Peppol ID"), invoice.buyer_peppol_id),
            (_("Event"), invoice.event.title),
        ]
        if invoice.order_reference:
            facts.append((_("order number").capitalize(), invoice.order_reference))
        if invoice.is_credit_note:
            original = invoice.credited_invoice
            facts.append((_("credits invoice").capitalize(), original.number))
        if invoice.reason:
            facts.append((_("reason").capitalize(), invoice.reason))
        for label, value in facts:
            self.text(MARGIN, label, bold=True)
            self.text(MARGIN + 45 * mm, value, width=WIDTH - 2 * MARGIN - 45 * mm)
            self.down()
        self.down()

    def lines(self):
        self.text(COLUMNS[0], _("Participant"), bold=True)
        self.text(COLUMNS[2] - 2 * mm, _("VAT rate").capitalize(), bold=True, right=True)
        self.text(COLUMNS[3], _("Excl. VAT"), bold=True, right=True)
        self.down()
        for line in self.invoice.lines.all():
            item = f"{line.participant} – {line.item}"
            if line.day:
                item = f"{item} ({line.day.isoformat()})"
            self.text(COLUMNS[0], item, width=COLUMNS[2] - COLUMNS[0] - 25 * mm)
            self.text(COLUMNS[2] - 2 * mm, f"{line.vat_rate} %", right=True)
            self.text(COLUMNS[3], money(line.net), right=True)
            self.down()
        self.down()

    def totals(self):
        totals = self.invoice.totals
        rows = [(_("Total excl. VAT"), totals.net)]
        for group in totals.groups:
            label = _("VAT %(rate)s %% on %(net)s") % {"rate": group.rate, "net": money(group.net)}
            rows.append((label, group.vat))
        if self.invoice.is_credit_note:
            rows.append((pgettext("credit note total", "Credited"), totals.total))
        else:
            rows.append((_("Total to pay"), totals.total))
        for index, (label, amount) in enumerate(rows):
            last = index == len(rows) - 1
            self.text(COLUMNS[1], label, bold=last)
            self.text(COLUMNS[3], money(amount), bold=last, right=True)
            self.down()
        for group in totals.groups:
            if group.exemption_reason:
                exempt = _("Exempt from VAT: %(reason)s") % {"reason": group.exemption_reason}
                self.text(MARGIN, exempt, size=8.5)
                self.down()
        self.down()

    def footer(self):
        seller = self.invoice.seller
        parts = [
            " ".join((_("Organisation number"), seller["organisation_number"])),
            " ".join((_("VAT number").capitalize(), seller["vat_number"])),
        ]
        if seller["f_tax"]:
            parts.append(ubl.F_TAX)
        payment = []
        if seller.get("bankgiro"):
            payment.append(f"{_('bankgiro').capitalize()} {seller['bankgiro']}")
        if seller.get("plusgiro"):
            payment.append(f"{_('plusgiro').capitalize()} {seller['plusgiro']}")
        if seller.get("iban"):
            payment.append(
                f"IBAN {seller['iban']}" + (f", BIC {seller['bic']}" if seller.get("bic") else "")
            )
        if not self.invoice.is_credit_note:
            payment.append(_("Mark the payment with %(number)s") % {"number": self.invoice.number})
        self.y = MARGIN + 10 * mm
        self.text(MARGIN, " · ".join(parts), size=8.5)
        self.y -= LINE
        self.text(MARGIN, " · ".join(payment), size=8.5)
