"""Certificates of attendance: who gets one, what it says, and the e-mail after the event.

A participant who was checked in (on at least one day of a multi-day event) has
a certificate: their name, the event and its organisers, the days and hours they
attended, the programme items they chose on those days, and a verification code
with the address of the public page that confirms it (``/intyg/<code>/``).
"""

import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Event, Session
from messaging.models import OutgoingEmail
from messaging.services import file_attachment, queue_email
from registrations.models import Answer, DayAttendance, Question, Registration, YesNo

from .models import Certificate, CertificateSettings
from .pdf import certificate_pdf

# Letters that have no ASCII base letter to fall back to (Sámi and Nordic).
NOT_DECOMPOSED = str.maketrans(
    {"ŋ": "n", "Ŋ": "N", "đ": "d", "Đ": "D", "ŧ": "t", "Ŧ": "T", "ø": "o", "Ø": "O", "æ": "ae"}
)
# Events that ended longer ago than this get no more certificates by e-mail.
SEND_WITHIN = dt.timedelta(days=60)


@dataclass(frozen=True)
class AttendedDay:
    day: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime

    @property
    def hours(self):
        return (self.ends_at - self.starts_at).total_seconds() / 3600


@dataclass(frozen=True)
class Attendance:
    """What a certificate says about one participant."""

    registration: Registration
    days: list  # AttendedDay, first to last
    sessions: list  # the chosen sessions on the days attended

    @property
    def hours(self):
        return sum(day.hours for day in self.days)


def attended(event):
    """The event's participants who have a certificate: checked in (on a day)."""
    return (
        Registration.objects.filter(event=event, status=Registration.Status.ATTENDED)
        .select_related("event__organiser", "event__venue")
        .prefetch_related(
            "event__co_organisers",
            Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "pk")),
            Prefetch("day_attendances", queryset=DayAttendance.objects.order_by("day")),
        )
        .order_by("last_name", "first_name", "pk")
    )


def attendance(registration, programme=None):
    """The ``Attendance`` of an attended ``registration`` (``programme``: the event's
    sessions, read once for many participants)."""
    event = registration.event
    if programme is None:
        programme = list(event.sessions.order_by("starts_at", "pk"))
    if event.is_multi_day:
        dates = [row.day for row in registration.day_attendances.all()]
    else:
        dates = event.days if registration.status == Registration.Status.ATTENDED else []
    chosen_ids = {session.pk for session in registration.sessions.all()}
    followed = [item for item in programme if not item.selectable or item.pk in chosen_ids]
    days = [_hours(event, day, followed) for day in dates]
    chosen = [
        session
        for session in registration.sessions.all()
        if timezone.localdate(session.starts_at) in dates
    ]
    return Attendance(registration=registration, days=days, sessions=chosen)


def _hours(event, day, programme):
    """The day's hours: from its first programme item to its last (of those for
    everyone and those chosen), else the event's own times on that day."""
    on_day = [item for item in programme if timezone.localdate(item.starts_at) == day]
    if on_day:
        return AttendedDay(
            day, min(item.starts_at for item in on_day), max(item.ends_at for item in on_day)
        )
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(day, timezone.localtime(event.starts_at).time(), tzinfo=zone)
    end = dt.datetime.combine(day, timezone.localtime(event.ends_at).time(), tzinfo=zone)
    if end <= start:
        end = start
    return AttendedDay(day, start, end)


def issue(registration):
    """The certificate of ``registration`` (made on first use)."""
    certificate, _created = Certificate.objects.get_or_create(registration=registration)
    return certificate


def verification_url(certificate):
    return settings.SITE_URL + reverse("followup:verify_code", kwargs={"code": certificate.code})


def document(registration, *, language=None):
    """The certificate PDF of ``registration`` as bytes, in its language."""
    certificate = issue(registration)
    with translation.override(language or registration.language or settings.LANGUAGE_CODE):
        return certificate_pdf(attendance(registration), certificate, verification_url(certificate))


