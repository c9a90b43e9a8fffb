"""What the signup and self-service views share."""

import functools

from django.utils.cache import add_never_cache_headers, patch_cache_control

from registrations.exceptions import EventFull, RegistrationClosed


def private_page(*, has_form, keep_in_history=False):
    """Pages that show a registration by its secret link: not cached, not indexed,
    and the link is never sent to other sites as a Referer.

    ``keep_in_history`` is for the signup form, which shows only what the visitor
    typed: the browser may keep it (never a shared cache) so that Back brings the
    page back as it was, with what was typed, instead of an empty form or a
    "confirm form resubmission" page. The pages of a secret link are never stored.

    Pages without a form send no Referer at all ("no-referrer"). Pages that post a
    form to themselves keep "same-origin": under "no-referrer" browsers send
    ``Origin: null`` with a POST, which Django's CSRF protection rightly refuses;
    "same-origin" still keeps the link from every other site.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if keep_in_history:
                patch_cache_control(response, private=True, no_cache=True)
            else:
                add_never_cache_headers(response)
            policy = "same-origin" if has_form else "no-referrer"
            response.headers.setdefault("Referrer-Policy", policy)
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response

        return wrapper

    return decorator


def closed_message(event):
    """Why the event takes no signups now, in the services' own words; or ''."""
    reason = event.registration_closed_reason()
    if reason is not None:
        return RegistrationClosed(event, reason).message
    if event.is_full and not event.waiting_list:
        modes = event.attendance_modes
        return EventFull(event, modes[0] if len(modes) == 1 else "on_site").message
    return ""
