"""iCalendar files: one event (download, e-mail attachment) or an organiser's feed."""

import icalendar
from django.conf import settings
from django.utils import timezone

PRODUCT_ID = "-//Anmälan//anmalan//SV"


def _vevent(event, *, status=None):
    item = icalendar.Event()
    item.add("uid", f"event-{event.pk}@anmalan")
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("summary", event.title)
    url = f"{settings.SITE_URL}{event.get_absolute_url()}"
    item.add("url", url)
    item.add("description", "\n\n".join(part for part in (event.summary, url) if part))
    if event.venue_id:
        item.add("location", f"{event.venue.name}, {event.venue.full_address}")
    item.add(
        "organizer", f"mailto:{event.contact_address}", parameters={"cn": event.organiser.name}
    )
    item.add("status", status or ("CANCELLED" if event.status == "cancelled" else "CONFIRMED"))
    return item


def _calendar(name=None, *, method=None):
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    return cal


def event_ics(event, *, method=None, status=None):
    """The event as an .ics file (bytes). ``method='REQUEST'`` makes it an invitation."""
    cal = _calendar(method=method)
    cal.add_component(_vevent(event, status=status))
    return cal.to_ical()


def feed_ics(name, events):
    """Several events as one subscribable calendar (bytes)."""
    cal = _calendar(name)
    for event in events:
        cal.add_component(_vevent(event))
    return cal.to_ical()
