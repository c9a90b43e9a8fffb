"""What is offered: organisers, their series, venues, speakers, events and programmes."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .formatting import money
from .querysets import EventQuerySet, OrganiserQuerySet, SessionQuerySet


class RegistrationState(models.TextChoices):
    OPEN = "open", _("Registration open")
    WAITING_LIST = "waiting_list", _("Fully booked – waiting list open")
    FULL = "full", _("Fully booked")
    NOT_YET_OPEN = "not_yet_open", _("Registration not yet open")
    CLOSED = "closed", _("Registration closed")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


class ServedModes(models.TextChoices):
    """The attendance modes a session or price option is for (Registration.AttendanceMode
    values); blank means both."""

    BOTH = "", _("On site and online")
    ON_SITE = "on_site", _("On site only")
    ONLINE = "online", _("Online only")


class ServesModesMixin:
    """``serves(mode)`` for models with an ``attendance_mode`` of ServedModes."""

    def serves(self, mode):
        return self.attendance_mode in (ServedModes.BOTH, mode)


def served_modes_field(help_text):
    return models.CharField(
        _("attendance"),
        max_length=10,
        choices=ServedModes,
        default=ServedModes.BOTH,
        blank=True,
        help_text=help_text,
    )


class VatRate(models.TextChoices):
    """The Swedish VAT rates, as percentages (stored as text so that "6" is never 6.0)."""

    STANDARD = "25", _("25 %")
    REDUCED = "12", _("12 %")
    LOW = "6", _("6 %")
    ZERO = "0", _("0 % (exempt)")


class Organiser(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    contact_email = models.EmailField(_("contact e-mail"))
    organisation_number = models.CharField(
        _("organisation number"), max_length=11, blank=True, help_text=_("Format NNNNNN-NNNN.")
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="organisers",
        verbose_name=_("staff"),
        blank=True,
    )

    objects = OrganiserQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:organiser", kwargs={"slug": self.slug})


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Organiser admin")
        DOOR = "door", _("Door staff")

    organiser = models.ForeignKey(
        Organiser, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organiser")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.ADMIN)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organiser", "user"], name="membership_unique_user"),
        ]

    def __str__(self):
        return f"{self.user} – {self.organiser} ({self.get_role_display()})"


class StaffInvite(models.Model):
    """An invitation to join an organiser's staff, sent by e-mail (events/staff.py).

    Only a hash of the link's token is stored: the link itself is in the e-mail.
    """

    organiser = models.ForeignKey(
        Organiser, on_delete=models.CASCADE, related_name="invites", verbose_name=_("organiser")
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=10, choices=Membership.Role)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    sent_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["organiser", "email"],
                condition=Q(accepted_at__isnull=True),
                name="staffinvite_one_open_per_address",
            ),
        ]

    def __str__(self):
        return f"{self.email} – {self.organiser}"

    def is_expired(self, now=None):
        return self.accepted_at is None and self.expires_at <= (now or timezone.now())


class Series(models.Model):
    organiser = models.ForeignKey(
        Organiser, on_delete=models.CASCADE, related_name="series", verbose_name=_("organiser")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:series", kwargs={"slug": self.slug})


class Venue(models.Model):
    organiser = models.ForeignKey(
        Organiser, on_delete=models.CASCADE, related_name="venues", verbose_name=_("organiser")
    )
    name = models.CharField(_("name"), max_length=200)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100)
    directions = models.TextField(_("directions"), blank=True)
    accessibility_notes = models.TextField(_("accessibility"), blank=True)

    class Meta:
        ordering = ["city", "name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return f"{self.name}, {self.city}"

    @property
    def full_address(self):
        locality = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.street_address, locality) if part)


class Speaker(models.Model):
    organiser = models.ForeignKey(
        Organiser, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("organiser")
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title or role"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    bio = models.TextField(_("short bio"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="speakers/", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return self.name

    @property
    def affiliation(self):
        return ", ".join(part for part in (self.title, self.organisation) if part)


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")

    class InvoiceTiming(models.TextChoices):
        AFTER_EVENT = "after_event", _("All at once after the event")
        PER_BOOKING = "per_booking", _("Each booking as it comes")

    class Format(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("On site and online")

    organiser = models.ForeignKey(
        Organiser, on_delete=models.PROTECT, related_name="events", verbose_name=_("organiser")
    )
    co_organisers = models.ManyToManyField(
        Organiser, related_name="co_organised_events", blank=True, verbose_name=_("co-organisers")
    )
    co_organiser_access = models.ManyToManyField(
        Organiser,
        related_name="events_worked_on",
        blank=True,
        verbose_name=_("co-organisers who work on the event"),
        help_text=_(
            "Their staff see and export this event's registrations and check people in; "
            "nothing else of yours. Only co-organisers named above can be chosen."
        ),
    )
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("series"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("Part of the web address.")
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    format = models.CharField(_("format"), max_length=10, choices=Format, default=Format.ON_SITE)
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("venue"),
    )
    online_details = models.TextField(
        _("online details"), blank=True, help_text=_("How to join online; sent to registrants.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("seats on site"), null=True, blank=True, help_text=_("Empty means no limit.")
    )
    online_capacity = models.PositiveIntegerField(
        _("online places"), null=True, blank=True, help_text=_("Empty means no limit.")
    )
    waiting_list = models.BooleanField(_("waiting list when full"), default=True)
    cancellation_deadline = models.DateTimeField(_("cancellation deadline"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    cancellation_fee = models.DecimalField(
        _("cancellation fee (SEK, excl. VAT)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Charged for a participant who cancels after the cancellation deadline. Empty: "
            "nothing is charged; the full price: enter it here."
        ),
    )
    invoice_timing = models.CharField(
        _("invoicing"),
        max_length=12,
        choices=InvoiceTiming,
        default=InvoiceTiming.AFTER_EVENT,
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("reminder days before"), default=3, help_text=_("0 sends no reminder.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="event_registration_closes_after_opening",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def has_on_site(self):
        return self.format in (self.Format.ON_SITE, self.Format.HYBRID)

    @property
    def has_online(self):
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)

    @property
    def is_multi_day(self):
        return timezone.localdate(self.starts_at) != timezone.localdate(self.ends_at)

    @property
    def days(self):
        """The local dates the event runs on, first to last."""
        first, last = timezone.localdate(self.starts_at), timezone.localdate(self.ends_at)
        return [first + dt.timedelta(days=number) for number in range((last - first).days + 1)]

    def day_of(self, moment=None):
        """The event's day that ``moment`` (now) falls on, else its nearest day:
        the first before the event, the last after it."""
        today = timezone.localdate(moment or timezone.now())
        days = self.days
        return min(max(today, days[0]), days[-1])

    @property
    def contact_address(self):
        return self.contact_email or self.organiser.contact_email

    @property
    def attendance_modes(self):
        """The attendance modes offered, as Registration.AttendanceMode values."""
        return [
            mode
            for mode, offered in (("on_site", self.has_on_site), ("online", self.has_online))
            if offered
        ]

    def capacity_for(self, mode):
        """Places for one attendance mode; None means no limit.

        ``capacity`` is the seats on site and ``online_capacity`` the online places,
        also for online-only events (where ``capacity`` is not used).
        """
        return self.online_capacity if mode == "online" else self.capacity

    def places_left(self, mode):
        """Free places of one attendance mode, or None when there is no limit.

        Uses the ``seats_taken`` / ``online_taken`` annotations when present, so list
        pages count in their one query.
        """
        capacity = self.capacity_for(mode)
        if capacity is None:
            return None
        taken = getattr(self, "online_taken" if mode == "online" else "seats_taken", None)
        if taken is None:
            taken = self.registrations.filter(
                status__in=("confirmed", "attended"), attendance_mode=mode
            ).count()
        return max(capacity - taken, 0)

    @property
    def seats_left(self):
        """Free seats on site, or None when there is no limit."""
        return self.places_left("on_site")

    @property
    def online_places_left(self):
        """Free online places, or None when there is no limit."""
        return self.places_left("online")

    @property
    def is_full(self):
        """Every attendance mode offered is fully booked."""
        return all(self.places_left(mode) == 0 for mode in self.attendance_modes)

    def late_cancellation_fee(self):
        """What cancelling a place costs now: the cancellation fee once the deadline
        (or the start) has passed and before the event ends; None when it is free or
        no longer possible."""
        now = timezone.now()
        if self.cancellation_fee is None or self.ends_at < now:
            return None
        if now < (self.cancellation_deadline or self.starts_at):
            return None
        return self.cancellation_fee

    def registration_closed_reason(self):
        """Why signups are refused now, or None while registration is open.

        One of "cancelled", "not_published", "ended", "not_yet_open", "closed"
        (the reasons of registrations.exceptions.RegistrationClosed).
        """
        now = timezone.now()
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        if self.status != self.Status.PUBLISHED:
            return "not_published"
        if self.ends_at < now:
            return "ended"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet_open"
        if self.registration_closes_at and now >= self.registration_closes_at:
            return "closed"
        return None

    @property
    def registration_state(self):
        """One of RegistrationState: what the call to action says."""
        reason = self.registration_closed_reason()
        if reason == "cancelled":
            return RegistrationState.CANCELLED
        if reason == "not_yet_open":
            return RegistrationState.NOT_YET_OPEN
        if reason is not None:
            return RegistrationState.CLOSED
        if self.is_full:
            return RegistrationState.WAITING_LIST if self.waiting_list else RegistrationState.FULL
        return RegistrationState.OPEN


class Session(ServesModesMixin, models.Model):
    class Kind(models.TextChoices):
        TALK = "talk", _("Talk")
        PANEL = "panel", _("Panel")
        WORKSHOP = "workshop", _("Workshop")
        BREAK = "break", _("Break")
        MEAL = "meal", _("Meal")
        OTHER = "other", _("Other")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.TALK)
    speakers = models.ManyToManyField(
        Speaker,
        through="SessionSpeaker",
        related_name="sessions",
        blank=True,
        verbose_name=_("speakers"),
    )
    selectable = models.BooleanField(
        _("selectable at signup"),
        default=False,
        help_text=_("Attendees choose it when they register (parallel workshops, the dinner)."),
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Only for selectable sessions; empty means no limit."),
    )
    attendance_mode = served_modes_field(
        _("On site only for what is not streamed, such as a workshop or the dinner.")
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "room", "title"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title


class SessionSpeaker(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, verbose_name=_("session"))
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, verbose_name=_("speaker"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("speaker of a session")
        verbose_name_plural = _("speakers of the session")
        constraints = [
            models.UniqueConstraint(fields=["session", "speaker"], name="sessionspeaker_unique"),
        ]

    def __str__(self):
        return f"{self.speaker} – {self.session}"


class Material(models.Model):
    class Kind(models.TextChoices):
        SLIDES = "slides", _("Slides")
        SUMMARY = "summary", _("Summary")
        LINK = "link", _("Link")
        OTHER = "other", _("Other")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="materials", verbose_name=_("event")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("session"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.SLIDES)
    file = models.FileField(_("file"), upload_to="materials/", blank=True)
    url = models.URLField(_("link"), blank=True)
    text = models.TextField(_("text"), blank=True, help_text=_("A summary written on the page."))
    published = models.BooleanField(_("published"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.CheckConstraint(
                condition=~(Q(file="") & Q(url="") & Q(text="")), name="material_has_content"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def href(self):
        return self.file.url if self.file else self.url


class PriceOption(ServesModesMixin, models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="price_options", verbose_name=_("event")
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("E.g. whole conference, one day.")
    )
    amount = models.DecimalField(
        _("price (SEK, excl. VAT)"), max_digits=9, decimal_places=2, default=0
    )
    vat_rate = models.CharField(
        _("VAT rate"),
        max_length=2,
        choices=VatRate,
        null=True,
        help_text=_("Prices are entered and shown excluding VAT."),
        error_messages={
            "null": _("Choose the VAT rate of the price."),
            "blank": _("Choose the VAT rate of the price."),
        },
    )
    vat_exemption_reason = models.CharField(
        _("reason for VAT exemption"),
        max_length=200,
        blank=True,
        help_text=_(
            "Only with 0 %, and then required, e.g. “Undantag från skatteplikt enligt "
            "3 kap. 8 § mervärdesskattelagen (utbildning)”."
        ),
    )
    attendance_mode = served_modes_field(
        _("Who can be booked on this price, e.g. an on-site price for participants on site only.")
    )
    one_day = models.BooleanField(
        _("one day"),
        default=False,
        help_text=_("For one day of a multi-day event; the participant chooses which day."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("price option")
        verbose_name_plural = _("price options")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="priceoption_amount_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({money(self.amount)})"

    def clean(self):
        super().clean()
        if self.vat_rate == VatRate.ZERO and not self.vat_exemption_reason.strip():
            raise ValidationError(
                {
                    "vat_exemption_reason": _(
                        "A price without VAT needs the reason it is exempt, as the invoice "
                        "must say it."
                    )
                }
            )
        if self.vat_rate != VatRate.ZERO and self.vat_exemption_reason.strip():
            raise ValidationError(
                {"vat_exemption_reason": _("Only a price with 0 % VAT has an exemption reason.")}
            )

    @property
    def vat_percent(self):
        """The VAT rate as a Decimal percentage, or None when not set."""
        return None if self.vat_rate is None else Decimal(self.vat_rate)
