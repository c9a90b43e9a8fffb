"""The blank signup form, rendered once per event, language and availability.

Rendering the form (every field through crispy-forms) is most of the cost of
its page. A visitor who is not logged in and opens the form without a query
string gets it from the cache; only the parts that are theirs are filled in per
request: the CSRF token (``get_token``, which also sets the cookie) and a new
submission key. The key holds everything the form shows that can change: the
event row's ``updated_at``, whether each attendance mode is full, the places
left per session, the questions and price options, why registration is closed, the
language. Anything else shows within ``TIMEOUT`` seconds.
"""

import hashlib

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils import translation

from registrations.forms.booking import new_submission_key

from .common import closed_message

TIMEOUT = 60  # seconds
PREFIX = "signup-form"
CSRF_PLACEHOLDER = "csrf0placeholder0for0the0cached0signup0form"
KEY_PLACEHOLDER = "submission0key0placeholder0for0the0cached0form"


def key(options):
    event = options.event
    parts = (
        event.pk,
        event.updated_at.isoformat(),
        event.registration_state,
        closed_message(event),
        # The form says only whether a mode is full, not how many places are left.
        sorted((mode, left == 0) for mode, left in options.places_left.items()),
        [(option.pk, option.places_left) for option in options.sessions],
        [(q.pk, q.kind, q.text, q.help_text, q.choices, q.required) for q in options.questions],
        [(p.pk, p.name, str(p.amount)) for p in options.price_options],
        translation.get_language(),
    )
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
    return f"{PREFIX}:{event.pk}:{digest}"


def get(options):
    return cache.get(key(options))


def store(options, content):
    cache.set(key(options), content, TIMEOUT)


def personalise(request, content):
    """The cached page with this visitor's CSRF token and a new submission key."""
    return content.replace(CSRF_PLACEHOLDER, get_token(request)).replace(
        KEY_PLACEHOLDER, new_submission_key()
    )
