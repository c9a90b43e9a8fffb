"""Queue e-mails, and send again those that failed or got stuck.

``queue_email`` is called INSIDE the caller's transaction: the row is saved with
the caller's other writes, and its send task is enqueued only when they commit.
A rollback therefore sends nothing, and a crash after the commit loses nothing.
"""

import base64
import re

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from .models import OutgoingEmail
from .tasks import MAX_ATTEMPTS, enqueue

_BLANK_LINES = re.compile(r"\n[ \t]*(\n[ \t]*)+\n")


def queue_email(
    *,
    to,
    kind,
    template=None,
    context=None,
    subject=None,
    body_text=None,
    body_html="",
    language=None,
    event=None,
    registration=None,
    booking=None,
    reply_to="",
    attachments=(),
) -> OutgoingEmail:
    """Save one e-mail to send and enqueue it on commit.

    Either ``template`` (rendered from templates/emails/<template>_subject.txt,
    <template>.txt and <template>.html with ``context``, in ``language``) or
    ``subject`` and ``body_text`` (and optionally ``body_html``) as they are.
    ``attachments`` are made with ``calendar_attachment`` or ``file_attachment``.
    """
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if template:
        subject, body_text, body_html = render_email(template, context or {}, language=language)
    if not subject or not body_text:
        raise ValueError("An e-mail needs a template, or a subject and a text body.")
    email = OutgoingEmail.objects.create(
        to=to,
        reply_to=reply_to or "",
        subject=one_line(subject)[:255],
        body_text=body_text,
        body_html=body_html,
        attachments=list(attachments),
        kind=kind,
        language=language,
        event=event,
        registration=registration,
        booking=booking,
    )
    enqueue(email.pk)
    return email


def record_emails(emails) -> list[OutgoingEmail]:
    """Save e-mails for the worker to write and send, and enqueue them on commit.

    ``emails`` are unsaved OutgoingEmail rows with ``composer`` set (see
    ``messaging.composers``): one INSERT for all, nothing rendered now.
    """
    emails = OutgoingEmail.objects.bulk_create(emails)
    for email in emails:
        enqueue(email.pk)
    return emails


def render_email(template, context, *, language):
    """(subject, plain text, HTML) of templates/emails/<template>*, in ``language``."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = one_line(render_to_string(f"emails/{template}_subject.txt", context))
        context["email_subject"] = subject
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    return subject, tidy_text(text), html


def one_line(text):
    """A header value: never more than one line (no header injection)."""
    return " ".join(str(text).split())


def tidy_text(text):
    """Plain text without the blank lines template tags leave behind."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)) + "\n"


def calendar_attachment(ics, *, method, filename):
    """An iCalendar file (bytes, e.g. from registrations.invitations) as an invitation part."""
    return {
        "filename": filename,
        "mimetype": "text/calendar",
        "params": {"method": method},
        "text": ics.decode("utf-8"),
    }


def file_attachment(*, filename, content, mimetype, content_id=None):
    """Any file; with ``content_id`` it is shown inline (<img src="cid:...">)."""
    attachment = {
        "filename": filename,
        "mimetype": mimetype,
        "base64": base64.b64encode(content).decode("ascii"),
    }
    if content_id:
        attachment["content_id"] = content_id
    return attachment


def retry_email(*, email) -> bool:
    """Send a failed (or still queued) e-mail again now, with fresh attempts.

    Returns False for an e-mail already sent or being sent.
    """
    with transaction.atomic():
        updated = (
            OutgoingEmail.objects.filter(
                pk=email.pk,
                status__in=(OutgoingEmail.Status.FAILED, OutgoingEmail.Status.QUEUED),
            )
            .exclude(body_text="")  # an invitation or new password whose link is forgotten
            .update(status=OutgoingEmail.Status.QUEUED, attempts=0, next_attempt_at=timezone.now())
        )
        if updated:
            enqueue(email.pk)
    email.refresh_from_db()
    return bool(updated)


def recover_emails(*, include_failed=False, now=None) -> int:
    """Enqueue again every e-mail whose task was lost; returns how many.

    Stuck "sending" rows (the worker died mid-send) count that attempt and go
    back to the queue, or fail when it was the last. With ``include_failed``,
    failed e-mails start over with fresh attempts.
    """
    now = now or timezone.now()
    with transaction.atomic():
        stuck = OutgoingEmail.objects.stuck(now)
        ids = set(stuck.values_list("pk", flat=True))
        interrupted = stuck.filter(status=OutgoingEmail.Status.SENDING)
        interrupted.filter(attempts__gte=MAX_ATTEMPTS).update(
            status=OutgoingEmail.Status.FAILED, last_error=gettext("Interrupted while sending.")
        )
        interrupted.update(
            status=OutgoingEmail.Status.QUEUED,
            next_attempt_at=now,
            last_error=gettext("Interrupted while sending."),
        )
        if include_failed:
            failed = OutgoingEmail.objects.failed().exclude(body_text="")
            ids |= set(failed.values_list("pk", flat=True))
            failed.update(status=OutgoingEmail.Status.QUEUED, attempts=0, next_attempt_at=now)
        ids = set(
            OutgoingEmail.objects.filter(pk__in=ids, status=OutgoingEmail.Status.QUEUED)
            .values_list("pk", flat=True)
            .order_by()
        )
        for email_id in sorted(ids):
            enqueue(email_id)
    return len(ids)
