"""What the signup and self-service pages read, with their joins built in.

Each function makes a fixed number of queries, however many sessions,
questions or participants there are.
"""

import re

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from events.models import Event, Session
from registrations.models import Booking, Registration

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}\Z")


def _selectable_sessions():
    """Selectable sessions with ``places_taken``: active registrations that chose them."""
    # A grouped query drops Meta.ordering on PostgreSQL: order explicitly.
    return (
        Session.objects.filter(selectable=True)
        .annotate(
            places_taken=Count(
                "registrations", filter=Q(registrations__status__in=Registration.ACTIVE)
            )
        )
        .order_by("starts_at", "room", "title")
    )


def events_for_signup():
    """Events with what SignupOptions.from_event needs (published or not)."""
    return (
        Event.objects.for_listing()
        .with_online_places_taken()
        .prefetch_related(
            Prefetch("sessions", queryset=_selectable_sessions(), to_attr="selectable_sessions"),
            "questions",
            "price_options",
            "co_organisers",
        )
    )


def event_for_signup(slug):
    """A published (or cancelled) event for its signup page; drafts are not found."""
    try:
        return events_for_signup().published().get(slug=slug)
    except Event.DoesNotExist as error:
        raise Http404 from error


def _registrations():
    return Registration.objects.with_waitlist_position().prefetch_related("sessions", "answers")


def registration_by_token(token):
    """The registration whose manage link this is, or None."""
    return (
        _registrations()
        .select_related("booking__price_option", "event__venue", "event__organiser")
        .prefetch_related("event__co_organisers")
        .filter(manage_token=token)
        .first()
    )


def booking_by_token(token):
    """The booking whose manage link this is, with its participants, or None."""
    return (
        Booking.objects.select_related("event__venue", "event__organiser", "price_option")
        .prefetch_related(
            "event__co_organisers",
            Prefetch("registrations", queryset=_registrations().order_by("pk")),
        )
        .filter(manage_token=token)
        .first()
    )


def by_token(token):
    """``(registration, booking)`` for a manage link; ``(None, None)`` for an
    unknown or malformed one.

    A registration's link gives that registration (and its booking); the
    booking's link (the contact person's) gives the booking only.
    """
    if not TOKEN.match(token):
        return None, None
    registration = registration_by_token(token)
    if registration is not None:
        return registration, registration.booking
    return None, booking_by_token(token)
