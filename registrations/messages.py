"""The organiser's own e-mail to some of an event's participants.

Who may be written to: everyone registered, waiting or checked in; never the
cancelled (they have left the event), but for those cancelled with a cancelled
event, as what they were then (to tell them of a new date, say). Each e-mail
is queued as its own
background task by registrations.notifications.send_message, and its
messaging.OutgoingEmail row is the record of what went to whom.

Each message is an EventMessage row (``create_message``): one sent now is
recorded as sent with its e-mails; one scheduled waits for ``send_due_messages``
(the worker at its time, or ``manage.py send_scheduled_messages`` from cron).
"""

import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from . import notifications
from .models import EventMessage, Registration

logger = logging.getLogger(__name__)

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


class AlreadySent(Exception):
    """This preview was sent already (a double click, or the form sent again)."""


def create_message(
    *,
    event,
    subject,
    body,
    send_key,
    send_at=None,
    statuses=(),
    modes=(),
    session=None,
    registration_ids=None,
    by=None,
) -> EventMessage:
    """Record a message and send it now (``send_at`` None or past) or at ``send_at``.

    ``statuses``, ``modes`` and ``session`` choose the recipients as ``recipients``
    does; ``registration_ids`` instead names them. Raises AlreadySent when
    ``send_key`` was used before: nothing is sent twice.
    """
    subject = " ".join(subject.split())
    if not subject or not body.strip():
        raise ValueError("A message needs a subject and a text.")
    now = timezone.now()
    message = EventMessage(
        event=event,
        subject=subject,
        body=body.strip(),
        statuses=list(statuses),
        modes=list(modes),
        session=session,
        registration_ids=None if registration_ids is None else sorted(registration_ids),
        send_at=send_at or now,
        send_key=send_key,
        created_by=by,
    )
    try:
        with transaction.atomic():
            message.save()
            if message.send_at <= now:
                _send(message, now)
            else:
                transaction.on_commit(lambda: _enqueue(message))
    except IntegrityError as error:
        if EventMessage.objects.filter(send_key=send_key).exists():
            raise AlreadySent from error
        raise
    return message


def message_recipients(message):
    """Who ``message`` goes to, decided now."""
    if message.registration_ids is not None:
        chosen = Registration.objects.filter(event=message.event, pk__in=message.registration_ids)
        return chosen.filter(may_be_written_to())
    return recipients(
        message.event,
        statuses=message.statuses or MESSAGE_STATUSES,
        modes=message.modes,
        session=message.session,
    )


def send_due_messages(*, now=None) -> int:
    """Send every scheduled message whose time has come; returns how many messages."""
    now = now or timezone.now()
    due = EventMessage.objects.filter(
        status=EventMessage.Status.SCHEDULED, send_at__lte=now
    ).values_list("pk", flat=True)
    return sum(send_scheduled(message_id=pk, now=now) for pk in list(due))


def send_scheduled(*, message_id, now=None) -> bool:
    """Send one scheduled message if it is due and nobody sent or cancelled it."""
    now = now or timezone.now()
    with transaction.atomic():
        message = (
            EventMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event", "session")
            .filter(pk=message_id, status=EventMessage.Status.SCHEDULED, send_at__lte=now)
            .first()
        )
        if message is None:
            return False
        _send(message, now)
    return True


def cancel_scheduled(*, message) -> bool:
    """Cancel a message not yet sent; False when it has gone already."""
    return bool(
        EventMessage.objects.filter(pk=message.pk, status=EventMessage.Status.SCHEDULED).update(
            status=EventMessage.Status.CANCELLED
        )
    )


def _send(message, now):
    message.sent_count = notifications.send_message(
        event=message.event,
        registrations=message_recipients(message),
        subject=message.subject,
        body=message.body,
    )
    message.status = EventMessage.Status.SENT
    message.sent_at = now
    message.save(update_fields=["sent_count", "status", "sent_at"])


def _enqueue(message):
    """Ask the worker to send it at its time (when the task backend can wait);
    ``send_scheduled_messages`` from cron catches any the queue lost."""
    from .tasks import send_scheduled_message

    try:
        task = send_scheduled_message
        if not task.get_backend().supports_defer:
            return
        task.using(run_after=message.send_at).enqueue(message.pk)
    except Exception:
        logger.exception("Could not enqueue message %s; send_scheduled_messages will", message.pk)
