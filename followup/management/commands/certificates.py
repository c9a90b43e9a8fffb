"""manage.py certificates <event-slug> --output DIR: every certificate of an event as PDF."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.models import Event
from followup import certificates


class Command(BaseCommand):
    help = "Write the certificates of attendance of an event, one PDF per participant."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the event's slug")
        parser.add_argument("--output", required=True, help="folder to write the PDFs to")

    def handle(self, *args, slug, output, **options):
        event = Event.objects.filter(slug=slug).first()
        if event is None:
            raise CommandError(f"No event has the slug {slug!r}.")
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        written = 0
        for registration in certificates.attended(event):
            path = folder / certificates.filename(registration)
            path.write_bytes(certificates.document(registration))
            written += 1
        self.stdout.write(f"{written} certificates written to {folder}.")
