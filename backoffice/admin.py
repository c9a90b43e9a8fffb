"""The admin pages of every app, registered on the admin site when it starts."""

from . import (  # noqa: F401
    email_log,
    event_admin,
    followup_admin,
    invoicing_admin,
    registration_admin,
)
