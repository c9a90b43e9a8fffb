"""What attendees and organisers are told, and when.

Every function here is called by registrations.services INSIDE the service's
transaction; the e-mails are queued only when that transaction commits
(messaging.services.queue_email). A new booking's e-mails are only recorded
there and written by the worker (messaging.composers). Attendees get their e-mails in the language
they registered in; organisers in the site's default language (Swedish).
"""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from events.models import Event, Session
from messaging.composers import Content, Obsolete, composer
from messaging.models import OutgoingEmail
from messaging.services import calendar_attachment, queue_email, record_emails, render_email

from . import invitations, qr
from .models import Booking, Registration

Kind = OutgoingEmail.Kind
Status = Registration.Status
NOT_CANCELLED = (Status.CONFIRMED, Status.WAITLISTED, Status.ATTENDED)


def booking_created(booking, registrations=None, *, notify_organiser=True):
    """Confirmation to the contact person, one e-mail per participant, notice to organiser
    (unless ``notify_organiser`` is False: the organiser made the booking themselves).

    Someone who books only themselves gets one e-mail (their confirmation, with
    the booking details in it), not two. The e-mails are only recorded here,
    with the booking; the worker writes them (the composers below), so the
    request that books renders none while it holds the event's lock.
    """
    event = booking.event
    if registrations is None:
        registrations = list(booking.registrations.all())
    reply_to = event.contact_address
    emails = [
        OutgoingEmail(
            kind=Kind.WAITLISTED if registration.status == Status.WAITLISTED else Kind.CONFIRMATION,
            to=registration.email,
            language=registration.language,
            reply_to=reply_to,
            event=event,
            registration=registration,
            booking=booking,
            composer=PARTICIPANT,
        )
        for registration in registrations
    ]
    if not _for_self_only(booking, registrations):
        emails.append(
            OutgoingEmail(
                kind=Kind.BOOKING_CONFIRMATION,
                to=booking.contact_email,
                language=booking.language,
                reply_to=reply_to,
                event=event,
                booking=booking,
                composer=BOOKING,
            )
        )
    if notify_organiser:
        emails.append(
            OutgoingEmail(
                kind=Kind.ORGANISER_NOTICE,
                to=reply_to,
                language=settings.LANGUAGE_CODE,
                reply_to=booking.contact_email,
                event=event,
                booking=booking,
                composer=ORGANISER_NOTICE,
            )
        )
    record_emails(emails)


PARTICIPANT = "registrations.participant"
BOOKING = "registrations.booking"
ORGANISER_NOTICE = "registrations.organiser_notice"


@composer(PARTICIPANT)
def _compose_participant(email):
    registration = _recorded_registration(email)
    registrations = list(registration.booking.registrations.all())
    show_booking = _for_self_only(registration.booking, registrations)
    kind, context, attachments = _participant_email(
        registration, show_booking=show_booking, kind=email.kind
    )
    return _content(kind, context, email.language, attachments)


@composer(BOOKING)
def _compose_booking(email):
    booking = _recorded_booking(email)
    registrations = list(_with_details(booking.registrations.all()))
    context = {**_booking_context(booking), "registrations": registrations}
    return _content(email.kind, context, email.language)


@composer(ORGANISER_NOTICE)
def _compose_organiser_notice(email):
    booking = _recorded_booking(email)
    registrations = list(_with_details(booking.registrations.all()))
    return _content(email.kind, _organiser_context(booking, registrations), email.language)


def _recorded_registration(email):
    registration = (
        _with_details(Registration.objects.filter(pk=email.registration_id))
        .exclude(status=Status.CANCELLED)
        .first()
    )
    if registration is None:
        raise Obsolete(gettext("Not sent: the registration was cancelled or erased first."))
    return registration


def _recorded_booking(email):
    booking = (
        Booking.objects.filter(pk=email.booking_id)
        .select_related("event__organiser", "event__venue", "price_option")
        .first()
    )
    if booking is None:
        raise Obsolete(gettext("Not sent: the booking was erased first."))
    return booking


def _content(kind, context, language, attachments=()):
    subject, text, html = render_email(kind, context, language=language)
    return Content(subject, text, html, list(attachments))


