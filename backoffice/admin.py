"""The admin pages of every app, registered on the admin site when it starts."""

from . import email_log, event_admin, registration_admin  # noqa: F401
