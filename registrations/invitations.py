"""One participant's calendar invitation and its cancellation (iTIP, RFC 5546).

An invitation (METHOD:REQUEST) has one entry per day of the event
(events.calendar.event_days, each day's hours those of the sessions the
participant takes part in: every one not chosen at signup, and the ones they
chose), with UIDs of the participant's own, the event's
contact person as ORGANIZER and the participant as ATTENDEE (accepted, no reply
asked: the registration is the answer). Someone taking part online finds the
online details where the venue would be. A cancellation (METHOD:CANCEL) has the
same UIDs with a higher SEQUENCE, which removes the entries from the calendar.

Pure functions of the model objects: ``registration.event`` with its organiser,
venue and (for several days) sessions, and the registration's chosen sessions;
``sequence`` is chosen by the caller
(registrations.notifications), which stores it.
"""

from events import calendar

REQUEST, CANCEL = "REQUEST", "CANCEL"


def new_uid_base(registration):
    """The part of the UIDs that is the participant's own (kept on the registration)."""
    return f"registration-{registration.reference}"


def invitation_ics(registration, *, sequence, method=REQUEST):
    """The invitation (``method=REQUEST``) or its cancellation (``CANCEL``), as bytes."""
    event = registration.event
    if registration.attends_online:
        location, details = calendar.online_location(event), event.online_details
    else:
        location, details = calendar.venue_location(event), ""
    chosen = {session.pk for session in registration.sessions.all()}
    cal = calendar.calendar(method=method)
    for item in calendar.entries(
        event,
        uid_base=registration.calendar_uid,
        location=location,
        details=details,
        status="CANCELLED" if method == CANCEL else "CONFIRMED",
        attends=lambda session: not session.selectable or session.pk in chosen,
    ):
        item.add("sequence", sequence)
        attendee = {"cn": registration.full_name, "cutype": "INDIVIDUAL", "role": "REQ-PARTICIPANT"}
        if method == REQUEST:
            attendee.update(partstat="ACCEPTED", rsvp="FALSE")
        item.add("attendee", f"mailto:{registration.email}", parameters=attendee)
        cal.add_component(item)
    return cal.to_ical()
