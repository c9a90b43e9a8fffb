"""A registration's history in the admin (Django's LogEntry) for what happens outside
the admin's forms and actions: check-ins at the door and automatic promotions from
the waiting list.

LogEntry needs a user. Changes nobody made by hand (the first in line gets the
place someone freed by cancelling from their link) are written as the user
``anmalan``, made on first use: it is inactive and has no password, so nobody
can log in as it. Entries are written in the site's language (Swedish), as the
organisers read them, whatever the language of the request that caused them.
"""

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import translation

SYSTEM_USERNAME = "anmalan"


def system_user():
    """The user that automatic changes are written as."""
    user, _created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"first_name": "Automatiskt", "is_active": False, "password": make_password(None)},
    )
    return user


def record(registrations, message, *, user=None):
    """Add ``message`` to the history of each of ``registrations``, as ``user``
    (or, for changes nobody made by hand, as the system user)."""
    if not registrations:
        return
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
    LogEntry.objects.log_actions(
        user_id=(user or system_user()).pk,
        queryset=registrations,
        action_flag=CHANGE,
        change_message=text,
    )
