"""An organiser's figures across events, per event and per year, optionally of one
series: registrations, check-ins, no-shows, cancellations and the waiting list,
and where the participants come from (municipalities and regions).

Three queries however many events: the events, one aggregate per event, and one
per municipality code. Cancelled events and drafts are left out.

Who counts: every registration made ("registrations", cancelled ones included);
"checked in" are those ticked at the door; "no-shows" are those confirmed for an
event that has ended without being checked in; "confirmed" those still to come.
Cancellations are the participants' and the organiser's. The waiting list:
everyone who was ever on it (they have a ``waitlisted_at``), of whom some got a
place (they hold or held one) and some are waiting still.
"""

from dataclasses import dataclass, field, fields

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event
from registrations import reference_data
from registrations.models import Registration

Status = Registration.Status
ACTIVE = Registration.ACTIVE


@dataclass
class Figures:
    registrations: int = 0
    attended: int = 0
    no_shows: int = 0
    confirmed: int = 0  # for events still to come
    cancelled: int = 0
    waitlisted: int = 0  # ever on the waiting list
    got_place: int = 0  # of those, got a place
    still_waiting: int = 0

    def add(self, other):
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    @property
    def attendance_percent(self):
        """Checked in of those who had a place at an event that has ended."""
        whole = self.attended + self.no_shows
        return round(100 * self.attended / whole) if whole else None


LABELS = {
    "registrations": _("Registrations"),
    "attended": _("Checked in"),
    "no_shows": _("No-shows"),
    "confirmed": _("Confirmed, to come"),
    "cancelled": _("Cancellations"),
    "waitlisted": _("On the waiting list"),
    "got_place": _("Got a place from it"),
    "still_waiting": _("Still waiting"),
}


@dataclass
class EventFigures:
    event: Event
    figures: Figures


@dataclass
class YearFigures:
    year: int
    events: int
    figures: Figures


@dataclass
class Place:
    name: str
    participants: int = 0  # with a place (confirmed or checked in)
    attended: int = 0


@dataclass
class Statistics:
    events: list
    years: list
    total: Figures
    municipalities: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    without_code: int = 0


def statistics(*, organiser, series=None):
    events = (
        Event.objects.filter(organiser=organiser)
        .exclude(status__in=(Event.Status.DRAFT, Event.Status.CANCELLED))
        .select_related("series")
        .order_by("starts_at", "pk")
    )
    if series is not None:
        events = events.filter(series=series)
    events = list(events)
    per_event = _per_event(events)
    rows = [EventFigures(event, per_event.get(event.pk, Figures())) for event in events]
    years, total = {}, Figures()
    for row in rows:
        year = timezone.localtime(row.event.starts_at).year
        entry = years.setdefault(year, YearFigures(year, 0, Figures()))
        entry.events += 1
        entry.figures.add(row.figures)
        total.add(row.figures)
    municipalities, regions, without = _places(events)
    return Statistics(
        events=rows,
        years=[years[year] for year in sorted(years)],
        total=total,
        municipalities=municipalities,
        regions=regions,
        without_code=without,
    )


def _per_event(events):
    if not events:
        return {}
    ended = [event.pk for event in events if event.ends_at < timezone.now()]
    waited = Q(waitlisted_at__isnull=False)
    held = Q(status__in=ACTIVE) | Q(status=Status.CANCELLED, status_before_cancellation__in=ACTIVE)
    confirmed = Q(status=Status.CONFIRMED)
    rows = (
        Registration.objects.filter(event__in=events)
        .values("event_id")
        .annotate(
            registrations=Count("pk"),
            attended=Count("pk", filter=Q(status=Status.ATTENDED)),
            no_shows=Count("pk", filter=confirmed & Q(event_id__in=ended)),
            confirmed=Count("pk", filter=confirmed & ~Q(event_id__in=ended)),
            cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
            waitlisted=Count("pk", filter=waited),
            got_place=Count("pk", filter=waited & held),
            still_waiting=Count("pk", filter=Q(status=Status.WAITLISTED)),
        )
        .order_by()
    )
    return {row.pop("event_id"): Figures(**row) for row in rows}


def _places(events):
    """(municipalities, regions, participants without a code): participants with a
    place and how many were checked in; a municipality counts in its region too."""
    if not events:
        return [], [], 0
    rows = (
        Registration.objects.filter(event__in=events, status__in=ACTIVE)
        .values("municipality_code")
        .annotate(n=Count("pk"), attended=Count("pk", filter=Q(status=Status.ATTENDED)))
        .order_by()
    )
    names = {place.code: place.name for place in reference_data.municipalities()}
    region_names = {region.code: region.name for region in reference_data.regions()}
    municipalities, regions, without = {}, {}, 0
    for row in rows:
        code = row["municipality_code"]
        region = region_names.get(code[:2]) if code else None
        if not code or (code not in names and region is None):
            without += row["n"]
            continue
        for table, name in ((municipalities, names.get(code)), (regions, region)):
            if name is None:
                continue
            place = table.setdefault(name, Place(name))
            place.participants += row["n"]
            place.attended += row["attended"]
    return _most_first(municipalities), _most_first(regions), without


def _most_first(places):
    return sorted(places.values(), key=lambda place: (-place.participants, place.name))


# --- the chart: one stacked bar per year ------------------------------------------

SEGMENTS = ("attended", "no_shows", "confirmed", "cancelled", "still_waiting")


@dataclass
class Bar:
    year: int
    y: float
    total: int
    parts: list  # (key, x, width, number)


@dataclass
class Chart:
    width: int
    height: int
    left: float
    bar_height: float
    bars: list
    scale: int
    ticks: list  # (x, value)
    baseline: float


def year_chart(years, *, width=720, left=56, right=16, bar=26, gap=14, top=8, bottom=28):
    """Horizontal bars, one per year, split into what became of the registrations."""
    totals = [sum(getattr(y.figures, key) for key in SEGMENTS) for y in years]
    scale, step = _scale(max(totals, default=0))
    plot = width - left - right
    bars = []
    for index, (year, total) in enumerate(zip(years, totals, strict=True)):
        y = top + index * (bar + gap)
        x, parts = float(left), []
        for key in SEGMENTS:
            number = getattr(year.figures, key)
            part = round(plot * number / scale, 1)
            if number:
                parts.append((key, round(x, 1), part, number))
            x += part
        bars.append(Bar(year.year, y, total, parts))
    baseline = top + len(years) * (bar + gap) - gap + 6
    ticks = [(round(left + plot * value / scale, 1), value) for value in _tick_values(scale, step)]
    return Chart(width, round(baseline + bottom), left, bar, bars, scale, ticks, baseline)


def _scale(value):
    """A round end of the scale at or above ``value`` and the step between its
    numbers: 27 gives (30, 10), 7 gives (7, 1), 150 gives (200, 100)."""
    step = 10 ** (len(str(max(value, 1))) - 1)
    return -(-max(value, 1) // step) * step, step


def _tick_values(scale, step):
    """Numbers along the scale: every step, every other one, or the ends only."""
    count = scale // step
    if count > 6:
        if count % 2:
            return [0, scale]
        step *= 2
    return list(range(0, scale + 1, step))
