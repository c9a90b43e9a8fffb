"""The demo's invoices: seller details from seeds/invoicing/sellers.toml, every paid
event of those organisers invoiced, and one credit note. Safe to run again."""

import tomllib
from pathlib import Path

from django.conf import settings
from django.db import transaction

from events.models import Event, Organiser
from invoicing import services
from invoicing.models import Invoice, SellerProfile
from registrations.models import Booking

SELLERS_FILE = Path(settings.BASE_DIR) / "seeds" / "invoicing" / "sellers.toml"


def load_demo_invoices(path=SELLERS_FILE):
    """``{event slug: number of documents}`` after loading."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    counts = {}
    with transaction.atomic():
        for row in data.get("sellers", []):
            row = dict(row)
            organiser = Organiser.objects.get(slug=row.pop("organiser"))
            credit = row.pop("credit", None)
            seller, _created = SellerProfile.objects.update_or_create(
                organiser=organiser, defaults=row
            )
            seller.full_clean()
            events = (
                Event.objects.filter(organiser=organiser, price_options__amount__gt=0)
                .exclude(status=Event.Status.CANCELLED)
                .distinct()
            )
            for event in events:
                services.issue_for_event(event=event)
                if credit:
                    _credit_once(event, credit)
                counts[event.slug] = Invoice.objects.filter(event=event).count()
    return counts


def _credit_once(event, credit):
    if Invoice.objects.filter(event=event, kind=Invoice.Kind.CREDIT_NOTE).exists():
        return
    booking = Booking.objects.filter(event=event, contact_email=credit["booking"]).first()
    invoice = Invoice.objects.filter(booking=booking).open_invoices().first()
    if invoice is None:
        return
    services.credit_invoice(invoice=invoice, reason=credit["reason"])
    services.issue_invoice(booking=booking)