def _for_self_only(booking, registrations):
    return len(registrations) == 1 and _same_address(registrations[0].email, booking.contact_email)


def registration_promoted(registration):
    """A waitlisted participant got a seat.

    Sessions that filled up meanwhile (``registration.dropped_sessions``, set by
    the waiting list) are named, so the participant can choose others.
    """
    dropped = list(getattr(registration, "dropped_sessions", []))
    registration = _with_details(Registration.objects.filter(pk=registration.pk)).get()
    context = {**_registration_context(registration), "dropped_sessions": dropped}
    attachments = [_invitation(registration), *_checkin_code(registration, context)]
    _queue(
        Kind.PROMOTED,
        to=registration.email,
        registration=registration,
        context=context,
        attachments=attachments,
    )


def registration_changed(registration):
    """Details or session choices changed.

    Sessions dropped because they do not serve the new attendance mode
    (``registration.dropped_sessions``, set by update_registration) are named.
    A participant with a place gets the calendar invitation again, updated (taking
    part online now, it points online).
    """
    dropped = list(getattr(registration, "dropped_sessions", []))
    registration = _with_details(Registration.objects.filter(pk=registration.pk)).get()
    attachments = [_invitation(registration)] if registration.is_active else []
    _queue(
        Kind.CHANGED,
        to=registration.email,
        registration=registration,
        context={
            **_registration_context(registration),
            "dropped_sessions": dropped,
            "invitation": bool(attachments),
        },
        attachments=attachments,
    )


def registration_cancelled(registration):
    """The registration was cancelled (by the attendee or the organiser, as
    ``registration.cancelled_by_organiser`` says).

    Whoever was sent a calendar invitation also gets its cancellation, which
    removes the event from their calendar.
    """
    was_invited = registration.was_invited
    attachments = [_invitation(registration, method=invitations.CANCEL)] if was_invited else []
    _queue(
        Kind.CANCELLED,
        to=registration.email,
        registration=registration,
        context={
            **_registration_context(registration),
            "was_invited": was_invited,
            "by_organiser": getattr(registration, "cancelled_by_organiser", False),
        },
        attachments=attachments,
    )


def place_handed_over(previous, *, colleague):
    """The participant handed their place to a colleague: ``previous`` is the
    registration as it was (their name, address and link). Their calendar entries
    are cancelled."""
    was_invited = previous.was_invited
    attachments = [_invitation(previous, method=invitations.CANCEL)] if was_invited else []
    _queue(
        Kind.CANCELLED,
        template="handed_over",
        to=previous.email,
        registration=previous,
        context={
            **_registration_context(previous),
            "was_invited": was_invited,
            "colleague": colleague,
        },
        attachments=attachments,
    )


def place_received(registration, *, previous):
    """The colleague who took the place: the confirmation (or waiting-list notice)
    with their own link, invitation and check-in code, saying whose place it was."""
    registration = _with_details(Registration.objects.filter(pk=registration.pk)).get()
    _tell_participant(registration, extra={"handed_over_by": previous.full_name, "booked_by": ""})


def duplicate_signup_attempted(registration):
    """Someone signed up again with an address already registered: resend the link."""
    _queue(
        Kind.DUPLICATE_SIGNUP,
        to=registration.email,
        registration=registration,
        language=translation.get_language() or registration.language,
        context=_registration_context(registration),
    )


def confirmation_resent(registration):
    """The organiser sends a participant's confirmation (or waiting-list notice) again."""
    registration = _with_details(Registration.objects.filter(pk=registration.pk)).get()
    _tell_participant(registration)


def manage_links_requested(*, event, email):
    """'Send me my link again': mail the links of that address, or nothing at all.

    The links are every registration of that address for the event that is not
    cancelled, and every booking it made that still has someone registered.
    """
    address = email.strip()
    registrations = list(
        Registration.objects.filter(
            event=event, email__iexact=address, status__in=NOT_CANCELLED
        ).select_related("booking")
    )
    own = {registration.pk for registration in registrations}
    bookings = [
        booking
        for booking in Booking.objects.filter(event=event, contact_email__iexact=address)
        .prefetch_related("registrations")
        .order_by("created_at")
        if {r.pk for r in booking.registrations.all() if r.status in NOT_CANCELLED} - own
    ]
    if not registrations and not bookings:
        return
    _queue(
        Kind.MANAGE_LINK,
        to=registrations[0].email if registrations else bookings[0].contact_email,
        event=event,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        context={
            **_event_context(event),
            "registrations": [(r, _absolute(r.get_absolute_url())) for r in registrations],
            "bookings": [(b, _absolute(b.get_absolute_url())) for b in bookings],
        },
    )


