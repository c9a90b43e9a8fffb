"""An event's figures for the organisers' dashboard, in a fixed number of queries.

Five aggregate queries, however many registrations: counts by status and
attendance, registrations per day, organisations, municipality/region codes and
dietary needs; a sixth for a multi-day event's check-ins per day. Who counts:
"participants" are the confirmed and the checked in (they hold a place); dietary
needs only of those coming on site.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.db.models.functions import Lower, Trim, TruncDate
from django.utils import timezone

from registrations import reference_data
from registrations.models import DayAttendance, Registration

Status = Registration.Status
Mode = Registration.AttendanceMode
ACTIVE = Registration.ACTIVE
TOP = 10  # organisations and municipalities listed
DAILY_UP_TO = 62  # days; a longer registration period is shown per week


@dataclass
class Fill:
    label: str
    active: int
    places: int | None  # None: no limit
    waitlisted: int

    @property
    def percent(self):
        if not self.places:
            return None
        return round(100 * self.active / self.places)

    @property
    def free(self):
        return None if self.places is None else max(self.places - self.active, 0)


@dataclass
class Period:
    start: dt.date
    end: dt.date  # the same day for daily periods, the Sunday for weeks
    count: int
    total: int  # registrations made up to and including this period


@dataclass
class Dashboard:
    event: object
    fills: list
    counts: dict  # status -> number of registrations
    participants: int  # confirmed + checked in
    periods: list
    weekly: bool
    organisations: list  # (name, number), most first
    municipalities: list  # (name, number), most first
    regions: list  # (name, number): municipalities counted in their county's region
    without_code: int  # participants whose organisation is no municipality or region
    dietary: list  # (need, number), most first
    on_site: int  # participants coming on site (the dietary list's whole)
    split: list = field(default_factory=list)  # (label, number, percent) on site / online
    attendance: list = field(default_factory=list)  # (number, day, checked in): multi-day events


def event_dashboard(event):
    registrations = Registration.objects.filter(event=event).order_by()
    counts, fills, split, on_site = _counts(event, registrations)
    participants = counts[Status.CONFIRMED] + counts[Status.ATTENDED]
    periods, weekly = _periods(registrations)
    active = registrations.filter(status__in=ACTIVE)
    municipalities, regions, with_code = _places(active)
    return Dashboard(
        event=event,
        fills=fills,
        counts=counts,
        participants=participants,
        periods=periods,
        weekly=weekly,
        organisations=_organisations(active),
        municipalities=municipalities,
        regions=regions,
        without_code=participants - with_code,
        dietary=_dietary(active.filter(attendance_mode=Mode.ON_SITE)),
        on_site=on_site,
        split=split,
        attendance=attendance_per_day(event),
    )


def attendance_per_day(event):
    """[(day number, date, participants checked in that day)] of a multi-day event
    (one query); [] for an event of one day, whose count is the checked in."""
    if not event.is_multi_day:
        return []
    rows = (
        DayAttendance.objects.filter(
            registration__event=event, registration__status=Status.ATTENDED
        )
        .values("day")
        .annotate(number=Count("registration", distinct=True))
        .order_by()
    )
    per_day = {row["day"]: row["number"] for row in rows}
    return [(number, day, per_day.get(day, 0)) for number, day in enumerate(event.days, start=1)]


def _counts(event, registrations):
    aggregates = {status: Count("pk", filter=Q(status=status)) for status in Status.values}
    for mode in Mode.values:
        aggregates[f"active_{mode}"] = Count(
            "pk", filter=Q(status__in=ACTIVE, attendance_mode=mode)
        )
        aggregates[f"waitlisted_{mode}"] = Count(
            "pk", filter=Q(status=Status.WAITLISTED, attendance_mode=mode)
        )
    row = registrations.aggregate(**aggregates)
    counts = {status: row[status] for status in Status.values}
    fills = [
        Fill(
            label=Mode(mode).label,
            active=row[f"active_{mode}"],
            places=event.capacity_for(mode),
            waitlisted=row[f"waitlisted_{mode}"],
        )
        for mode in event.attendance_modes
    ]
    participants = sum(row[f"active_{mode}"] for mode in Mode.values)
    split = [
        (
            Mode(mode).label,
            row[f"active_{mode}"],
            round(100 * row[f"active_{mode}"] / participants) if participants else 0,
        )
        for mode in Mode.values
    ]
    return counts, fills, split, row[f"active_{Mode.ON_SITE}"]


def _periods(registrations):
    """Registrations made per day (per week for long periods), gaps filled with 0."""
    rows = (
        registrations.annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(number=Count("pk"))
        .order_by("day")
    )
    per_day = {row["day"]: row["number"] for row in rows}
    if not per_day:
        return [], False
    first, last = min(per_day), max(per_day)
    weekly = (last - first).days >= DAILY_UP_TO
    if weekly:
        first -= dt.timedelta(days=first.weekday())
    step = dt.timedelta(days=7 if weekly else 1)
    periods, total, start = [], 0, first
    while start <= last:
        end = start + step - dt.timedelta(days=1)
        count = sum(number for day, number in per_day.items() if start <= day <= end)
        total += count
        periods.append(Period(start=start, end=end, count=count, total=total))
        start += step
    return periods, weekly


def _organisations(active):
    """The most represented organisations; spellings that differ only in case or
    surrounding spaces count as one."""
    rows = (
        active.annotate(key=Lower(Trim("organisation")))
        .values("key")
        .annotate(number=Count("pk"), name=Min(Trim("organisation")))
        .order_by("-number", "key")[:TOP]
    )
    return [(row["name"], row["number"]) for row in rows if row["key"]]


def _places(active):
    """(top municipalities, regions, participants with a code) from the codes stored
    with the registrations; a municipality counts in its county's region too."""
    rows = active.exclude(municipality_code="").values("municipality_code").annotate(n=Count("pk"))
    names = {place.code: place.name for place in reference_data.municipalities()}
    region_names = {region.code: region.name for region in reference_data.regions()}
    municipalities, regions, with_code = {}, {}, 0
    for row in rows:
        code, number = row["municipality_code"], row["n"]
        with_code += number
        if code in names:
            municipalities[names[code]] = municipalities.get(names[code], 0) + number
        region = region_names.get(code[:2])
        if region is not None:
            regions[region] = regions.get(region, 0) + number
    return _most_first(municipalities)[:TOP], _most_first(regions), with_code


