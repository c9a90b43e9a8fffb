"""python manage.py export_invoices <event-slug> --output DIR"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.models import Event
from invoicing import ubl
from invoicing.models import Invoice


class Command(BaseCommand):
    help = (
        "Write one Peppol BIS Billing 3.0 UBL XML file per invoice and credit note of an "
        "event into DIR (issuing none), and print how many."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The event's slug (its web address).")
        parser.add_argument("--output", "-o", required=True, help="Folder to write to.")

    def handle(self, *args, slug, output, **options):
        event = Event.objects.filter(slug=slug).first()
        if event is None:
            raise CommandError(f"No event with the slug {slug!r}.")
        folder = Path(output)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Cannot write to {folder}: {error}") from error
        invoices = Invoice.objects.for_event(event).with_lines()
        count = 0
        for invoice in invoices:
            (folder / f"{invoice.file_stem}.xml").write_bytes(ubl.document(invoice))
            count += 1
        self.stdout.write(f"{count} {'file' if count == 1 else 'files'} written to {folder}")
