"""Check-in at the door: a page for phones, for door staff and organiser admins.

/incheckning/ lists the events the user may check in for; /incheckning/<event>/
finds participants and checks them in (services.mark_attended) or undoes it
(services.unmark_attended). Staff login required, and the CHECK_IN right for
the event's organiser (backoffice.scoping); anyone else gets a 404.

A multi-day event is checked in per day: the page works on one day of the event
(``?dag=YYYY-MM-DD``, by default today in Europe/Stockholm, or the nearest day),
and a participant checked in yesterday is checked in again today.

The page has a camera button where the browser can read QR codes itself
(static/js/checkin-scan.js: the BarcodeDetector API); it fills the search box
with the reference read and sends it, as a hand scanner does. Without it, or
without JavaScript, the button stays hidden and typing works as before.

The search box posts (with CSRF protection): when what was typed, or scanned
from the QR code in the confirmation e-mail (a scanner types the reference and
presses Enter), is the reference of exactly one participant of the event, that
participant is checked in at once. Anything else redirects to the results, a
plain GET page, so reloading or going back never checks anyone in again.
"""

import datetime as dt
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from backoffice.scoping import can_on_event, events_shared_with, organisers_with_ability
from events.abilities import CHECK_IN
from events.formatting import clock, weekday_date
from events.models import Event
from registrations import history, services
from registrations.exceptions import RegistrationError
from registrations.models import DayAttendance, Registration

