"""Money owed: the organiser as seller, invoice number series, invoices and credit notes.

An issued document never changes: its seller and buyer details and its lines are
copies made when it was issued. Only its status moves on (sent, paid, credited).
Totals are derived from the lines (``registrations.pricing``), never stored.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Event, Organiser, VatRate
from registrations import pricing
from registrations.models import Booking, Registration

from . import identifiers


class SellerProfile(models.Model):
    """The organiser's invoicing details, as they appear on its invoices."""

    organiser = models.OneToOneField(
        Organiser,
        on_delete=models.CASCADE,
        related_name="seller_profile",
        verbose_name=_("organiser"),
    )
    legal_name = models.CharField(_("legal name"), max_length=200)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        validators=[identifiers.validate_organisation_number],
        help_text=_("NNNNNN-NNNN."),
    )
    vat_number = models.CharField(
        _("VAT number"),
        max_length=14,
        validators=[identifiers.validate_vat_number],
        help_text=_("SE, the organisation number and 01: SE212000014201."),
    )
    f_tax = models.BooleanField(_("approved for F-tax"), default=True)
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    email = models.EmailField(_("invoice questions to"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    bankgiro = models.CharField(
        _("bankgiro"), max_length=9, blank=True, validators=[identifiers.validate_bankgiro]
    )
    plusgiro = models.CharField(
        _("plusgiro"), max_length=10, blank=True, validators=[identifiers.validate_plusgiro]
    )
    iban = models.CharField(
        _("IBAN"), max_length=34, blank=True, validators=[identifiers.validate_iban]
    )
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(_("payment terms (days)"), default=30)
    peppol_id = models.CharField(
        _("Peppol ID"),
        max_length=60,
        blank=True,
        validators=[identifiers.validate_peppol_id],
        help_text=_("Empty: 0007 and the organisation number."),
    )
    number_prefix = models.CharField(
        _("invoice number prefix"),
        max_length=10,
        blank=True,
        help_text=_("Put before each invoice number, e.g. “AS-”."),
    )

    class Meta:
        verbose_name = _("seller details")
        verbose_name_plural = _("seller details")
        constraints = [
            models.CheckConstraint(
                condition=~Q(bankgiro="", plusgiro="", iban=""), name="seller_has_an_account"
            ),
        ]

    def __str__(self):
        return self.legal_name

    def clean(self):
        if not (self.bankgiro or self.plusgiro or self.iban):
            raise ValidationError(_("Enter a bankgiro, plusgiro or IBAN to be paid to."))

    @property
    def endpoint(self):
        """``(scheme, identifier)`` of the seller's Peppol ID."""
        return identifiers.peppol_parts(self.peppol_id or self.organisation_number)

    def snapshot(self):
        """The details an invoice keeps, as they are now."""
        names = [
            "legal_name",
            "organisation_number",
            "vat_number",
            "f_tax",
            "street_address",
            "postal_code",
            "city",
            "email",
            "phone",
            "bankgiro",
            "plusgiro",
            "iban",
            "bic",
            "payment_terms_days",
            "number_prefix",
        ]
        data = {name: getattr(self, name) for name in names}
        data["endpoint"] = list(self.endpoint)
        return data


class NumberSeries(models.Model):
    """The organiser's invoice numbers: invoices and credit notes share one series,
    taken in order under a row lock, so there are neither gaps nor duplicates."""

    organiser = models.OneToOneField(
        Organiser, on_delete=models.CASCADE, related_name="number_series"
    )
    next_number = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("invoice number series")
        verbose_name_plural = _("invoice number series")

    def __str__(self):
        return f"{self.organiser}: {self.next_number}"


class InvoiceQuerySet(models.QuerySet):
    def with_lines(self):
        return self.select_related("event", "credited_invoice").prefetch_related("lines")

    def for_event(self, event):
        return self.filter(event=event).order_by("sequence")

    def open_invoices(self):
        """Invoices that still stand: neither credited nor credit notes."""
        return self.filter(kind=Invoice.Kind.INVOICE).exclude(status=Invoice.Status.CREDITED)


class Invoice(models.Model):
    """An invoice or a credit note (``kind``), to one booking's paying organisation."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CREDIT_NOTE = "credit_note", _("Credit note")

    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        SENT = "sent", pgettext_lazy("invoice status", "Sent")
        PAID = "paid", _("Paid")
        CREDITED = "credited", _("Credited")

    organiser = models.ForeignKey(
        Organiser, on_delete=models.PROTECT, related_name="invoices", verbose_name=_("seller")
    )
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="invoices", verbose_name=_("event")
    )
    booking = models.ForeignKey(
        Booking,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invoices",
        verbose_name=_("booking"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.INVOICE)
    sequence = models.PositiveIntegerField(_("number in the series"))
    number = models.CharField(_("invoice number"), max_length=30)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.ISSUED)
    issue_date = models.DateField(_("invoice date"))
    due_date = models.DateField(_("due date"))
    credited_invoice = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("credits invoice"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    seller = models.JSONField(_("seller details"))
    buyer_name = models.CharField(_("buyer"), max_length=200)
    buyer_organisation_number = models.CharField(_("organisation number"), max_length=11)
    buyer_address = models.TextField(_("invoice address"))
    buyer_reference = models.CharField(_("buyer's reference"), max_length=100)
    order_reference = models.CharField(_("order number"), max_length=100, blank=True)
    buyer_peppol_id = models.CharField(_("buyer's Peppol ID"), max_length=100)
    booking_reference = models.CharField(_("booking reference"), max_length=9)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["organiser", "sequence"]
        verbose_name = _("invoice or credit note")
        verbose_name_plural = _("invoices and credit notes")
        constraints = [
            models.UniqueConstraint(
                fields=["organiser", "sequence"], name="invoice_unique_sequence"
            ),
            models.UniqueConstraint(fields=["organiser", "number"], name="invoice_unique_number"),
            models.CheckConstraint(
                condition=Q(kind="invoice", credited_invoice__isnull=True)
                | Q(kind="credit_note", credited_invoice__isnull=False),
                name="invoice_credit_note_references_an_invoice",
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("issue_date")), name="invoice_due_after_issue"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    @property
    def is_credit_note(self):
        return self.kind == self.Kind.CREDIT_NOTE

    @cached_property
    def totals(self):
        return pricing.totals(line.as_price_line() for line in self.lines.all())

    @property
    def buyer_endpoint(self):
        return identifiers.peppol_parts(self.buyer_peppol_id)

    @property
    def file_stem(self):
        prefix = "kreditfaktura" if self.is_credit_note else "faktura"
        return f"{prefix}-{self.number}"


class InvoiceLine(models.Model):
    """One participant's price on an invoice, as it was when issued."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="lines", verbose_name=_("invoice")
    )
    position = models.PositiveSmallIntegerField(_("line"))
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invoice_lines",
        verbose_name=_("registration"),
    )
    participant = models.CharField(_("participant"), max_length=201)
    item = models.CharField(_("price option"), max_length=200)
    day = models.DateField(_("day"), null=True, blank=True)
    net = models.DecimalField(_("amount (SEK, excl. VAT)"), max_digits=11, decimal_places=2)
    vat_rate = models.CharField(_("VAT rate"), max_length=2, choices=VatRate)
    vat_exemption_reason = models.CharField(
        _("reason for VAT exemption"), max_length=200, blank=True
    )

    class Meta:
        ordering = ["invoice", "position"]
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoiceline_unique"),
            models.CheckConstraint(condition=Q(net__gte=0), name="invoiceline_net_not_negative"),
        ]

    def __str__(self):
        return f"{self.participant}: {self.item}"

    def as_price_line(self):
        return pricing.Line(
            name=self.participant,
            option_name=self.item,
            net=self.net,
            vat_rate=self.vat_rate,
            exemption_reason=self.vat_exemption_reason,
            day=self.day,
            registration_id=self.registration_id,
        )

    @property
    def description(self):
        return f"{self.item}, {self.participant}"
