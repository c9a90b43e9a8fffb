"""python manage.py export_registrations <event-slug> --format csv|xlsx [--output FILE]"""

from django.core.management.base import BaseCommand, CommandError

from events.models import Event
from exports import catalogue, columns, services
from exports.catalogue import Format, Report
from exports.reports import DEFAULT_STATUSES, ExportError
from registrations.models import Registration


class Command(BaseCommand):
    help = (
        "Export an event's registrations (attendee list by default) as CSV or XLSX. "
        "Writes to standard output unless --output is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The event's slug (its web address).")
        parser.add_argument(
            "--format", dest="file_format", choices=["csv", "xlsx", "pdf"], default="csv"
        )
        parser.add_argument("--output", "-o", help="File to write; standard output when left out.")
        parser.add_argument(
            "--report",
            choices=[report.value for report in Report],
            default=Report.ATTENDEES.value,
            help="Which list (door_list and badges are PDF).",
        )
        parser.add_argument(
            "--columns",
            help="Comma-separated column keys for the attendee list; "
            "default: the event's saved choice, else the standard one. "
            "--list-columns shows them.",
        )
        parser.add_argument(
            "--status",
            default=",".join(DEFAULT_STATUSES),
            help="Comma-separated statuses for the attendee list (default: confirmed,attended).",
        )
        parser.add_argument("--list-columns", action="store_true", help="Show the column keys.")

    def handle(self, *args, slug, file_format, output, report, **options):
        try:
            event = Event.objects.select_related("venue").get(slug=slug)
        except Event.DoesNotExist as error:
            raise CommandError(f"No event with the slug {slug!r}.") from error
        available = columns.event_columns(event)
        if options["list_columns"]:
            for column in available:
                self.stdout.write(f"{column.key}\t{column.label}")
            return
        if file_format not in catalogue.formats_of(report):
            allowed = ", ".join(catalogue.formats_of(report))
            raise CommandError(f"The {report} list is made as {allowed}.")
        extra = {}
        if report == Report.ATTENDEES:
            extra = {
                "columns": self._columns(event, available, options["columns"]),
                "statuses": self._statuses(options["status"]),
            }
        if output:
            with open(output, "wb") as target:
                self._write(report, file_format, event, target, extra)
        else:
            stream = self.stdout._out
            target = getattr(stream, "buffer", None)
            if target is None and file_format == Format.CSV:
                target = _TextTarget(stream)
            if target is None:
                raise CommandError("Standard output does not take bytes; use --output FILE.")
            stream.flush()
            self._write(report, file_format, event, target, extra)
            target.flush()

    def _write(self, report, file_format, event, target, extra):
        try:
            catalogue.write(report, Format(file_format), event, target, **extra)
        except ExportError as error:
            raise CommandError(str(error.message)) from error

    def _columns(self, event, available, requested):
        if not requested:
            return services.saved_columns(event) or columns.default_keys(available)
        keys = [key.strip() for key in requested.split(",") if key.strip()]
        unknown = sorted(set(keys) - {column.key for column in available})
        if unknown:
            raise CommandError(f"Unknown columns: {', '.join(unknown)} (see --list-columns).")
        return keys

    def _statuses(self, requested):
        statuses = [status.strip() for status in requested.split(",") if status.strip()]
        unknown = sorted(set(statuses) - set(Registration.Status.values))
        if unknown or not statuses:
            choices = ", ".join(Registration.Status.values)
            raise CommandError(f"Unknown status {', '.join(unknown)!r}; choose from {choices}.")
        return statuses


class _TextTarget:
    """Lets the CSV writer (which writes UTF-8 bytes) write to a text stream."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, data):
        self.stream.write(data.decode("utf-8"))

    def flush(self):
        self.stream.flush()