Status = Registration.Status
SHOWN = 50  # search results on one page; more means: type more
RECENT = 5  # the last check-ins, for a quick undo
REFERENCE = re.compile(r"[A-Z0-9]{4}-?[A-Z0-9]{4}")
MAX_QUERY = 200
# The door page may use the camera (the site's policy allows it nowhere else).
CAMERA_POLICY = (
    "accelerometer=(), camera=(self), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


def _checkin_event(request, event_id):
    event = get_object_or_404(Event.objects.select_related("organiser"), pk=event_id)
    if not can_on_event(request, CHECK_IN, event):
        raise Http404
    return event


def _page_url(event, day=None, **query):
    url = reverse("backoffice:checkin", args=[event.pk])
    if day is not None and event.is_multi_day:
        query = {"dag": day.isoformat(), **query}
    query = {key: value for key, value in query.items() if value}
    return f"{url}?{urlencode(query)}" if query else url


def checkin_day(event, value):
    """The day of ``event`` named by ``value`` (YYYY-MM-DD), else today's or the nearest."""
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return event.day_of()
    return day if day in event.days else event.day_of()


def with_day(registrations, event, day):
    """``registrations`` that know their check-in on ``day`` (``day_checked_in_at``)."""
    on_day = DayAttendance.objects.filter(registration=OuterRef("pk"), day=day)
    return registrations.annotate(day_checked_in_at=Subquery(on_day.values("checked_in_at")[:1]))


def mark_day(people, event):
    """Set ``is_in`` and ``in_at`` on each of ``people`` for the day they were read
    for. A one-day event goes by the status (check-ins made before the days were
    recorded have no day)."""
    for person in people:
        if event.is_multi_day:
            person.in_at = person.day_checked_in_at
            person.is_in = person.status == Status.ATTENDED and person.in_at is not None
        else:
            person.is_in = person.status == Status.ATTENDED
            person.in_at = person.day_checked_in_at or person.checked_in_at
    return people


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


def counts(event, day=None):
    """{"expected": n, "checked_in": n}: the participants who hold a place, on site
    (or online, for an online event), and how many of them are checked in (on
    ``day``, for a multi-day event)."""
    mode = (
        Registration.AttendanceMode.ON_SITE
        if event.has_on_site
        else Registration.AttendanceMode.ONLINE
    )
    checked_in = Q(status=Status.ATTENDED)
    if event.is_multi_day:
        checked_in &= Q(day_attendances__day=day or event.day_of())
    return Registration.objects.filter(event=event, attendance_mode=mode).aggregate(
        expected=Count("pk", filter=Q(status__in=Registration.ACTIVE), distinct=True),
        checked_in=Count("pk", filter=checked_in, distinct=True),
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
        return _post(request, event, checkin_day(event, request.POST.get("dag")))
    day = checkin_day(event, request.GET.get("dag"))
    text = request.GET.get("q", "").strip()[:MAX_QUERY]
    results = list(with_day(search(event, text), event, day)[: SHOWN + 1]) if text else []
    response = render(
        request,
        "checkin/event.html",
        {
            "event": event,
            "day": day,
            "days": _day_choices(event, day),
            "q": text,
            "results": mark_day(results[:SHOWN], event),
            "more": len(results) > SHOWN,
            "counts": counts(event, day),
            "done": _done(request, event, day),
            "recent": _recent(event, day),
        },
    )
    add_never_cache_headers(response)
    response.headers["Permissions-Policy"] = CAMERA_POLICY
    return response


def _day_choices(event, day):
    """[(number, date, url, is_current)] for the day links of a multi-day event."""
    if not event.is_multi_day:
        return []
    return [
        (number, weekday_date(each), _page_url(event, each), each == day)
        for number, each in enumerate(event.days, start=1)
    ]


def _recent(event, day):
    """The last checked in (on ``day``), for a quick undo."""
    recent = with_day(
        Registration.objects.filter(event=event, status=Status.ATTENDED).select_related("booking"),
        event,
        day,
    )
    if event.is_multi_day:
        recent = recent.filter(day_checked_in_at__isnull=False).order_by(
            "-day_checked_in_at", "-pk"
        )
    else:
        recent = recent.order_by("-checked_in_at", "-pk")
    return mark_day(list(recent[:RECENT]), event)


def _done(request, event, day):
    """The participant just checked in (``?klar=<id>``), for the confirmation and its undo."""
    pk = request.GET.get("klar", "")
    if not pk.isdigit():
        return None
    found = with_day(Registration.objects.filter(event=event, pk=pk), event, day)
    done = mark_day(list(found), event)
    return done[0] if done and done[0].is_in else None


def _post(request, event, day):
    text = request.POST.get("q", "").strip()[:MAX_QUERY]
    if "registration" in request.POST:
        return _check(request, event, day, text)
    reference = as_reference(text)
    if reference is None:
        return HttpResponseRedirect(_page_url(event, day, q=text))
    matches = list(Registration.objects.filter(event=event, reference=reference)[:2])
    if len(matches) != 1:
        _tell_other_event(request, event, reference)
        return HttpResponseRedirect(_page_url(event, day, q=reference))
    return _check_in(request, event, day, matches[0], text=reference)


def _check(request, event, day, text):
    pk = request.POST.get("registration", "")
    registration = get_object_or_404(Registration, event=event, pk=pk if pk.isdigit() else None)
    if request.POST.get("undo"):
        person = _on_day(registration.pk, event, day)
        services.unmark_attended(registration=registration, day=day)
        if person.is_in:
            history.record([registration], _undone_text(event, day), user=request.user)
        messages.info(
            request,
            gettext("The check-in of %(name)s is undone.") % {"name": registration.full_name},
        )
        return HttpResponseRedirect(_page_url(event, day, q=text))
    return _check_in(request, event, day, registration, text=text)


def _check_in(request, event, day, registration, *, text):
    person = mark_day(
        list(with_day(Registration.objects.filter(pk=registration.pk), event, day)), event
    )[0]
    if person.is_in:
        messages.info(
            request,
            gettext("%(name)s was already checked in at %(time)s.")
            % {"name": registration.full_name, "time": clock(person.in_at)},
        )
        return HttpResponseRedirect(_page_url(event, day, q=text))
    try:
        registration = services.mark_attended(registration=registration, day=day, by=request.user)
    except RegistrationError:
        messages.error(request, _not_checked_in(registration))
        return HttpResponseRedirect(_page_url(event, day, q=text))
    history.record([registration], _checked_in_text(event, day), user=request.user)
    return HttpResponseRedirect(_page_url(event, day, klar=registration.pk))


def _on_day(pk, event, day):
    """The registration ``pk`` with ``is_in`` and ``in_at`` for ``day``."""
    return mark_day(list(with_day(Registration.objects.filter(pk=pk), event, day)), event)[0]


def _checked_in_text(event, day):
    if not event.is_multi_day:
        return _("Checked in at the door.")
    with translation.override(settings.LANGUAGE_CODE):  # the history is in Swedish
        return gettext("Checked in at the door on %(day)s.") % {"day": weekday_date(day)}


def _undone_text(event, day):
    if not event.is_multi_day:
        return _("Check-in undone at the door.")
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Check-in on %(day)s undone at the door.") % {"day": weekday_date(day)}


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