def events_with_links(email):
    """Events not yet over where ``email`` is registered or made a booking, by date."""
    address = email.strip()
    registered = Registration.objects.filter(email__iexact=address, status__in=NOT_CANCELLED)
    booked = Booking.objects.filter(contact_email__iexact=address)
    return Event.objects.filter(
        Q(pk__in=registered.values("event_id")) | Q(pk__in=booked.values("event_id")),
        ends_at__gte=timezone.now(),
    ).order_by("starts_at", "pk")


def event_cancelled(event, *, message=""):
    """The organiser cancelled the event: tell everyone registered or waiting.

    Call it before the registrations themselves are cancelled (in the same
    transaction): it writes to the confirmed and waitlisted ones.
    ``message`` is the organiser's own explanation, shown as written.
    """
    registrations = _with_details(
        Registration.objects.filter(event=event, status__in=(Status.CONFIRMED, Status.WAITLISTED))
    )
    for registration in registrations:
        was_invited = registration.was_invited
        _queue(
            Kind.EVENT_CANCELLED,
            to=registration.email,
            registration=registration,
            context={
                **_registration_context(registration),
                "message": message,
                "was_invited": was_invited,
            },
            attachments=[_invitation(registration, method=invitations.CANCEL)]
            if was_invited
            else [],
        )


def send_message(*, event, registrations, subject, body):
    """An organiser's own message to some of an event's participants; returns how many.

    ``subject`` and ``body`` (plain text) are sent as written, framed by a
    greeting and the event's manage link in each participant's language.
    """
    count = 0
    for registration in _with_details(registrations.filter(event=event)):
        _queue(
            Kind.MESSAGE,
            to=registration.email,
            registration=registration,
            context={**_registration_context(registration), "subject": subject, "body": body},
        )
        count += 1
    return count


def send_due_reminders(*, now=None):
    """Remind every confirmed participant ``Event.reminder_days_before`` days ahead.

    Run daily (``manage.py send_reminders``). A day missed is caught up the next
    run, as long as the event has not started. Each registration is reminded at
    most once (a database constraint); people who register after the reminder
    day have just had their confirmation and get no reminder. Returns how many
    reminders were queued.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    events = Event.objects.filter(
        status=Event.Status.PUBLISHED, starts_at__gt=now, reminder_days_before__gt=0
    ).select_related("organiser", "venue")
    count = 0
    for event in events:
        remind_on = timezone.localdate(event.starts_at) - dt.timedelta(
            days=event.reminder_days_before
        )
        if today < remind_on:
            continue
        start_of_day = timezone.make_aware(dt.datetime.combine(remind_on, dt.time()))
        due = _with_details(
            Registration.objects.filter(
                event=event, status=Status.CONFIRMED, created_at__lt=start_of_day
            ).exclude(emails__kind=Kind.REMINDER)
        )
        for registration in due:
            count += _remind(registration)
    return count


def _remind(registration):
    try:
        with transaction.atomic():
            _queue(
                Kind.REMINDER,
                to=registration.email,
                registration=registration,
                context=_registration_context(registration),
            )
    except IntegrityError:
        return 0  # reminded meanwhile by another run
    return 1


def _tell_participant(registration, *, show_booking=False, extra=None):
    kind, context, attachments = _participant_email(
        registration, show_booking=show_booking, extra=extra
    )
    _queue(
        kind,
        to=registration.email,
        registration=registration,
        context=context,
        attachments=attachments,
    )


def _participant_email(registration, *, show_booking=False, kind=None, extra=None):
    """(kind, context, attachments) of a participant's confirmation or waiting-list
    notice; ``kind`` as recorded, or by the registration's status; ``extra`` is
    added to the context."""
    context = {**_registration_context(registration), **(extra or {})}
    if show_booking:
        booking = registration.booking
        context.update(booking=booking, booking_url=_absolute(booking.get_absolute_url()))
    if kind is None:
        kind = Kind.WAITLISTED if registration.status == Status.WAITLISTED else Kind.CONFIRMATION
    if kind == Kind.WAITLISTED:
        return kind, context, []
    return kind, context, [_invitation(registration), *_checkin_code(registration, context)]


def _checkin_code(registration, context):
    """The QR code of the reference for the door (none for online participants):
    its attachment, and ``checkin_code`` in the e-mail's context."""
    if context["online"]:
        return []
    code = qr.checkin_code(registration)
    context["checkin_code"] = code
    return [code.attachment]


