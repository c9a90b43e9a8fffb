"""Who comes: bookings, the participants they register, and their answers."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Event, PriceOption, Session

from . import pricing
from .querysets import RegistrationQuerySet

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_manage_token():
    """An unguessable secret for the manage link (256 bits)."""
    return secrets.token_urlsafe(32)


def new_reference():
    """A short code people can read out on the phone, e.g. 'K7QM-3XPA'."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


class Booking(models.Model):
    """One submission by one contact person, for one or more participants."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("event")
    )
    reference = models.CharField(_("reference"), max_length=9, unique=True, default=new_reference)
    manage_token = models.CharField(
        max_length=64, unique=True, default=new_manage_token, editable=False
    )
    submission_key = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="One per signup form shown; a resubmission of the same form finds this booking.",
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=5, default="sv")
    price_option = models.ForeignKey(
        PriceOption,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("price option"),
    )
    invoice_organisation = models.CharField(_("paying organisation"), max_length=200, blank=True)
    invoice_organisation_number = models.CharField(
        _("organisation number"), max_length=11, blank=True
    )
    invoice_address = models.TextField(_("invoice address"), blank=True)
    invoice_reference = models.CharField(_("buyer's reference"), max_length=100, blank=True)
    invoice_peppol_id = models.CharField(_("Peppol ID or GLN"), max_length=100, blank=True)
    invoice_order_number = models.CharField(_("order number"), max_length=100, blank=True)
    consent_at = models.DateTimeField(_("privacy notice accepted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    anonymised_at = models.DateTimeField(
        _("anonymised"), null=True, blank=True, editable=False, db_index=True
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")

    def __str__(self):
        return f"{self.reference} – {self.contact_name}"

    def get_absolute_url(self):
        return reverse("registrations:manage", kwargs={"token": self.manage_token})

    @cached_property
    def price_totals(self):
        """The price lines of the participants holding a place, VAT and totals: from the
        prefetched registrations (with their price options), else in one query."""
        if "registrations" in getattr(self, "_prefetched_objects_cache", {}):
            registrations = sorted(self.registrations.all(), key=lambda r: r.pk)
        else:
            registrations = self.registrations.select_related("price_option").order_by("pk")
        return pricing.booking_totals(registrations)


class Registration(models.Model):
    """One participant of one event."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")

    class AttendanceMode(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        ONLINE = "online", _("Online")

    class CancellationReason(models.TextChoices):
        PARTICIPANT = "participant", _("Cancelled by the participant")
        ORGANISER = "organiser", _("Cancelled by the organiser")
        EVENT_CANCELLED = "event_cancelled", _("The event was cancelled")

    ACTIVE = (Status.CONFIRMED, Status.ATTENDED)

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("booking")
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    reference = models.CharField(_("reference"), max_length=9, unique=True, default=new_reference)
    manage_token = models.CharField(
        max_length=64, unique=True, default=new_manage_token, editable=False
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organisation"), max_length=200)
    municipality_code = models.CharField(_("municipality or region code"), max_length=4, blank=True)
    role = models.CharField(_("role or title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=500, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=500, blank=True)
    attendance_mode = models.CharField(
        _("attendance"), max_length=10, choices=AttendanceMode, default=AttendanceMode.ON_SITE
    )
    sessions = models.ManyToManyField(
        Session, related_name="registrations", blank=True, verbose_name=_("chosen sessions")
    )
    price_option = models.ForeignKey(
        PriceOption,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("price option"),
    )
    booked_day = models.DateField(
        _("day"), null=True, blank=True, help_text=_("The day booked with a one-day price.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.CONFIRMED)
    language = models.CharField(_("language"), max_length=5, default="sv")
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancellation_reason = models.CharField(
        _("reason for cancellation"), max_length=20, choices=CancellationReason, blank=True
    )
    status_before_cancellation = models.CharField(
        _("status before cancellation"),
        max_length=10,
        choices=Status,
        blank=True,
        help_text=_("What the registration was when it was cancelled."),
    )
    cancellation_fee = models.DecimalField(
        _("cancellation fee (SEK, excl. VAT)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Charged for cancelling after the cancellation deadline."),
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(
        _("joined the waiting list"),
        null=True,
        blank=True,
        help_text=_("The waiting list is served in this order."),
    )
    anonymised_at = models.DateTimeField(
        _("anonymised"), null=True, blank=True, editable=False, db_index=True
    )
    calendar_uid = models.CharField(
        max_length=100,
        blank=True,
        editable=False,
        help_text="UIDs of the calendar invitation sent; empty: none was sent.",
    )
    calendar_sequence = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="SEQUENCE of the last calendar invitation or cancellation sent.",
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="registration_one_active_per_email",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "attendance_mode"])]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self):
        return reverse("registrations:manage", kwargs={"token": self.manage_token})

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def is_active(self):
        """Holds a seat: confirmed or attended."""
        return self.status in self.ACTIVE

    @property
    def attends_online(self):
        return (
            self.attendance_mode == self.AttendanceMode.ONLINE
            or self.event.format == Event.Format.ONLINE
        )

    @property
    def was_invited(self):
        """Has been sent a calendar invitation (its cancellation follows a cancellation)."""
        return bool(self.calendar_uid)

    @property
    def cancelled_by_organiser(self):
        """Cancelled by the organiser (not by the participant, nor with the event)."""
        return self.cancellation_reason == self.CancellationReason.ORGANISER

    @property
    def waitlist_position(self):
        """Place in the waiting list of its event and attendance mode (1 is next),
        or None when not waitlisted. Uses the ``waitlist_place`` annotation of
        ``Registration.objects.with_waitlist_position()`` when present."""
        if self.status != self.Status.WAITLISTED:
            return None
        place = getattr(self, "waitlist_place", None)
        if place is not None:
            return place
        queued_at = self.waitlisted_at or self.created_at
        ahead = (
            Registration.objects.filter(
                event_id=self.event_id, attendance_mode=self.attendance_mode
            )
            .waitlisted()
            .filter(Q(queued_at__lt=queued_at) | Q(queued_at=queued_at, pk__lt=self.pk))
            .count()
        )
        return ahead + 1


class DayAttendance(models.Model):
    """One participant checked in on one day of the event (a three-day conference
    has up to three). The registration's status ``attended`` and ``checked_in_at``
    say the participant came at all, from the first check-in."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="day_attendances",
        verbose_name=_("registration"),
    )
    day = models.DateField(_("day"))
    checked_in_at = models.DateTimeField(_("checked in"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )

    class Meta:
        ordering = ["day", "pk"]
        verbose_name = _("attendance on a day")
        verbose_name_plural = _("attendance per day")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "day"], name="dayattendance_one_per_registration_and_day"
            ),
        ]

    def __str__(self):
        return f"{self.registration} – {self.day.isoformat()}"


class Question(models.Model):
    """An organiser's own question to every participant of an event."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        YES_NO = "yes_no", _("Yes or no")
        SINGLE_CHOICE = "single", _("Single choice")
        MULTIPLE_CHOICE = "multiple", _("Multiple choice")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="questions", verbose_name=_("event")
    )
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.SHORT_TEXT)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One per line."))
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class YesNo(models.TextChoices):
    """How a yes/no answer is stored, and what it says."""

    YES = "yes", _("Yes")
    NO = "no", _("No")


def answer_text(kind, value):
    """An answer as people read it, in the active language: "Ja" or "Nej" for a
    yes/no question, the chosen alternatives as "a, b", text on one line."""
    return answer_reader(kind)(value)


def answer_reader(kind):
    """``answer_text`` for many answers to questions of one kind (an export's rows):
    a function of the stored value, with the words looked up once."""
    if kind == Question.Kind.YES_NO:
        words = {value: str(label) for value, label in YesNo.choices}
        return lambda value: words.get(value, value)
    return _one_line


def _one_line(value):
    if "\n" not in value:
        return value
    return ", ".join(line.strip() for line in value.splitlines() if line.strip())


class Answer(models.Model):
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("registration"),
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    value = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["registration", "question"], name="answer_unique"),
        ]

    def __str__(self):
        return f"{self.question}: {self.text}"

    @property
    def text(self):
        """The answer as people read it (``answer_text``)."""
        return answer_text(self.question.kind, self.value)