def filename(registration):
    """'intyg-lindqvist-anna-ANNA-2345.pdf': readable, ASCII, no path."""
    name = f"{registration.last_name}-{registration.first_name}".translate(NOT_DECOMPOSED)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "deltagare"
    return f"intyg-{slug}-{registration.reference}.pdf"


def archive(event, target):
    """Write a ZIP of every certificate of ``event`` to ``target``; returns how many."""
    registrations = list(attended(event))
    programme = list(event.sessions.order_by("starts_at", "pk"))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
        for registration in registrations:
            certificate = issue(registration)
            with translation.override(registration.language or settings.LANGUAGE_CODE):
                pdf = certificate_pdf(
                    attendance(registration, programme), certificate, verification_url(certificate)
                )
            bundle.writestr(filename(registration), pdf)
    return len(registrations)


def archive_bytes(event):
    buffer = io.BytesIO()
    count = archive(event, buffer)
    return buffer.getvalue(), count


def settings_of(event):
    try:
        return event.certificate_settings
    except CertificateSettings.DoesNotExist:
        return CertificateSettings(event=event)


def recipients(event):
    """Who is e-mailed a certificate, by the event's setting."""
    chosen = settings_of(event)
    if chosen.send_to == CertificateSettings.SendTo.NONE:
        return Registration.objects.none()
    people = attended(event)
    if chosen.send_to == CertificateSettings.SendTo.ANSWERED_YES:
        question = chosen.question
        if question is None or question.kind != Question.Kind.YES_NO:
            return Registration.objects.none()
        said_yes = Answer.objects.filter(question=question, value=YesNo.YES)
        people = people.filter(pk__in=said_yes.values("registration_id"))
    return people


def send_certificates(event) -> int:
    """E-mail the certificate to each recipient not e-mailed one yet (never twice:
    the certificate's ``emailed_at`` is claimed in the same transaction as the
    e-mail is queued). Returns how many were queued."""
    if event.status == Event.Status.CANCELLED or not event.is_past:
        return 0
    sent = 0
    programme = list(event.sessions.order_by("starts_at", "pk"))
    for registration in recipients(event).filter(anonymised_at__isnull=True):
        with transaction.atomic():
            certificate = issue(registration)
            claimed = Certificate.objects.filter(pk=certificate.pk, emailed_at__isnull=True).update(
                emailed_at=timezone.now()
            )
            if not claimed:
                continue
            _queue(registration, certificate, programme)
            sent += 1
    return sent


def _queue(registration, certificate, programme):
    event = registration.event
    language = registration.language or settings.LANGUAGE_CODE
    with translation.override(language):
        pdf = certificate_pdf(
            attendance(registration, programme), certificate, verification_url(certificate)
        )
    queue_email(
        to=registration.email,
        kind=OutgoingEmail.Kind.CERTIFICATE,
        template="certificate",
        context={
            "registration": registration,
            "event": event,
            "verification_url": verification_url(certificate),
            "code": certificate.code,
            "contact_address": event.contact_address,
        },
        language=language,
        event=event,
        registration=registration,
        booking=registration.booking,
        reply_to=event.contact_address,
        attachments=[
            file_attachment(
                filename=filename(registration), content=pdf, mimetype="application/pdf"
            )
        ],
    )


def events_to_follow_up(now=None):
    """Ended, not cancelled events of the last ``SEND_WITHIN``."""
    now = now or timezone.now()
    return Event.objects.filter(ends_at__lt=now, ends_at__gte=now - SEND_WITHIN).exclude(
        status__in=(Event.Status.CANCELLED, Event.Status.DRAFT)
    )


def verify(code):
    """The certificate with ``code`` (spaces, case and dashes forgiven), or None."""
    compact = re.sub(r"[\s-]", "", str(code)).upper()[:40]
    if len(compact) != 26:
        return None
    formatted = "-".join(compact[index : index + 4] for index in range(0, 26, 4))
    return (
        Certificate.objects.select_related("registration__event__organiser")
        .prefetch_related("registration__day_attendances", "registration__event__co_organisers")
        .filter(code=formatted, registration__status=Registration.Status.ATTENDED)
        .first()
    )
