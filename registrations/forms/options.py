"""What an event offers in its signup form, read once per request.

The form classes build their fields from a SignupOptions, so a page with
many participants, sessions and questions makes the same few queries.
"""

from dataclasses import dataclass, field

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.formatting import time_range
from events.models import ServedModes
from registrations.inputs import event_days


@dataclass(frozen=True)
class SessionOption:
    session: object
    places_left: int | None  # None: no limit

    @property
    def pk(self):
        return self.session.pk

    @property
    def is_full(self):
        return self.places_left == 0

    def label(self, *, show_day, modes):
        """Time, title and room; whether it serves only one of ``modes`` (the event's
        attendance modes); how many places are left."""
        session = self.session
        when = time_range(session.starts_at, session.ends_at)
        if show_day:
            when = f"{dateformat.format(timezone.localtime(session.starts_at), 'D j M')} {when}"
        parts = [f"{when} {session.title}"]
        if session.room:
            parts[0] += f" ({session.room})"
        if not all(session.serves(mode) for mode in modes):
            if session.attendance_mode == ServedModes.ON_SITE:
                parts.append(_("not streamed, on site only"))
            else:
                parts.append(_("online only"))
        if self.places_left == 0:
            parts.append(_("Full"))
        elif self.places_left is not None:
            parts.append(
                ngettext("%(count)d place left", "%(count)d places left", self.places_left)
                % {"count": self.places_left}
            )
        return " – ".join(parts)


@dataclass(frozen=True)
class SignupOptions:
    """The event with its modes, selectable sessions, questions and price options.

    Build it with ``from_event`` on an event read by
    ``registrations.views.queries.event_for_signup`` (prefetched and annotated).
    """

    event: object
    modes: tuple[str, ...]
    places_left: dict = field(default_factory=dict)  # mode -> int | None
    sessions: tuple[SessionOption, ...] = ()
    questions: tuple = ()
    price_options: tuple = ()

    @classmethod
    def from_event(cls, event):
        modes = tuple(event.attendance_modes)
        sessions = tuple(
            SessionOption(
                session,
                None
                if session.capacity is None
                else max(session.capacity - session.places_taken, 0),
            )
            for session in event.selectable_sessions
        )
        return cls(
            event=event,
            modes=modes,
            places_left={mode: event.places_left(mode) for mode in modes},
            sessions=sessions,
            questions=tuple(event.questions.all()),
            price_options=tuple(event.price_options.all()),
        )

    @property
    def is_hybrid(self):
        return len(self.modes) > 1

    @property
    def default_mode(self):
        return self.modes[0] if self.modes else "on_site"

    @property
    def has_fee(self):
        return any(option.amount > 0 for option in self.price_options)

    @property
    def sessions_span_days(self):
        days = {timezone.localdate(option.session.starts_at) for option in self.sessions}
        return len(days) > 1

    def session(self, pk):
        for option in self.sessions:
            if option.pk == pk:
                return option.session
        return None

    @property
    def per_participant_prices(self):
        """Participants of one booking may have different prices."""
        return len(self.price_options) > 1

    @property
    def one_day_days(self):
        """The days to choose from with a one-day price (none for a one-day event)."""
        if not any(option.one_day for option in self.price_options):
            return ()
        days = event_days(self.event)
        return tuple(days) if len(days) > 1 else ()

    def price_option(self, pk):
        for option in self.price_options:
            if option.pk == pk:
                return option
        return None
