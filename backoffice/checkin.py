"""Check-in at the door: a page for phones, for door staff and organiser admins.

/incheckning/ lists the events the user may check in for; /incheckning/<event>/
finds participants and checks them in (services.mark_attended) or undoes it
(services.unmark_attended). Staff login required, and the CHECK_IN right for
the event's organiser (backoffice.scoping); anyone else gets a 404.

The search box posts (with CSRF protection): when what was typed, or scanned
from the QR code in the confirmation e-mail (a scanner types the reference and
presses Enter), is the reference of exactly one participant of the event, that
participant is checked in at once. Anything else redirects to the results, a
plain GET page, so reloading or going back never checks anyone in again.
"""

import datetime as dt
import re

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from backoffice.scoping import can_on_event, events_shared_with, organisers_with_ability
from events.abilities import CHECK_IN
from events.formatting import clock
from events.models import Event
from registrations import history, services
from registrations.exceptions import RegistrationError
from registrations.models import Registration

Status = Registration.Status
SHOWN = 50  # search results on one page; more means: type more
RECENT = 5  # the last check-ins, for a quick undo
REFERENCE = re.compile(r"[A-Z0-9]{4}-?[A-Z0-9]{4}")
MAX_QUERY = 200


def _checkin_event(request, event_id):
    event = get_object_or_404(Event.objects.select_related("organiser"), pk=event_id)
    if not can_on_event(request, CHECK_IN, event):
        raise Http404
    return event


def _page_url(event, **query):
    url = reverse("backoffice:checkin", args=[event.pk])
    query = {key: value for key, value in query.items() if value}
    return f"{url}?{urlencode(query)}" if query else url


def as_reference(text):
    """'k7qm 3xpa', 'K7QM3XPA', ' K7QM-3XPA ' -> 'K7QM-3XPA'; None if it is no reference."""
    compact = re.sub(r"[\s-]", "", text).upper()
    if not REFERENCE.fullmatch(compact):
        return None
    return f"{compact[:4]}-{compact[4:]}"


def search(event, text):
    """Participants of ``event`` matching every word of ``text`` in a name, e-mail,
    organisation or reference (theirs or their booking's); a reference matches
    exactly. Those who can be checked in (or undone) first, then by name."""
    registrations = Registration.objects.filter(event=event).select_related("booking")
    reference = as_reference(text)
    if reference is not None:
        found = registrations.filter(Q(reference=reference) | Q(booking__reference=reference))
    else:
        found = registrations
        for word in text.split()[:10]:
            found = found.filter(_matching(word))
    return found.order_by(_status_order(), "last_name", "first_name", "pk")


SEARCHED = (
    "first_name",
    "last_name",
    "email",
    "organisation",
    "reference",
    "booking__reference",
)


def _matching(word):
    """Any searched field contains ``word``, whatever its case. SQLite folds the case
    of ASCII letters only, so "östergötland" is also tried as "Östergötland"."""
    condition = Q()
    for variant in {word, word.lower(), word.capitalize(), word.upper()}:
        for name in SEARCHED:
            condition |= Q(**{f"{name}__icontains": variant})
    return condition


