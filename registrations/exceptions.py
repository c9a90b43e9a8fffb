"""Why a registration service refused: one exception per reason.

Every exception has a ``message`` (translated when it is read, so in the
language of the page that shows it) that can be shown to the user as it is.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext


class RegistrationError(Exception):
    """Base of every refusal of the registration services."""

    default_message = ""

    def __init__(self, message=None):
        self._message = message
        super().__init__(str(message) if message is not None else self.__class__.__name__)

    @property
    def message(self):
        if self._message is not None:
            return str(self._message)
        return str(self.default_message)

    def __str__(self):
        return self.message


def _when(value):
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


class RegistrationClosed(RegistrationError):
    """Registration is not open: not yet, no longer, or the event is cancelled.

    ``reason`` is one of the ``REASONS`` below.
    """

    NOT_PUBLISHED = "not_published"
    CANCELLED = "cancelled"
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"
    ENDED = "ended"
    REASONS = (NOT_PUBLISHED, CANCELLED, NOT_YET_OPEN, CLOSED, ENDED)

    def __init__(self, event, reason=CLOSED):
        self.event = event
        self.reason = reason
        super().__init__()

    @property
    def message(self):
        if self.reason == self.CANCELLED:
            return gettext("The event is cancelled; registration is closed.")
        if self.reason == self.NOT_YET_OPEN and self.event.registration_opens_at:
            return gettext("Registration opens %(when)s.") % {
                "when": _when(self.event.registration_opens_at)
            }
        if self.reason == self.ENDED:
            return gettext("The event has already taken place; registration is closed.")
        if self.reason == self.NOT_PUBLISHED:
            return gettext("The event is not open for registration.")
        return gettext("Registration for this event is closed.")


class EventFull(RegistrationError):
    """No seat (or online place) left and the waiting list is off.

    ``places_left`` is how many places the attendance mode still had when a
    group booking asked for more.
    """

    def __init__(self, event, mode, places_left=0):
        self.event = event
        self.mode = mode
        self.places_left = places_left
        super().__init__()

    @property
    def message(self):
        online = self.mode == "online"
        if self.places_left:
            if online:
                text = ngettext(
                    "Only %(count)d place is left online.",
                    "Only %(count)d places are left online.",
                    self.places_left,
                )
            else:
                text = ngettext(
                    "Only %(count)d seat is left on site.",
                    "Only %(count)d seats are left on site.",
                    self.places_left,
                )
            return text % {"count": self.places_left}
        if online:
            return gettext("There are no online places left.")
        return gettext("The event is fully booked.")


class SessionFull(RegistrationError):
    """A chosen selectable session has no places left (or fewer than asked for).

    ``places_left`` is how many places the session still had when a group
    booking asked for more.
    """

    def __init__(self, session, places_left=0):
        self.session = session
        self.places_left = places_left
        super().__init__()

    @property
    def message(self):
        if self.places_left:
            return ngettext(
                "“%(session)s” has only %(count)d place left. "
                "Choose something else for some of the participants.",
                "“%(session)s” has only %(count)d places left. "
                "Choose something else for some of the participants.",
                self.places_left,
            ) % {"session": self.session.title, "count": self.places_left}
        return gettext("“%(session)s” is fully booked. Please choose something else.") % {
            "session": self.session.title
        }


class AlreadyRegistered(RegistrationError):
    """Every address of a booking already has a registration for the event (not
    cancelled): ``registrations``, in order; ``registration`` is the first.

    For organisers' tools. The public signup must not show the message: it
    answers as for new addresses (registrations.services.register).
    """

    def __init__(self, registrations):
        self.registrations = list(registrations)
        self.registration = self.registrations[0]
        super().__init__()

    @property
    def message(self):
        return gettext(
            "%(email)s is already registered for this event. We have sent the link to "
            "your registration to that address again."
        ) % {"email": self.registration.email}


class CancellationDeadlinePassed(RegistrationError):
    """The attendee may no longer cancel or change the registration."""

    def __init__(self, registration):
        self.registration = registration
        super().__init__()

    @property
    def message(self):
        event = self.registration.event
        deadline = event.cancellation_deadline or event.starts_at
        return gettext(
            "Registrations could be changed or cancelled here until %(when)s. "
            "Please contact the organiser."
        ) % {"when": _when(deadline)}


class InvalidChoice(RegistrationError):
    """A choice that is not allowed: a session, price option or question of
    another event, a missing required answer, invalid invoice details...

    ``field`` names the form field concerned (``None`` for the whole form);
    ``participant`` is the index of the participant in the booking, if any.
    """

    def __init__(self, message, *, field=None, participant=None):
        self.field = field
        self.participant = participant
        super().__init__(message)
