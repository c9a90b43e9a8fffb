"""The log of requests about one person's data (right of access and erasure):
who searched, exported or erased, when, for which organiser, and what was found
or done. The address itself is not stored, only a keyed hash of it
(``email_fingerprint``): typed again, the same address finds its entries.
"""

import json
from dataclasses import asdict

from django.utils.crypto import salted_hmac

from .models import PrivacyRequest


def _normalise(email):
    return (email or "").strip().lower()


def as_json(data):
    """The access export as text: what ``manage.py personal_data --export`` prints
    and the admin's privacy page downloads."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def email_fingerprint(email):
    """A keyed hash (HMAC-SHA256 with SECRET_KEY) of the normalised address: the
    same address gives the same value, and the value gives nobody the address."""
    return salted_hmac("anmalan.privacy-request", _normalise(email), algorithm="sha256").hexdigest()


def record_request(*, organiser, action, email, user=None, done_by="", summary=None):
    """Log one request about a person's data (PrivacyRequest)."""
    if user is not None and not done_by:
        done_by = user.get_username()
    return PrivacyRequest.objects.create(
        organiser=organiser,
        action=action,
        email_hash=email_fingerprint(email),
        user=user,
        done_by=done_by[:150],
        summary=summary or {},
    )


def export_summary(data):
    """Counts of what an access export holds, for the request log."""
    return {key: len(data[key]) for key in ("registrations", "bookings", "emails")}


def erasure_summary(result):
    return asdict(result)
