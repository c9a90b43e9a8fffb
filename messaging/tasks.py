"""Sending in the background: one task per e-mail, retried with back-off.

The OutgoingEmail row, not the task, is the record of truth: a task only carries
the row's id, claims the row with a conditional UPDATE (so two tasks for one
row never both send it), sends, and writes the outcome back. A task whose
queue entry is lost is harmless, because ``retry_emails`` finds the row again.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from . import composers
from .models import OutgoingEmail

logger = logging.getLogger(__name__)

# Wait this long after the 1st, 2nd, ... failed attempt; after the last, give up.
RETRY_DELAYS = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
ERROR_MAX_LENGTH = 2000
DEFAULT_TIMEOUT = 30  # seconds, for the SMTP connection when EMAIL_TIMEOUT is not set


@task()
def send_email(email_id: int) -> str:
    """Send one queued e-mail; returns what happened ("sent", "retry", "failed", "skipped")."""
    return deliver(email_id)


def deliver(email_id):
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(
        pk=email_id, status=OutgoingEmail.Status.QUEUED, next_attempt_at__lte=now
    ).update(status=OutgoingEmail.Status.SENDING, last_attempt_at=now, attempts=F("attempts") + 1)
    if not claimed:
        # Already sent, failed for good, deleted, or not due yet (a duplicate task).
        return "skipped"
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        if email.composer:
            composers.compose(email)
        # A mail server that never answers must not hold the worker forever.
        message = email.build_message()
        message.connection = get_connection(timeout=settings.EMAIL_TIMEOUT or DEFAULT_TIMEOUT)
        message.send()
    except composers.Obsolete as reason:
        OutgoingEmail.objects.filter(pk=email_id).update(
            status=OutgoingEmail.Status.FAILED, last_error=str(reason)[:ERROR_MAX_LENGTH]
        )
        return "failed"
    except Exception as error:  # whatever the mail server or network did: retry
        return _record_failure(email, error)
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=OutgoingEmail.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    _forget_secret_text(email)
    return "sent"


def _forget_secret_text(email):
    """An invitation's or a new password's link is not kept once it is on its way."""
    if email.kind in OutgoingEmail.SECRET_KINDS:
        OutgoingEmail.objects.filter(pk=email.pk).update(body_text="", body_html="")


def _record_failure(email, error):
    message = f"{type(error).__name__}: {error}"[:ERROR_MAX_LENGTH]
    if email.attempts >= MAX_ATTEMPTS:
        logger.error(
            "E-mail %s failed for good after %s attempts: %s", email.pk, email.attempts, message
        )
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=OutgoingEmail.Status.FAILED, last_error=message
        )
        _forget_secret_text(email)
        return "failed"
    next_attempt_at = timezone.now() + RETRY_DELAYS[email.attempts - 1]
    logger.warning("E-mail %s failed (attempt %s), retrying: %s", email.pk, email.attempts, message)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.QUEUED, last_error=message, next_attempt_at=next_attempt_at
    )
    enqueue(email.pk, run_after=next_attempt_at)
    return "retry"


def enqueue(email_id, *, run_after=None):
    """Put a send task in the queue once the current transaction commits.

    A failure to enqueue is logged, not raised: the row stays queued and
    ``retry_emails`` enqueues it again.
    """

    def _enqueue():
        try:
            job = send_email
            if run_after is not None:
                if not job.get_backend().supports_defer:
                    return  # e.g. the immediate backend: retry_emails takes over
                job = job.using(run_after=run_after)
            job.enqueue(email_id)
        except Exception:
            logger.exception("Could not enqueue e-mail %s; retry_emails will pick it up", email_id)

    transaction.on_commit(_enqueue)
