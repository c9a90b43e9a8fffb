"""Calls of the registration services as the tests make them (shared by the service tests)."""

from django.utils import timezone

from registrations.services import ParticipantData, register


def person(n=1, **fields):
    """A participant numbered ``n``: Karin Lind<n>, karin<n>@kinda.se."""
    data = {
        "first_name": "Karin",
        "last_name": f"Lind{n}",
        "email": f"karin{n}@kinda.se",
        "organisation": "Kinda kommun",
    }
    return ParticipantData(**{**data, **fields})


def signup(event, *people, **arguments):
    """services.register of ``people`` (one person by default) by Karin Lind."""
    defaults = {
        "contact_name": "Karin Lind",
        "contact_email": "karin1@kinda.se",
        "consent_at": timezone.now(),
    }
    return register(event=event, participants=people or [person()], **{**defaults, **arguments})


def changes(registration, **fields):
    """The registration's details as they are, with ``fields`` changed."""
    data = {
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "email": registration.email,
        "organisation": registration.organisation,
        "attendance_mode": registration.attendance_mode,
        "session_ids": tuple(registration.sessions.values_list("pk", flat=True)),
    }
    return ParticipantData(**{**data, **fields})
