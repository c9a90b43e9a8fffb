"""Signup, confirmation, self-service and the privacy notice."""

from .manage import cancel, manage, resend_link
from .pages import privacy
from .signup import confirmation, signup

__all__ = ["cancel", "confirmation", "manage", "privacy", "resend_link", "signup"]
