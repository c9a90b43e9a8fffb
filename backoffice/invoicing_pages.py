"""The admin's own invoicing pages: issue all of an event, the journal, downloads.

Every page reads through InvoiceAdmin's scoped queryset and permissions, so an
organiser reaches only its own events and documents, and door staff none.
"""

import io
import zipfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import Event
from exports.writers import write_csv, write_xlsx
from invoicing import journal, pdf, services, ubl

CONTENT_TYPES = {
    "xml": "application/xml",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _events(model_admin, request, permission):
    events = Event.objects.order_by("-starts_at")
    if request.user.is_superuser:
        return events
    return events.filter(organiser__in=model_admin.scoped_organiser_ids(request, permission))


def _event(model_admin, request, permission):
    value = str(request.POST.get("event") or request.GET.get("event") or "")
    if not value.isdigit():
        return None
    event = _events(model_admin, request, permission).filter(pk=int(value)).first()
    if event is None:
        raise PermissionDenied
    return event


def issue_page(model_admin, request):
    """Issue the invoices of one event: asks first (GET), issues all or none (POST)."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    event = _event(model_admin, request, "change")
    if request.method == "POST" and event is not None:
        try:
            issued = services.issue_for_event(event=event)
        except services.InvoicingError as error:
            model_admin.message_user(request, error.message, messages.ERROR)
        else:
            model_admin.message_user(
                request,
                ngettext("%(count)d invoice issued.", "%(count)d invoices issued.", len(issued))
                % {"count": len(issued)},
                messages.SUCCESS,
            )
        return redirect(f"{reverse('admin:invoicing_invoice_changelist')}?event={event.pk}")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Issue invoices"),
        "events": _events(model_admin, request, "change"),
        "event": event,
    }
    return TemplateResponse(request, "admin/invoicing/invoice/issue.html", context)


def journal_page(model_admin, request):
    """The journal of one event (or of every event the user sees) as CSV or XLSX."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    event = _event(model_admin, request, "view")
    file_format = request.GET.get("format", "csv")
    if file_format not in ("csv", "xlsx"):
        raise Http404
    invoices = model_admin.get_queryset(request).order_by("organiser", "sequence")
    if event is not None:
        invoices = invoices.filter(event=event)
    buffer = io.BytesIO()
    (write_csv if file_format == "csv" else write_xlsx)(journal.sheets(invoices), buffer)
    name = f"fakturajournal-{event.slug if event else 'alla'}.{file_format}"
    return _file(buffer.getvalue(), name, file_format)


def download(model_admin, request, pk, file_format):
    invoice = model_admin.get_queryset(request).filter(pk=pk).first()
    if invoice is None or not model_admin.has_view_permission(request, invoice):
        raise Http404
    content = ubl.document(invoice) if file_format == "xml" else pdf.document(invoice)
    return _file(content, f"{invoice.file_stem}.{file_format}", file_format)


def zip_response(invoices):
    """The chosen documents as XML and PDF in one ZIP file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for invoice in invoices.order_by("sequence"):
            archive.writestr(f"{invoice.file_stem}.xml", ubl.document(invoice))
            archive.writestr(f"{invoice.file_stem}.pdf", pdf.document(invoice))
    return _file(buffer.getvalue(), "fakturor.zip", "zip")


def _file(content, name, file_format):
    response = HttpResponse(content, content_type=CONTENT_TYPES.get(file_format, "application/zip"))
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
