"""Public pages: what is on, the archive, events, series and organisers, calendar files."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header

from . import page_cache
from .calendar import event_ics as render_event_ics
from .calendar import feed_ics
from .filters import EventFilterForm
from .models import Event, Organiser, Series
from .programme import material_groups, programme_days, unique_speakers

ARCHIVE_PAGE_SIZE = 20
CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _listing(events):
    return events.for_listing().with_online_places_taken().with_co_organisers()


def home(request):
    upcoming = Event.objects.published().upcoming()
    form = EventFilterForm(request.GET, events=upcoming)
    events = _listing(form.filter(upcoming))
    return render(request, "events/home.html", {"events": events, "form": form})


def archive(request):
    past = Event.objects.published().past()
    form = EventFilterForm(request.GET, events=past)
    page = Paginator(_listing(form.filter(past)), ARCHIVE_PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    return render(
        request, "events/archive.html", {"page_obj": page, "events": page.object_list, "form": form}
    )


def event_detail(request, slug):
    """The event page; from the cache (one query) when nothing shown has changed."""
    if not page_cache.usable(request):
        return _render_event(request, slug)
    # Read already when config.page_shortcut let the request through on a miss.
    current = getattr(request, "event_for_page_cache", None) or page_cache.current(slug)
    if current is None:
        raise Http404
    etag = page_cache.etag(current)
    response = get_conditional_response(request, etag=etag)  # 304 for a revisit
    if response is None:
        content = page_cache.get(current)
        if content is not None:
            response = HttpResponse(content)
        else:
            response = _render_event(request, slug)
            page_cache.store(current, response.content)
    response["ETag"] = etag
    # Kept by the visitor's browser only, and asked again (If-None-Match) each time.
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _render_event(request, slug):
    event = get_object_or_404(
        Event.objects.published().with_programme().with_online_places_taken(), slug=slug
    )
    sessions = event.sessions.all()
    days = programme_days(sessions)
    context = {
        "event": event,
        "state": event.registration_state,
        "days": days,
        "day_headings": len(days) > 1 or event.is_multi_day,
        "speakers": unique_speakers(sessions),
        "material_groups": material_groups(event.published_materials, sessions),
        "co_organisers": event.co_organisers.all(),
        "price_options": event.price_options.all(),
    }
    return render(request, "events/event_detail.html", context)


def event_calendar(request, slug):
    event = get_object_or_404(Event.objects.published().for_calendar(), slug=slug)
    response = HttpResponse(render_event_ics(event), content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{event.slug}.ics")
    return response


def series_detail(request, slug):
    series = get_object_or_404(Series.objects.select_related("organiser"), slug=slug)
    events = Event.objects.published().filter(series=series)
    context = {
        "series": series,
        "upcoming": _listing(events.upcoming()),
        "past": _listing(events.past()),
    }
    return render(request, "events/series_detail.html", context)


def organiser_detail(request, slug):
    organiser = get_object_or_404(Organiser, slug=slug)
    events = Event.objects.published().involving(organiser)
    context = {
        "organiser": organiser,
        "upcoming": _listing(events.upcoming()),
        "past": _listing(events.past()),
    }
    return render(request, "events/organiser_detail.html", context)


def organiser_calendar(request, slug):
    organiser = get_object_or_404(Organiser, slug=slug)
    events = Event.objects.published().upcoming().involving(organiser).for_calendar()
    return HttpResponse(feed_ics(organiser.name, events), content_type=CALENDAR_CONTENT_TYPE)
