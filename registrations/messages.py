"""The organiser's own e-mail to some of an event's participants.

Who may be written to: everyone registered, waiting or checked in; never the
cancelled (they have left the event). Each e-mail is queued as its own
background task by registrations.notifications.send_message, and its
messaging.OutgoingEmail row is the record of what went to whom.
"""

from django.db import transaction

from . import notifications
from .models import Registration

Status = Registration.Status
MESSAGE_STATUSES = (Status.CONFIRMED, Status.WAITLISTED, Status.ATTENDED)


def recipients(event, *, statuses=MESSAGE_STATUSES, modes=(), session=None):
    """The participants of ``event`` with one of ``statuses`` (cancelled never),
    in one of the attendance ``modes`` (all when empty), who chose ``session``
    (anyone when None); ordered by name."""
    chosen = [status for status in statuses if status in MESSAGE_STATUSES]
    registrations = Registration.objects.filter(event=event, status__in=chosen)
    if modes:
        registrations = registrations.filter(attendance_mode__in=modes)
    if session is not None:
        registrations = registrations.filter(sessions=session)
    return registrations.order_by("last_name", "first_name", "pk")


def send_event_message(*, event, registrations, subject, body) -> int:
    """Queue ``subject`` and ``body`` to each of ``registrations`` of ``event`` that
    may be written to; returns how many e-mails were queued.

    One transaction: either every e-mail is recorded and sent, or none is.
    """
    subject = " ".join(subject.split())
    if not subject or not body.strip():
        raise ValueError("A message needs a subject and a text.")
    with transaction.atomic():
        return notifications.send_message(
            event=event,
            registrations=registrations.filter(status__in=MESSAGE_STATUSES),
            subject=subject,
            body=body.strip(),
        )
