"""Forms of the signup and self-service pages."""

from .booking import BookingForm, ContactForm, ResendLinkForm
from .options import SignupOptions
from .participant import MAX_PARTICIPANTS, ParticipantForm, ParticipantFormSet
from .signup import SignupForms

__all__ = [
    "MAX_PARTICIPANTS",
    "BookingForm",
    "ContactForm",
    "ParticipantForm",
    "ParticipantFormSet",
    "ResendLinkForm",
    "SignupForms",
    "SignupOptions",
]
