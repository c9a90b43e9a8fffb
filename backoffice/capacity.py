"""A capacity saved in the admin (an event's or a session's): the waiting list is
served in the same transaction, and the organiser is told what happened
(backoffice.event_admin calls ``capacity_saved`` after saving)."""

from django.contrib import messages
from django.utils.translation import gettext, ngettext

from registrations import services
from registrations.models import Registration

EVENT_FIELDS = frozenset({"capacity", "online_capacity"})
SESSION_FIELDS = frozenset({"capacity", "selectable"})


def capacity_edited(form, session_formsets=()):
    """Whether the saved event form (or session form), or one of the sessions
    inline, changed a capacity."""
    if (EVENT_FIELDS | SESSION_FIELDS) & set(form.changed_data):
        return True
    return any(
        SESSION_FIELDS & set(session_form.changed_data)
        for formset in session_formsets
        for session_form in formset.forms
    )


def capacity_saved(modeladmin, request, event):
    """Confirm the first in line where places are free, and warn of overbooking."""
    change = services.capacity_changed(event=event, by=request.user)
    if change.promoted:
        count = len(change.promoted)
        text = ngettext(
            "%(count)d person on the waiting list got a place and is told by e-mail.",
            "%(count)d people on the waiting list got a place and are told by e-mail.",
            count,
        )
        modeladmin.message_user(request, text % {"count": count}, messages.SUCCESS)
    if change.over:
        details = "; ".join(_overbooked(over) for over in change.over)
        modeladmin.message_user(
            request,
            gettext(
                "More are confirmed than there are places: %(details)s. "
                "Nobody has been cancelled or moved."
            )
            % {"details": details},
            messages.WARNING,
        )


def _overbooked(over):
    if over.session is not None:
        what = gettext("“%(title)s”") % {"title": over.session.title}
    else:
        what = Registration.AttendanceMode(over.mode).label
    text = ngettext(
        "%(what)s %(taken)d confirmed for %(places)d place, %(over)d too many",
        "%(what)s %(taken)d confirmed for %(places)d places, %(over)d too many",
        over.places,
    )
    return text % {"what": what, "taken": over.taken, "places": over.places, "over": over.over}
