"""Cancelling an event is cancelling its registrations: everyone registered or on the
waiting list is told, and every registration is cancelled with the event."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from events.models import Event
from events.services import EventError

from . import notifications, services


def cancel_event(*, event, message="") -> int:
    """Cancel the event and e-mail everyone registered or on the waiting list.

    ``message`` (optional, the organiser's own words) is added to the e-mail.
    Returns how many people are told. Every registration is cancelled with the
    event (``services.cancel_event_registrations``): none counts as confirmed any
    more, and each keeps what it was before, for the record. ``EventError`` when
    the event is cancelled already.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status == Event.Status.CANCELLED:
            raise EventError(_("The event is already cancelled."))
        event.status = Event.Status.CANCELLED
        event.save(update_fields=["status", "updated_at"])
        told = event.registrations.filter(status__in=("confirmed", "waitlisted")).count()
        notifications.event_cancelled(event, message=message.strip())
        services.cancel_event_registrations(event=event)
    return told
