"""What the signup and self-service views share."""

import functools

from django.utils.cache import add_never_cache_headers

from registrations.exceptions import EventFull, RegistrationClosed


def private_page(view):
    """Pages that show a registration by its secret link: not cached, not indexed,
    and the link is not sent on to other sites as a Referer."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def closed_message(event):
    """Why the event takes no signups now, in the services' own words; or ''."""
    reason = event.registration_closed_reason()
    if reason is not None:
        return RegistrationClosed(event, reason).message
    if event.is_full and not event.waiting_list:
        modes = event.attendance_modes
        return EventFull(event, modes[0] if len(modes) == 1 else "on_site").message
    return ""
