"""Invoices follow the bookings: connected in InvoicingConfig.ready.

A booking made for an event invoiced per booking is invoiced at once; a change to
who pays what in an invoiced booking credits its invoice and invoices what is
still owed; a cancelled event credits its invoices. None of this may stop the
change itself: when the invoicing is refused (no seller details yet, say),
nothing of it is saved and the organiser issues from the admin.
"""

import logging

from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Event
from registrations.signals import billing_changed

from . import services

logger = logging.getLogger(__name__)
REASONS = {
    "cancelled": gettext_lazy("A participant cancelled."),
    "price_changed": gettext_lazy("A participant's price was corrected."),
}


@receiver(billing_changed, dispatch_uid="invoicing.billing_changed")
def follow_booking(sender, *, booking, reason, event=None, **kwargs):
    try:
        with transaction.atomic():
            if reason == "event_cancelled":
                services.credit_event(event=event, reason=_("The event was cancelled."))
            elif reason == "created":
                if booking.event.invoice_timing == Event.InvoiceTiming.PER_BOOKING:
                    services.issue_invoice(booking=booking)
            else:
                services.settle_booking(booking=booking, reason=str(REASONS.get(reason, reason)))
    except services.InvoicingError as error:
        logger.warning("Not invoiced (%s): %s", reason, error)
