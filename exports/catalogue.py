"""Which exports exist, in which formats, for whom; and making one."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from events.abilities import DOOR_LIST, EXPORT

from . import pdf, reports, writers


class Report(models.TextChoices):
    ATTENDEES = "attendees", _("Attendee list")
    DOOR_LIST = "door_list", _("Door list (PDF)")
    BADGES = "badges", _("Name badges (PDF)")
    DIETARY = "dietary", _("Dietary list")
    SESSIONS = "sessions", _("Lists per session")
    INVOICE = "invoice", _("Invoice basis")


class Format(models.TextChoices):
    CSV = "csv", _("CSV (Excel, semicolon-separated)")
    XLSX = "xlsx", _("Excel workbook (XLSX)")
    PDF = "pdf", _("PDF")


PDF_REPORTS = {Report.DOOR_LIST: pdf.door_list, Report.BADGES: pdf.badges}
SHEET_REPORTS = {
    Report.ATTENDEES: reports.attendee_list,
    Report.DIETARY: lambda event, **options: reports.dietary_list(event),
    Report.SESSIONS: lambda event, **options: reports.session_lists(event),
    Report.INVOICE: lambda event, **options: reports.invoice_basis(event),
}
# What each report needs (events/abilities.py): door staff get the door list.
ABILITY = dict.fromkeys(Report, EXPORT) | {Report.DOOR_LIST: DOOR_LIST}
FILE_NAMES = {
    Report.ATTENDEES: "deltagare",
    Report.DOOR_LIST: "dorrlista",
    Report.BADGES: "namnskyltar",
    Report.DIETARY: "specialkost",
    Report.SESSIONS: "programpunkter",
    Report.INVOICE: "fakturaunderlag",
}
CONTENT_TYPES = {
    Format.CSV: "text/csv; charset=utf-8",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.PDF: "application/pdf",
}


def formats_of(report):
    return (Format.PDF,) if report in PDF_REPORTS else (Format.CSV, Format.XLSX)


def file_name(event, report, file_format):
    return f"{slugify(event.slug)}-{FILE_NAMES[report]}.{file_format}"


def sheets(report, event, *, columns=None, statuses=reports.DEFAULT_STATUSES):
    """The sheets of a tabular report (raises reports.ExportError when it cannot be made)."""
    if report == Report.ATTENDEES:
        return reports.attendee_list(event, columns, statuses)
    return SHEET_REPORTS[report](event)


def write(report, file_format, event, binary_file, **options):
    """Write a report in ``file_format`` to an open binary file."""
    if file_format not in formats_of(report):
        raise reports.ExportError(_("This list cannot be made in that format."))
    if report in PDF_REPORTS:
        PDF_REPORTS[report](event, binary_file)
    elif file_format == Format.XLSX:
        writers.write_xlsx(sheets(report, event, **options), binary_file)
    else:
        writers.write_csv(sheets(report, event, **options), binary_file)