def _dietary(on_site):
    """Counts per dietary need, written alike (case, spaces) counted together."""
    rows = on_site.exclude(dietary_needs="").values("dietary_needs").annotate(n=Count("pk"))
    needs, shown = {}, {}
    for row in rows:
        text = " ".join(row["dietary_needs"].split())
        if not text:
            continue
        text = text[:1].upper() + text[1:]
        key = text.casefold()
        shown.setdefault(key, text)
        needs[key] = needs.get(key, 0) + row["n"]
    return _most_first({shown[key]: number for key, number in needs.items()})


def _most_first(numbers):
    return sorted(numbers.items(), key=lambda item: (-item[1], item[0].casefold()))


@dataclass
class Chart:
    """A bar chart's geometry in SVG user units (the template draws it)."""

    width: int
    height: int
    bars: list  # (x, y, width, height, Period)
    ticks: list  # (y, value): horizontal grid lines with their numbers
    labels: list  # (x, text-anchor, Period): dates under the first, middle and last bar
    baseline: float
    left: float  # where the plot area starts and ends (grid lines)
    right: float
    peak: object  # the first Period with the most registrations, or None


def bar_chart(periods, *, width=720, height=260, left=44, right=8, top=12, bottom=36):
    """Bars of ``periods``' counts on a scale from 0 to a round maximum."""
    plot_width, plot_height = width - left - right, height - top - bottom
    baseline = top + plot_height
    scale_max = _round_up(max((period.count for period in periods), default=0))
    slot = plot_width / max(len(periods), 1)
    bar_width = max(round(slot * 0.8, 1), 1)
    bars = []
    for index, period in enumerate(periods):
        bar_height = round(plot_height * period.count / scale_max, 1)
        x = round(left + index * slot + (slot - bar_width) / 2, 1)
        bars.append((x, round(baseline - bar_height, 1), bar_width, bar_height, period))
    values = [0, scale_max // 2, scale_max] if scale_max % 2 == 0 else [0, scale_max]
    ticks = [(round(baseline - plot_height * value / scale_max, 1), value) for value in values]
    labels = _labels(bars)
    peak = max(periods, key=lambda period: period.count, default=None)
    return Chart(width, height, bars, ticks, labels, baseline, left, width - right, peak)


def _labels(bars):
    """Dates under the first, the middle and the last bar, kept inside the chart."""
    if len(bars) == 1:
        x, _y, width, _height, period = bars[0]
        return [(round(x + width / 2, 1), "middle", period)]
    labels = []
    for index in sorted({0, len(bars) // 2, len(bars) - 1}) if bars else []:
        x, _y, width, _height, period = bars[index]
        if index == 0:
            labels.append((x, "start", period))
        elif index == len(bars) - 1:
            labels.append((round(x + width, 1), "end", period))
        else:
            labels.append((round(x + width / 2, 1), "middle", period))
    return labels


def _round_up(value):
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is at least ``value`` (and 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10
