"""Privacy by design (GDPR): how long personal data of registrations is kept,
what is left of it afterwards, and a person's rights of access and erasure.

Retention (``anonymise_due``, run daily by ``manage.py anonymise_registrations``):

- PRIVACY_SENSITIVE_RETENTION_DAYS after an event ends, dietary and
  accessibility needs (possibly health data) are deleted, and so are the texts
  of the e-mails about the event, which quote them. What was sent to whom and
  when stays visible in the e-mail log until the rest goes.
- PRIVACY_RETENTION_DAYS after an event ends, its registrations and bookings
  are anonymised and its e-mails deleted.

What anonymisation keeps, for statistics: the event, status, attendance mode,
chosen sessions, language, timestamps (registered, cancelled, checked in), the
municipality or region code, the booking's price option, and the organisation
only when it is a Swedish municipality or region (its official name then: a
public body's name is not personal data, while a sole trader's firm or a small
association may identify someone). Public-sector invoice details (organisation
number starting with 2, its address and Peppol ID) stay for the accounts; other
invoice details go. Everything else that can point to a person goes: names,
e-mail addresses (replaced by ``anonymised-<id>@anonymised.invalid``, unique and
undeliverable), phone numbers, roles, answers to the organiser's questions (the
privacy notice promises it; a choice can reveal as much as free text), the
buyer's reference, submission keys, and the manage links (new random tokens, so
old links lead nowhere). The admin's history keeps its entries, named by
reference instead of by name.

Access and erasure on request (``export_personal_data``, ``erase_personal_data``;
``manage.py personal_data``; the admin's privacy page wires the same functions) are
limited to the events of the organisers given: each organiser is controller of
its own registrations only. Each request is logged (``record_request``,
registrations/privacy_requests.py) with who, when and what, and a keyed hash of the address
instead of the address itself (``email_fingerprint``).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from events.models import Event
from messaging.models import OutgoingEmail

from . import handover, reference_data, services
from .models import Answer, Booking, Registration, new_manage_token
from .validators import is_public_sector

ANONYMISED_DOMAIN = "anonymised.invalid"  # RFC 2606: never delivered
BATCH = 500
NOT_SENT = "Not sent: the retention period of the event's personal data has passed."


@dataclass
class AnonymisationResult:
    sensitive_cleared: int = 0  # registrations whose dietary/accessibility needs were deleted
    emails_blanked: int = 0
    registrations: int = 0
    bookings: int = 0
    emails_deleted: int = 0


@dataclass
class ErasureResult:
    registrations: int = 0
    cancelled: int = 0  # active or waitlisted registrations cancelled first (seat freed)
    bookings: int = 0
    emails_deleted: int = 0
    emails_blanked: int = 0


def anonymise_due(*, now=None, dry_run=False) -> AnonymisationResult:
    """Apply both retention periods to every event that ended long enough ago.

    Idempotent: what is done already is not done again. With ``dry_run`` the
    same work is done and rolled back: the counts say what would change, and
    nothing does.
    """
    now = now or timezone.now()
    sensitive_after = dt.timedelta(days=settings.PRIVACY_SENSITIVE_RETENTION_DAYS)
    retention = dt.timedelta(days=settings.PRIVACY_RETENTION_DAYS)
    result = AnonymisationResult()
    with transaction.atomic():
        sensitive_events = Event.objects.filter(ends_at__lt=now - sensitive_after)
        result.sensitive_cleared = (
            Registration.objects.filter(event__in=sensitive_events)
            .filter(~Q(dietary_needs="") | ~Q(accessibility_needs=""))
            .update(dietary_needs="", accessibility_needs="", updated_at=now)
        )
        result.emails_blanked = _blank_emails(_emails_of_events(sensitive_events))

        expired_events = Event.objects.filter(ends_at__lt=now - retention)
        result.registrations = _anonymise_registrations(
            Registration.objects.filter(event__in=expired_events), now=now
        )
        result.bookings = _anonymise_bookings(
            Booking.objects.filter(event__in=expired_events), now=now
        )
        result.emails_deleted, _ = _emails_of_events(expired_events).delete()
        if dry_run:
            transaction.set_rollback(True)
    return result


def events_due(*, now=None):
    """(events past the sensitive-data period, events past the full period) whose
    registrations still hold what those periods remove: what ``anonymise_due``
    would work on."""
    now = now or timezone.now()
    sensitive_after = dt.timedelta(days=settings.PRIVACY_SENSITIVE_RETENTION_DAYS)
    retention = dt.timedelta(days=settings.PRIVACY_RETENTION_DAYS)
    holding_sensitive = Registration.objects.filter(
        ~Q(dietary_needs="") | ~Q(accessibility_needs="")
    ).values("event_id")
    sensitive = Event.objects.filter(
        ends_at__lt=now - sensitive_after, pk__in=holding_sensitive
    ).order_by("ends_at", "pk")
    not_anonymised = Registration.objects.filter(anonymised_at__isnull=True).values("event_id")
    expired = Event.objects.filter(ends_at__lt=now - retention, pk__in=not_anonymised).order_by(
        "ends_at", "pk"
    )
    return list(sensitive), list(expired)


def export_personal_data(*, email, organisers) -> dict:
    """Everything stored about the person with this e-mail address in the events
    of these organisers (right of access, GDPR art. 15), JSON-serialisable:
    their registrations with answers and chosen sessions, the bookings they made
    as contact person, and the e-mails sent to them."""
    address = _normalise(email)
    registrations = (
        _registrations_of(address, organisers)
        .select_related("event__organiser", "booking")
        .prefetch_related("sessions", "answers__question", "day_attendances")
        .order_by("created_at", "pk")
    )
    bookings = (
        _bookings_of(address, organisers)
        .select_related("event__organiser", "price_option")
        .prefetch_related("registrations")
        .order_by("created_at", "pk")
    )
    emails = _emails_to(address, organisers).select_related("event").order_by("created_at", "pk")
    return {
        "email": address,
        "organisers": sorted(organiser.name for organiser in organisers),
        "exported_at": timezone.now().isoformat(),
        "registrations": [_registration_record(r) for r in registrations],
        "bookings": [_booking_record(b) for b in bookings],
        "emails": [_email_record(e) for e in emails],
    }


def erase_personal_data(*, email, organisers, now=None) -> ErasureResult:
    """Erase the person with this e-mail address from the events of these
    organisers (right to erasure, GDPR art. 17).

    Their registrations are anonymised as after the retention period; one that
    still holds a seat or a waiting-list place for an event that has not ended is
    cancelled first, so the place goes to the next in line (the cancellation
    e-mail is not sent: it is erased with the rest). Bookings they made as
    contact person lose the contact details; the other participants of such a
    booking keep theirs. E-mails to them are deleted, and the texts of e-mails
    to others that list them (the booking's confirmation and the organiser's
    notice) are blanked.
    """
    now = now or timezone.now()
    address = _normalise(email)
    result = ErasureResult()
    if not address:
        return result
    with transaction.atomic():
        registrations = list(
            _registrations_of(address, organisers)
            .filter(anonymised_at__isnull=True)
            .select_related("event")
        )
        for registration in registrations:
            if registration.status != Registration.Status.CANCELLED and (
                registration.event.ends_at > now
            ):
                services.cancel_registration(registration=registration, by_organiser=True)
                result.cancelled += 1
        registration_ids = [registration.pk for registration in registrations]
        booking_ids = list(
            _bookings_of(address, organisers)
            .filter(anonymised_at__isnull=True)
            .values_list("pk", flat=True)
        )
        shared_bookings = {registration.booking_id for registration in registrations}
        # E-mails about a whole booking (to its contact person, the organiser's
        # notice) have no registration; each participant's own e-mail has one.
        result.emails_deleted, _ = OutgoingEmail.objects.filter(
            Q(registration_id__in=registration_ids)
            | Q(booking_id__in=booking_ids, registration__isnull=True)
            | Q(to__iexact=address, event__organiser__in=organisers)
        ).delete()
        result.emails_blanked = _blank_emails(
            OutgoingEmail.objects.filter(booking_id__in=shared_bookings, registration__isnull=True)
        )
        result.registrations = _anonymise_registrations(
            Registration.objects.filter(pk__in=registration_ids), now=now
        )
        result.bookings = _anonymise_bookings(Booking.objects.filter(pk__in=booking_ids), now=now)
    return result


# Selection


def _normalise(email):
    return (email or "").strip().lower()


def _registrations_of(address, organisers):
    return Registration.objects.filter(email__iexact=address, event__organiser__in=organisers)


def _bookings_of(address, organisers):
    return Booking.objects.filter(contact_email__iexact=address, event__organiser__in=organisers)


def _emails_to(address, organisers):
    return OutgoingEmail.objects.filter(to__iexact=address, event__organiser__in=organisers)


def _emails_of_events(events):
    return OutgoingEmail.objects.filter(
        Q(event__in=events) | Q(registration__event__in=events) | Q(booking__event__in=events)
    )


# Anonymisation


def _blank_emails(emails):
    """Delete the texts (and attachments) of these e-mails; one still waiting to
    be sent is given up rather than sent empty."""
    emails = emails.filter(~Q(body_text="") | ~Q(body_html="") | ~Q(composer=""))
    emails.filter(status__in=(OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.SENDING)).update(
        status=OutgoingEmail.Status.FAILED, last_error=NOT_SENT
    )
    return emails.update(body_text="", body_html="", attachments=[], composer="")


def _anonymise_registrations(queryset, *, now):
    """Anonymise the registrations of ``queryset`` not anonymised yet; returns how many."""
    rows = list(queryset.filter(anonymised_at__isnull=True).only("pk", "organisation", "reference"))
    for registration in rows:
        organisation = reference_data.find_organisation(registration.organisation)
        registration.first_name = ""
        registration.last_name = ""
        registration.email = f"anonymised-{registration.pk}@{ANONYMISED_DOMAIN}"
        registration.organisation = organisation.name if organisation else ""
        registration.role = ""
        registration.phone = ""
        registration.dietary_needs = ""
        registration.accessibility_needs = ""
        registration.manage_token = new_manage_token()
        registration.anonymised_at = now
        registration.updated_at = now
    Registration.objects.bulk_update(
        rows,
        [
            "first_name",
            "last_name",
            "email",
            "organisation",
            "role",
            "phone",
            "dietary_needs",
            "accessibility_needs",
            "manage_token",
            "anonymised_at",
            "updated_at",
        ],
        batch_size=BATCH,
    )
    ids = [registration.pk for registration in rows]
    for start in range(0, len(ids), BATCH):
        Answer.objects.filter(registration_id__in=ids[start : start + BATCH]).delete()
    _rename_history(Registration, rows)
    return len(rows)


def _anonymise_bookings(queryset, *, now):
    """Anonymise the bookings of ``queryset`` not anonymised yet; returns how many."""
    rows = list(queryset.filter(anonymised_at__isnull=True))
    for booking in rows:
        booking.contact_name = ""
        booking.contact_email = f"anonymised-booking-{booking.pk}@{ANONYMISED_DOMAIN}"
        booking.contact_phone = ""
        if not is_public_sector(booking.invoice_organisation_number):
            # A sole trader's organisation number is their personal identity number.
            booking.invoice_organisation = ""
            booking.invoice_organisation_number = ""
            booking.invoice_address = ""
            booking.invoice_peppol_id = ""
        booking.invoice_reference = ""
        booking.submission_key = None
        booking.manage_token = new_manage_token()
        booking.anonymised_at = now
    Booking.objects.bulk_update(
        rows,
        [
            "contact_name",
            "contact_email",
            "contact_phone",
            "invoice_organisation",
            "invoice_organisation_number",
            "invoice_address",
            "invoice_peppol_id",
            "invoice_reference",
            "submission_key",
            "manage_token",
            "anonymised_at",
        ],
        batch_size=BATCH,
    )
    _rename_history(Booking, rows)
    return len(rows)


def _rename_history(model, rows):
    """The admin's history names objects as they were (a person's name): name
    them by their reference instead. A place handed to a colleague names both
    people: that entry keeps only that it happened."""
    content_type = ContentType.objects.get_for_model(model)
    references = {str(obj.pk): obj.reference for obj in rows}
    ids = list(references)
    for start in range(0, len(ids), BATCH):
        entries = list(
            LogEntry.objects.filter(
                content_type=content_type, object_id__in=ids[start : start + BATCH]
            ).only("pk", "object_id", "change_message")
        )
        for entry in entries:
            entry.object_repr = references[entry.object_id]
            entry.change_message = handover.history_without_names(entry.change_message)
        LogEntry.objects.bulk_update(entries, ["object_repr", "change_message"])


# Records of the access export


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def _event_record(event):
    return {
        "title": event.title,
        "starts_at": _iso(event.starts_at),
        "ends_at": _iso(event.ends_at),
        "organiser": event.organiser.name,
    }


def _registration_record(registration):
    return {
        "reference": registration.reference,
        "event": _event_record(registration.event),
        "booking_reference": registration.booking.reference,
        "status": registration.status,
        "status_before_cancellation": registration.status_before_cancellation,
        "cancellation_reason": registration.cancellation_reason,
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "email": registration.email,
        "phone": registration.phone,
        "organisation": registration.organisation,
        "municipality_code": registration.municipality_code,
        "role": registration.role,
        "dietary_needs": registration.dietary_needs,
        "accessibility_needs": registration.accessibility_needs,
        "attendance_mode": registration.attendance_mode,
        "sessions": [session.title for session in registration.sessions.all()],
        "answers": [
            {"question": answer.question.text, "answer": answer.value}
            for answer in registration.answers.all()
        ],
        "language": registration.language,
        "registered_at": _iso(registration.created_at),
        "updated_at": _iso(registration.updated_at),
        "waitlisted_at": _iso(registration.waitlisted_at),
        "cancelled_at": _iso(registration.cancelled_at),
        "checked_in_at": _iso(registration.checked_in_at),
        "checked_in_per_day": [
            {"day": row.day.isoformat(), "checked_in_at": _iso(row.checked_in_at)}
            for row in registration.day_attendances.all()
        ],
        "anonymised_at": _iso(registration.anonymised_at),
    }


def _booking_record(booking):
    return {
        "reference": booking.reference,
        "event": _event_record(booking.event),
        "contact_name": booking.contact_name,
        "contact_email": booking.contact_email,
        "contact_phone": booking.contact_phone,
        "participants": [r.reference for r in booking.registrations.all()],
        "price_option": str(booking.price_option) if booking.price_option else None,
        "invoice_organisation": booking.invoice_organisation,
        "invoice_organisation_number": booking.invoice_organisation_number,
        "invoice_address": booking.invoice_address,
        "invoice_reference": booking.invoice_reference,
        "invoice_peppol_id": booking.invoice_peppol_id,
        "privacy_notice_accepted_at": _iso(booking.consent_at),
        "created_at": _iso(booking.created_at),
        "anonymised_at": _iso(booking.anonymised_at),
    }


def _email_record(email):
    return {
        "to": email.to,
        "subject": email.subject,
        "kind": email.kind,
        "status": email.status,
        "event": email.event.title if email.event else None,
        "created_at": _iso(email.created_at),
        "sent_at": _iso(email.sent_at),
        "text": email.body_text,
    }
