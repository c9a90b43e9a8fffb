"""python manage.py load_demo_invoices: the demo's seller details, invoices and a credit note."""

from django.core.management.base import BaseCommand

from demo.invoices import load_demo_invoices


class Command(BaseCommand):
    help = (
        "Seller details of the demo organisers from seeds/invoicing/sellers.toml, their paid "
        "events invoiced and one credit note. Run after load_seeds; safe to run again."
    )

    def handle(self, *args, **options):
        for slug, count in load_demo_invoices().items():
            self.stdout.write(f"{slug}: {count} invoices and credit notes")
