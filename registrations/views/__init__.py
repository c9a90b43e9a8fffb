"""Signup, confirmation, self-service and the privacy notice."""

from .manage import cancel, hand_over, manage, resend_link, resend_links
from .pages import privacy
from .signup import signup, signup_sent

__all__ = [
    "cancel",
    "hand_over",
    "manage",
    "privacy",
    "resend_link",
    "resend_links",
    "signup",
    "signup_sent",
]
