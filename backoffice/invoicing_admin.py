"""Invoicing in the admin: seller details, and the invoices and credit notes of each event.

Organiser admins see and handle their own organisation's; door staff and other
organisers see none of it (backoffice.scoping). Issued documents are read-only:
only their status moves on, through the services.
"""

from django.contrib import admin, messages
from django.db.models import Prefetch
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from events.formatting import money
from events.models import Event
from invoicing import services
from invoicing.models import Invoice, InvoiceLine, SellerProfile

from . import invoicing_pages as admin_views
from .scoping import ADMIN, ALL, ScopedInline, ScopedModelAdmin

# Organiser admins may view invoices and move their status on ("change"); nobody edits them.
INVOICE_PERMISSIONS = {ADMIN: frozenset({"view", "change"})}


@admin.register(SellerProfile)
class SellerProfileAdmin(ScopedModelAdmin):
    organiser_path = "organiser"
    role_permissions = {ADMIN: ALL}
    list_display = ("legal_name", "organiser", "organisation_number", "vat_number")
    fieldsets = (
        (
            None,
            {"fields": ("organiser", "legal_name", "organisation_number", "vat_number", "f_tax")},
        ),
        (
            _("Address and contact"),
            {"fields": ("street_address", "postal_code", "city", "email", "phone")},
        ),
        (
            _("Payment"),
            {
                "fields": (
                    "bankgiro",
                    "plusgiro",
                    "iban",
                    "bic",
                    "payment_terms_days",
                    "number_prefix",
                )
            },
        ),
        (_("E-invoices"), {"fields": ("peppol_id",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organiser")


class EventFilter(admin.SimpleListFilter):
    """The user's own events only (the list of events is not public to other organisers)."""

    title = _("event")
    parameter_name = "event"

    def lookups(self, request, model_admin):
        events = Event.objects.order_by("-starts_at").only("pk", "title", "starts_at")
        if not request.user.is_superuser:
            events = events.filter(organiser__in=model_admin.scoped_organiser_ids(request, "view"))
        return [
            (e.pk, f"{e.title} ({formats.date_format(timezone.localtime(e.starts_at))})")
            for e in events
        ]

    def queryset(self, request, queryset):
        value = str(self.value() or "")
        return queryset.filter(event_id=int(value)) if value.isdigit() else queryset


class InvoiceLineInline(ScopedInline, admin.TabularInline):
    model = InvoiceLine
    organiser_path = "invoice__organiser"
    read_only_inline = True
    extra = 0
    fields = ("position", "participant", "item", "day", "net", "vat_rate", "vat_exemption_reason")
    readonly_fields = fields
    can_delete = False


@admin.register(Invoice)
class InvoiceAdmin(ScopedModelAdmin):
    organiser_path = "organiser"
    role_permissions = INVOICE_PERMISSIONS
    list_display = (
        "invoice_number",
        "kind",
        "status",
        "buyer_name",
        "issued",
        "total",
        "downloads",
    )
    list_display_links = ("invoice_number",)
    list_filter = (EventFilter, "kind", "status")
    search_fields = ("number", "buyer_name", "booking_reference", "buyer_reference")
    inlines = (InvoiceLineInline,)
    actions = ("mark_sent", "mark_paid", "credit", "download_zip")
    fields = (
        "number",
        "kind",
        "status",
        "event",
        "booking_reference",
        "credited_invoice",
        "reason",
        "issue_date",
        "due_date",
        "buyer_name",
        "buyer_organisation_number",
        "buyer_address",
        "buyer_reference",
        "order_reference",
        "buyer_peppol_id",
        "total",
        "downloads",
        "sent_at",
        "paid_at",
    )
    readonly_fields = fields
    change_list_template = "admin/invoicing/invoice/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("event", "credited_invoice")
            .prefetch_related(Prefetch("lines", queryset=InvoiceLine.objects.order_by("position")))
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        pages = [
            path("issue/", view(self.issue_view), name="invoicing_invoice_issue"),
            path("journal/", view(self.journal_view), name="invoicing_invoice_journal"),
            path("<int:pk>/xml/", view(self.xml_view), name="invoicing_invoice_xml"),
            path("<int:pk>/pdf/", view(self.pdf_view), name="invoicing_invoice_pdf"),
        ]
        return [*pages, *super().get_urls()]

    @admin.display(description=_("Total to pay"))
    def total(self, invoice):
        return money(invoice.totals.total)

    @admin.display(description=pgettext_lazy("invoice", "number"), ordering="number")
    def invoice_number(self, invoice):
        return invoice.number

    @admin.display(description=_("invoice date"), ordering="issue_date")
    def issued(self, invoice):
        # The short form (2026-12-02), so that the list fits a 1280 px screen.
        return formats.date_format(invoice.issue_date, "SHORT_DATE_FORMAT")

    @admin.display(description=_("Download"))
    def downloads(self, invoice):
        return format_html(
            '<a href="{}">XML</a><br><a href="{}">PDF</a>',
            reverse("admin:invoicing_invoice_xml", args=[invoice.pk]),
            reverse("admin:invoicing_invoice_pdf", args=[invoice.pk]),
        )

    def issue_view(self, request):
        return admin_views.issue_page(self, request)

    def journal_view(self, request):
        return admin_views.journal_page(self, request)

    def xml_view(self, request, pk):
        return admin_views.download(self, request, pk, "xml")

    def pdf_view(self, request, pk):
        return admin_views.download(self, request, pk, "pdf")

    @admin.action(description=_("Mark as sent"), permissions=["change"])
    def mark_sent(self, request, queryset):
        self._each(request, queryset, lambda invoice: services.mark_sent(invoice=invoice))

    @admin.action(description=_("Mark as paid"), permissions=["change"])
    def mark_paid(self, request, queryset):
        self._each(request, queryset, lambda invoice: services.mark_paid(invoice=invoice))

    @admin.action(
        description=_("Credit (a credit note for the whole invoice)"), permissions=["change"]
    )
    def credit(self, request, queryset):
        reason = str(_("Credited by the organiser."))
        self._each(
            request,
            queryset,
            lambda invoice: services.credit_invoice(invoice=invoice, reason=reason),
        )

    @admin.action(description=_("Download as ZIP (XML and PDF)"), permissions=["view"])
    def download_zip(self, request, queryset):
        return admin_views.zip_response(queryset)

    def _each(self, request, queryset, operation):
        done = 0
        for invoice in queryset.order_by("sequence"):
            try:
                operation(invoice)
            except services.InvoicingError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d document changed.", "%(count)d documents changed.", done)
                % {"count": done},
                messages.SUCCESS,
            )