class EventMessage(models.Model):
    """An organiser's message to some of an event's participants, sent or to be sent.

    Its ``send_key`` comes from the preview the organiser confirmed: a second
    "Send" of the same preview (a double click, a resent form) breaks the unique
    constraint and sends nothing. A scheduled message chooses its recipients when
    it goes, so people registered meanwhile get it too.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", pgettext_lazy("message", "Cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="messages", verbose_name=_("event")
    )
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"))
    # Who gets it: the groups chosen on the event's message page, or the
    # registrations picked in the list (``registration_ids``).
    statuses = models.JSONField(_("groups"), default=list, blank=True)
    modes = models.JSONField(_("attendance"), default=list, blank=True)
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session"),
    )
    registration_ids = models.JSONField(_("chosen registrations"), null=True, blank=True)
    send_at = models.DateTimeField(_("send at"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.SCHEDULED)
    send_key = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["send_at", "pk"]
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")
        indexes = [models.Index(fields=["status", "send_at"])]

    def __str__(self):
        return self.subject


class PrivacyRequest(models.Model):
    """A logged request about one person's data (registrations/privacy.py): who
    searched, exported or erased, when, for which organiser.

    The person's e-mail address is not kept: ``email_hash`` is a keyed hash of it
    (``privacy.email_fingerprint``), so the log can answer "was this address
    handled, and when?" for someone who types it, and tells nobody else anything.
    """

    class Action(models.TextChoices):
        SEARCH = "search", pgettext_lazy("privacy request", "Search")
        EXPORT = "export", pgettext_lazy("privacy request", "Export")
        ERASE = "erase", pgettext_lazy("privacy request", "Erasure")

    organiser = models.ForeignKey(
        "events.Organiser",
        on_delete=models.CASCADE,
        related_name="privacy_requests",
        verbose_name=_("organiser"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action)
    email_hash = models.CharField(_("e-mail address (hashed)"), max_length=64, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    done_by = models.CharField(_("by"), max_length=150, blank=True)
    summary = models.JSONField(_("what was found or done"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("privacy request")
        verbose_name_plural = _("privacy requests")

    def __str__(self):
        return f"{self.get_action_display()} – {self.organiser} ({self.created_at:%Y-%m-%d})"

    @property
    def fingerprint(self):
        """The first characters of the hash: enough to tell requests apart by eye."""
        return self.email_hash[:8]
