"""iCalendar files of events: the download, the organiser's feed, and the entries
invitations are made of (registrations/invitations.py).

An event is its days: a three-day conference is three entries, each from that
day's first programme item to its last, not one block of fifty hours. Every entry
has a UID of its own that stays the same when the event's times change, so a
calendar that has it updates or removes the right one.
"""

import dataclasses
import datetime as dt
import re

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

PRODUCT_ID = "-//Anmälan//anmalan//SV"
UID_DOMAIN = "anmalan"
_URL = re.compile(r"https?://\S+")


@dataclasses.dataclass(frozen=True)
class Day:
    """One calendar entry of an event. ``number`` counts the event's dates from 1
    (a date without programme is skipped but keeps its number); ``starts_at`` and
    ``ends_at`` are datetimes, or dates for a whole day."""

    number: int
    starts_at: dt.datetime | dt.date
    ends_at: dt.datetime | dt.date


def event_days(event, *, attends=None):
    """The event as the days people spend at it.

    One day: the event's own start and end. Several days: each date from its
    first session's start to its last session's end; a date without sessions has
    the event's daily hours (its start and end time of day), or the whole date
    when those do not make a day (an event that ends earlier in the day than it
    starts); a date in the middle without sessions, while other dates have some,
    is no day of the event. The first day starts with the event, the last ends
    with it. Reads ``event.sessions`` (prefetch it) only for several days.

    ``attends`` (session -> bool), for one participant: a day's hours come from
    the sessions they attend that day, when there are any (the dinner they did
    not choose does not keep them till late). The days themselves are the same
    for everyone, so the entries of an invitation do not change with the choices.
    """
    first, last = timezone.localdate(event.starts_at), timezone.localdate(event.ends_at)
    if first == last:
        return [Day(1, event.starts_at, event.ends_at)]
    sessions = list(event.sessions.all())
    spans = _spans(sessions)
    if attends is not None:
        spans.update(_spans(session for session in sessions if attends(session)))
    daily = (timezone.localtime(event.starts_at).time(), timezone.localtime(event.ends_at).time())
    days = []
    for offset in range((last - first).days + 1):
        date = first + dt.timedelta(days=offset)
        if spans and date not in spans and date not in (first, last):
            continue
        start, end = spans.get(date) or _daily_hours(date, *daily)
        start = event.starts_at if date == first else max(start, event.starts_at)
        end = event.ends_at if date == last else min(end, event.ends_at)
        if end <= start:
            start, end = _whole(date)
        days.append(Day(offset + 1, *_as_dates_when_whole(date, start, end)))
    return days


def _spans(sessions):
    """{local date: (first start, last end)} of ``sessions``."""
    spans = {}
    for session in sessions:
        date = timezone.localdate(session.starts_at)
        start, end = spans.get(date, (session.starts_at, session.ends_at))
        spans[date] = (min(start, session.starts_at), max(end, session.ends_at))
    return spans


def _at(date, time=dt.time()):
    return timezone.make_aware(dt.datetime.combine(date, time))


def _whole(date):
    return _at(date), _at(date + dt.timedelta(days=1))


def _daily_hours(date, start_time, end_time):
    if start_time < end_time:
        return _at(date, start_time), _at(date, end_time)
    return _whole(date)


def _as_dates_when_whole(date, start, end):
    if (start, end) == _whole(date):
        return date, date + dt.timedelta(days=1)
    return start, end


def uid(base, day):
    """The UID of one day's entry: ``base@anmalan`` for the first day, so an entry
    made before events were split into days is still the first day's."""
    suffix = "" if day.number == 1 else f"-day{day.number}"
    return f"{base}{suffix}@{UID_DOMAIN}"


def venue_location(event):
    if not event.venue_id:
        return ""
    return f"{event.venue.name}, {event.venue.full_address}"


def online_location(event):
    """Where an online participant goes: the join link in the online details, else
    the details on one line, else "Online"."""
    link = _URL.search(event.online_details)
    if link:
        return link.group(0)
    return " ".join(event.online_details.split()) or gettext("Online")


def entries(event, *, uid_base, location, details="", status=None, attends=None):
    """The event's days as VEVENTs (``event_days``), with UIDs made from ``uid_base``.

    ``details`` (the online details, for someone taking part online) go into the
    description between the summary and the link to the event page.
    """
    days = event_days(event, attends=attends)
    url = f"{settings.SITE_URL}{event.get_absolute_url()}"
    description = "\n\n".join(part for part in (event.summary, details, url) if part)
    status = status or ("CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    for position, day in enumerate(days, start=1):
        item = icalendar.Event()
        item.add("uid", uid(uid_base, day))
        item.add("dtstamp", timezone.now())
        item.add("dtstart", day.starts_at)
        item.add("dtend", day.ends_at)
        item.add("summary", _summary(event.title, position, len(days)))
        item.add("url", url)
        item.add("description", description)
        if location:
            item.add("location", location)
        item.add(
            "organizer", f"mailto:{event.contact_address}", parameters={"cn": organiser_name(event)}
        )
        item.add("status", status)
        yield item


def organiser_name(event):
    """Who sends the invitations: the event's contact person, else its organiser."""
    return event.contact_name or event.organiser.name


def _summary(title, position, count):
    if count == 1:
        return title
    return gettext("%(title)s (day %(number)d of %(count)d)") % {
        "title": title,
        "number": position,
        "count": count,
    }


def calendar(name=None, *, method=None):
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    return cal


def _public_entries(event):
    return entries(event, uid_base=f"event-{event.pk}", location=venue_location(event))


def event_ics(event):
    """The event as a downloadable .ics file (bytes): one entry per day."""
    cal = calendar()
    for item in _public_entries(event):
        cal.add_component(item)
    return cal.to_ical()


def feed_ics(name, events):
    """Several events as one subscribable calendar (bytes), each one entry per day."""
    cal = calendar(name)
    for event in events:
        for item in _public_entries(event):
            cal.add_component(item)
    return cal.to_ical()