def _organiser_context(booking, registrations):
    try:
        admin_url = _absolute(reverse("admin:registrations_booking_change", args=[booking.pk]))
    except NoReverseMatch:
        admin_url = ""
    counts = Registration.objects.filter(event=booking.event).seat_counts()
    return {
        **_booking_context(booking),
        "registrations": registrations,
        "admin_url": admin_url,
        "confirmed_on_site": counts["active"]["on_site"],
        "confirmed_online": counts["active"]["online"],
        "waitlisted": sum(counts["waitlisted"].values()),
    }


def _queue(
    kind, *, to, context, registration=None, booking=None, event=None, template=None, **options
):
    """Queue ``kind`` rendered from templates/emails/<template or kind>*; attendees'
    replies go to the event's contact address."""
    event = event or (registration or booking).event
    if registration is not None:
        options.setdefault("language", registration.language)
        booking = booking or registration.booking
    options.setdefault("reply_to", event.contact_address)
    return queue_email(
        to=to,
        kind=kind,
        template=template or kind,
        context=context,
        event=event,
        registration=registration,
        booking=booking,
        **options,
    )


def _with_details(registrations):
    return (
        registrations.select_related("event__organiser", "event__venue", "booking__price_option")
        .prefetch_related(
            "sessions",
            "answers__question",
            Prefetch("event__sessions", queryset=Session.objects.times()),
        )
        .with_waitlist_position()
    )


def _event_context(event):
    return {
        "event": event,
        "event_url": _absolute(event.get_absolute_url()),
        "venue": event.venue if event.has_on_site else None,
        "contact_address": event.contact_address,
        "show_attendance": event.format == Event.Format.HYBRID,
    }


def _registration_context(registration):
    event = registration.event
    context = _event_context(event)
    online = registration.attends_online
    booking = registration.booking
    context.update(
        {
            "registration": registration,
            "manage_url": _absolute(registration.get_absolute_url()),
            "online": online,
            "venue": None if online else context["venue"],
            "sessions": list(registration.sessions.all()),
            "answers": sorted(
                registration.answers.all(), key=lambda a: (a.question.order, a.question.pk)
            ),
            "booked_by": ""
            if _same_address(registration.email, booking.contact_email)
            else booking.contact_name,
        }
    )
    return context


def _booking_context(booking):
    return {
        **_event_context(booking.event),
        "booking": booking,
        "booking_url": _absolute(booking.get_absolute_url()),
    }


def _invitation(registration, *, method=invitations.REQUEST):
    """The participant's calendar invitation (or its cancellation) as an attachment.

    Each one sent has a higher SEQUENCE than the one before, stored on the
    registration, so calendars take it over what they have.
    """
    rows = Registration.objects.filter(pk=registration.pk)
    if registration.calendar_uid:
        rows.update(calendar_sequence=F("calendar_sequence") + 1)
        registration.calendar_sequence = rows.values_list("calendar_sequence", flat=True).get()
    else:
        registration.calendar_uid = invitations.new_uid_base(registration)
        registration.calendar_sequence = 0
        rows.update(calendar_uid=registration.calendar_uid, calendar_sequence=0)
    with translation.override(registration.language):
        ics = invitations.invitation_ics(
            registration, sequence=registration.calendar_sequence, method=method
        )
    return calendar_attachment(ics, method=method, filename=f"{registration.event.slug}.ics")


def _absolute(path):
    return f"{settings.SITE_URL}{path}"


def _same_address(first, second):
    return first.strip().lower() == second.strip().lower()
