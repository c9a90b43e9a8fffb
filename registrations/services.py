"""Every write to registrations: signup, waiting list, changes, cancellation.

Keyword-only functions, one transaction each, domain exceptions from
``registrations.exceptions``. Capacity is decided while the event row is
locked (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the IMMEDIATE
transactions of the settings take the database write lock at BEGIN), so all
writes for one event are serialised and no count can go stale before it is used.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from . import notifications  # noqa: F401
from .models import Booking, Registration


@dataclass(frozen=True)
class ParticipantData:
    first_name: str
    last_name: str
    email: str
    organisation: str
    role: str = ""
    phone: str = ""
    municipality_code: str = ""
    dietary_needs: str = ""
    accessibility_needs: str = ""
    attendance_mode: str = "on_site"
    session_ids: tuple[int, ...] = ()
    answers: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class InvoiceData:
    organisation: str
    organisation_number: str
    address: str
    reference: str = ""
    peppol_id: str = ""


def register(
    *,
    event,
    contact_name,
    contact_email,
    contact_phone="",
    participants,
    price_option=None,
    invoice=None,
    language="sv",
    submission_key=None,
    consent_at,
) -> Booking:
    raise NotImplementedError


def cancel_registration(*, registration, by_organiser=False) -> Registration:
    raise NotImplementedError


def cancel_booking(*, booking, by_organiser=False) -> list[Registration]:
    raise NotImplementedError


def update_registration(*, registration, changes, by_organiser=False) -> Registration:
    raise NotImplementedError


def promote_waitlisted(*, event) -> list[Registration]:
    raise NotImplementedError


def confirm_registration(*, registration, override_capacity=False) -> Registration:
    raise NotImplementedError


def mark_attended(*, registration) -> Registration:
    raise NotImplementedError


def unmark_attended(*, registration) -> Registration:
    raise NotImplementedError


def request_manage_links(*, event, email) -> None:
    raise NotImplementedError