def _status_order():
    return Case(
        When(status__in=Registration.ACTIVE, then=Value(0)),
        When(status=Status.WAITLISTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def counts(event):
    """{"expected": n, "checked_in": n}: the participants who hold a place, on site
    (or online, for an online event), and how many of them are checked in."""
    mode = (
        Registration.AttendanceMode.ON_SITE
        if event.has_on_site
        else Registration.AttendanceMode.ONLINE
    )
    return Registration.objects.filter(event=event, attendance_mode=mode).aggregate(
        expected=Count("pk", filter=Q(status__in=Registration.ACTIVE)),
        checked_in=Count("pk", filter=Q(status=Status.ATTENDED)),
    )


@staff_member_required
def event_list(request):
    """The events the user may check in for, from yesterday on."""
    events = Event.objects.exclude(status=Event.Status.DRAFT).filter(
        ends_at__gte=timezone.now() - dt.timedelta(days=1)
    )
    if not request.user.is_superuser:
        events = events.filter(
            Q(organiser__in=organisers_with_ability(request, CHECK_IN))
            | Q(pk__in=events_shared_with(request, CHECK_IN))
        )
    events = events.select_related("organiser", "venue").order_by("starts_at", "pk")[:50]
    response = render(request, "checkin/event_list.html", {"events": events})
    add_never_cache_headers(response)
    return response


@staff_member_required
@require_http_methods(["GET", "POST"])
def checkin_page(request, event_id):
    event = _checkin_event(request, event_id)
    if request.method == "POST":
        return _post(request, event)
    text = request.GET.get("q", "").strip()[:MAX_QUERY]
    results = list(search(event, text)[: SHOWN + 1]) if text else []
    recent = (
        Registration.objects.filter(event=event, status=Status.ATTENDED)
        .select_related("booking")
        .order_by("-checked_in_at", "-pk")[:RECENT]
    )
    response = render(
        request,
        "checkin/event.html",
        {
            "event": event,
            "q": text,
            "results": results[:SHOWN],
            "more": len(results) > SHOWN,
            "counts": counts(event),
            "done": _done(request, event),
            "recent": recent,
        },
    )
    add_never_cache_headers(response)
    return response


def _done(request, event):
    """The participant just checked in (``?klar=<id>``), for the confirmation and its undo."""
    pk = request.GET.get("klar", "")
    if not pk.isdigit():
        return None
    return Registration.objects.filter(event=event, pk=pk, status=Status.ATTENDED).first()


def _post(request, event):
    text = request.POST.get("q", "").strip()[:MAX_QUERY]
    if "registration" in request.POST:
        return _check(request, event, text)
    reference = as_reference(text)
    if reference is None:
        return HttpResponseRedirect(_page_url(event, q=text))
    matches = list(Registration.objects.filter(event=event, reference=reference)[:2])
    if len(matches) != 1:
        _tell_other_event(request, event, reference)
        return HttpResponseRedirect(_page_url(event, q=reference))
    return _check_in(request, event, matches[0], text=reference)


def _check(request, event, text):
    pk = request.POST.get("registration", "")
    registration = get_object_or_404(Registration, event=event, pk=pk if pk.isdigit() else None)
    if request.POST.get("undo"):
        was_checked_in = registration.status == Status.ATTENDED
        services.unmark_attended(registration=registration)
        if was_checked_in:
            history.record([registration], _("Check-in undone at the door."), user=request.user)
        messages.info(
            request,
            gettext("The check-in of %(name)s is undone.") % {"name": registration.full_name},
        )
        return HttpResponseRedirect(_page_url(event, q=text))
    return _check_in(request, event, registration, text=text)


def _check_in(request, event, registration, *, text):
    if registration.status == Status.ATTENDED:
        messages.info(
            request,
            gettext("%(name)s was already checked in at %(time)s.")
            % {
                "name": registration.full_name,
                "time": clock(registration.checked_in_at),
            },
        )
        return HttpResponseRedirect(_page_url(event, q=text))
    try:
        registration = services.mark_attended(registration=registration)
    except RegistrationError:
        messages.error(request, _not_checked_in(registration))
        return HttpResponseRedirect(_page_url(event, q=text))
    history.record([registration], _("Checked in at the door."), user=request.user)
    return HttpResponseRedirect(_page_url(event, klar=registration.pk))


def _not_checked_in(registration):
    if registration.status == Status.WAITLISTED:
        text = gettext("%(name)s is on the waiting list and has no place: not checked in.")
    elif registration.cancellation_reason == Registration.CancellationReason.EVENT_CANCELLED:
        text = gettext("The event is cancelled: %(name)s is not checked in.")
    else:
        text = gettext("%(name)s has cancelled the registration: not checked in.")
    return text % {"name": registration.full_name}


def _tell_other_event(request, event, reference):
    """A reference of another event the user also checks in for: say which."""
    other = (
        Registration.objects.filter(reference=reference)
        .exclude(event=event)
        .select_related("event")
        .first()
    )
    if other is not None and can_on_event(request, CHECK_IN, other.event):
        messages.warning(
            request,
            gettext("%(reference)s is a registration for another event: %(event)s.")
            % {"reference": reference, "event": other.event.title},
        )
