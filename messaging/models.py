"""Every e-mail the site sends, kept as a row so none is lost and each one is visible."""

import datetime as dt
from email.mime.base import MIMEBase
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# A send that has been "sending" or overdue in the queue this long is stuck:
# its worker died or its task was lost. ``retry_emails`` picks it up again.
STALE_AFTER = dt.timedelta(minutes=15)


class OutgoingEmailQuerySet(models.QuerySet):
    def for_organisers(self, organisers):
        """E-mails about events of these organisers (what their staff may see)."""
        return self.filter(event__organiser__in=organisers)

    def for_event(self, event):
        return self.filter(event=event)

    def pending(self):
        return self.filter(status__in=(OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.SENDING))

    def failed(self):
        return self.filter(status=OutgoingEmail.Status.FAILED)

    def sent(self):
        return self.filter(status=OutgoingEmail.Status.SENT)

    def stuck(self, now=None):
        """Queued past their time, or sending for too long: their task was lost."""
        cutoff = (now or timezone.now()) - STALE_AFTER
        return self.filter(
            Q(status=OutgoingEmail.Status.QUEUED, next_attempt_at__lte=cutoff)
            | Q(status=OutgoingEmail.Status.SENDING, last_attempt_at__lte=cutoff)
        )


class OutgoingEmail(models.Model):
    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Confirmation")
        WAITLISTED = "waitlisted", _("Waiting list")
        PROMOTED = "promoted", _("Promoted from the waiting list")
        CHANGED = "changed", _("Registration changed")
        CANCELLED = "cancelled", _("Registration cancelled")
        REMINDER = "reminder", _("Reminder")
        ORGANISER_NOTICE = "organiser_notice", _("Notice to the organiser")
        MANAGE_LINK = "manage_link", _("Manage links")
        DUPLICATE_SIGNUP = "duplicate_signup", _("Already registered")
        BOOKING_CONFIRMATION = "booking_confirmation", _("Booking confirmation")
        EVENT_CANCELLED = "event_cancelled", _("Event cancelled")
        MESSAGE = "message", _("Message from the organiser")
        STAFF_INVITE = "staff_invite", _("Staff invitation")
        PASSWORD_RESET = "password_reset", _("Password reset")
        CERTIFICATE = "certificate", _("Certificate of attendance")
        SURVEY = "survey", _("Feedback survey")
        SURVEY_REMINDER = "survey_reminder", _("Feedback survey reminder")

    # Their text holds a link that opens an account (an invitation, a new password):
    # kept only until the e-mail is sent or has failed for good, then deleted.
    SECRET_KINDS = frozenset({"staff_invite", "password_reset"})

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.EmailField(_("to"))
    reply_to = models.EmailField(_("reply to"), blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # Set while the worker has yet to write the e-mail (messaging.composers).
    composer = models.CharField(_("written by"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind)
    language = models.CharField(_("language"), max_length=5, default="sv")
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("event"),
    )
    registration = models.ForeignKey(
        "registrations.Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("registration"),
    )
    booking = models.ForeignKey(
        "registrations.Booking",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("booking"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        # "e-mail" alone is also the address field of a registration ("e-post").
        verbose_name = pgettext_lazy("message", "e-mail")
        verbose_name_plural = pgettext_lazy("message", "e-mails")
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(kind="reminder"),
                name="outgoingemail_one_reminder_per_registration",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject or self.get_kind_display()} → {self.to}"

    @property
    def is_written(self):
        """False while the worker has yet to write it (messaging.composers)."""
        return not self.composer

    @property
    def is_pending(self):
        return self.status in (self.Status.QUEUED, self.Status.SENDING)

    @property
    def attachment_names(self):
        """File names of the attachments, e.g. ["valfard-for-alla.ics"]."""
        return [attachment["filename"] for attachment in self.attachments]

    def build_message(self):
        """The e-mail as Django sends it: plain text, HTML alternative, attachments."""
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[self.to],
            reply_to=[self.reply_to] if self.reply_to else None,
            # RFC 3834: tells mail servers not to answer with out-of-office replies.
            headers={"Auto-Submitted": "auto-generated"},
        )
        if self.body_html:
            message.attach_alternative(self.body_html, "text/html")
        for attachment in self.attachments:
            message.attach(_mime_part(attachment))
        return message


def _mime_part(attachment):
    """A stored attachment (see ``messaging.services.calendar_attachment``) as MIME."""
    maintype, subtype = attachment["mimetype"].split("/", 1)
    if "text" in attachment:
        part = MIMEText(attachment["text"], subtype, "utf-8")
    else:
        part = MIMEBase(maintype, subtype)
        part.set_payload(attachment["base64"])
        part["Content-Transfer-Encoding"] = "base64"
    for name, value in attachment.get("params", {}).items():
        part.set_param(name, value)
    if attachment.get("content_id"):
        part["Content-ID"] = f"<{attachment['content_id']}>"
        part.add_header("Content-Disposition", "inline", filename=attachment["filename"])
    else:
        part.add_header("Content-Disposition", "attachment", filename=attachment["filename"])
    return part
