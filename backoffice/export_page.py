"""The admin's export page of one event (reached from the event admin's URLs)."""

import tempfile

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from events.models import Event
from exports import catalogue, columns, reports, services, writers
from exports.catalogue import Format, Report

from .export_form import ExportForm
from .scoping import can_on_event


def export_view(model_admin, request, object_id):
    """Pick a list, a format and columns; answer with the file.

    Organiser admins get every list; door staff the door list only; so do the
    staff of a co-organiser the owner lets work on the event. Events of other
    organisers do not exist here (404).
    """
    event = _event(request, object_id)
    allowed = [r for r in Report if can_on_event(request, catalogue.ABILITY[r], event)]
    if not allowed:
        raise PermissionDenied
    available = columns.event_columns(event)
    if request.method == "POST":
        form = ExportForm(request.POST, reports=allowed, columns=available)
        if form.is_valid():
            data = form.cleaned_data
            if data.get("save_columns"):
                services.save_preset(event=event, columns=data["columns"], user=request.user)
            try:
                response = _response(event, data)
            except reports.ExportError as error:
                form.add_error(None, error.message)
            else:
                model_admin.log_change(request, event, _log_message(data))
                return response
    else:
        keys = services.saved_columns(event) or columns.default_keys(available)
        form = ExportForm(reports=allowed, columns=available, initial={"columns": keys})
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Event._meta,
        "original": event,
        "event": event,
        "form": form,
        "title": gettext("Export lists"),
        "has_saved_columns": services.saved_columns(event) is not None,
        "can_view_event": model_admin.has_view_permission(request, event),
    }
    return TemplateResponse(request, "admin/exports/export_form.html", context)


def _event(request, object_id):
    try:
        event = Event.objects.select_related("venue", "organiser").get(pk=int(object_id))
    except (ValueError, Event.DoesNotExist) as error:
        raise Http404 from error
    if not (
        request.user.is_superuser
        or any(can_on_event(request, ability, event) for ability in set(catalogue.ABILITY.values()))
    ):
        raise Http404
    return event


def _response(event, data):
    report, file_format = data["report"], data["file_format"]
    filename = catalogue.file_name(event, report, file_format)
    content_type = catalogue.CONTENT_TYPES[file_format]
    options = {}
    if report == Report.ATTENDEES:
        options = {"columns": data["columns"], "statuses": data["statuses"]}
    if file_format == Format.CSV:
        sheets = catalogue.sheets(report, event, **options)
        response = StreamingHttpResponse(writers.csv_chunks(sheets), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    target = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    try:
        catalogue.write(report, file_format, event, target, **options)
    except BaseException:
        target.close()
        raise
    target.seek(0)
    return FileResponse(target, as_attachment=True, filename=filename, content_type=content_type)


def _log_message(data):
    """ "Exported: Attendee list (XLSX)."; the PDF lists say "(PDF)" in their names."""
    report = Report(data["report"])
    if report in catalogue.PDF_REPORTS:
        return gettext("Exported: %(list)s.") % {"list": report.label}
    return gettext("Exported: %(list)s (%(format)s).") % {
        "list": report.label,
        "format": data["file_format"].upper(),
    }
