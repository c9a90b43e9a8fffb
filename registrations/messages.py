"""The organiser's own e-mail to some of an event's participants.

Who may be written to: everyone registered, waiting or checked in; never the
cancelled (they have left the event), but for those cancelled with a cancelled
event, as what they were then (to tell them of a new date, say). Each e-mail
is queued as its own
background task by registrations.notifications.send_message, and its
messaging.OutgoingEmail row is the record of what went to whom.
"""

from django.db import transaction
from django.db.models import Q

from . import notifications
from .models import Registration

Status = Registration.Status
MESSAGE_STATUSES = (Status.CONFIRMED, Status.WAITLISTED, Status.ATTENDED)


def may_be_written_to(statuses=MESSAGE_STATUSES):
    """Registrations with one of ``statuses`` (cancelled never), or that had one
    when they were cancelled with their event."""
    chosen = [status for status in statuses if status in MESSAGE_STATUSES]
    return Q(status__in=chosen) | Q(
        status=Status.CANCELLED,
        cancellation_reason=Registration.CancellationReason.EVENT_CANCELLED,
        status_before_cancellation__in=chosen,
    )


def recipients(event, *, statuses=MESSAGE_STATUSES, modes=(), session=None):
    """The participants of ``event`` with one of ``statuses`` (see may_be_written_to),
    in one of the attendance ``modes`` (all when empty), who chose ``session``
    (anyone when None); ordered by name."""
    registrations = Registration.objects.filter(may_be_written_to(statuses), event=event)
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
            registrations=registrations.filter(may_be_written_to()),
            subject=subject,
            body=body.strip(),
        )
