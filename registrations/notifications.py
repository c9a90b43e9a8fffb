"""What attendees and organisers are told, and when.

Every function here is called by registrations.services INSIDE the service's
transaction; the e-mails are queued only when that transaction commits.
"""


def booking_created(booking):
    """Confirmation to the contact person, one e-mail per participant, notice to organiser."""


def registration_promoted(registration):
    """A waitlisted participant got a seat."""


def registration_changed(registration):
    """Details or session choices changed."""


def registration_cancelled(registration):
    """The registration was cancelled (by the attendee or the organiser)."""


def duplicate_signup_attempted(registration):
    """Someone signed up again with an address already registered: resend the link."""


def manage_links_requested(*, event, email):
    """'Send me my link again': mail the links of that address, or nothing at all."""
