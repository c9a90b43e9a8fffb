"""Printed lists: the door list with a tick column, and name badges (8 per A4).

The text is set in Kurinto Sans (from the weblate-fonts package), embedded as a
subset, so that every name prints: Sámi, Finnish and Meänkieli, Polish and the
rest of Latin, Greek and Cyrillic. The PDF standard fonts know only Western
European letters.
"""

import functools
import math
from importlib.resources import files

from django.utils import formats
from django.utils.translation import gettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from events.formatting import datetime_range
from registrations.models import DayAttendance, Registration

from .columns import swedish_sort_key

FONT, BOLD = "KurintoSans", "KurintoSans-Bold"
FONT_FILES = {FONT: "KurintoSans-Rg.ttf", BOLD: "KurintoSans-Bd.ttf"}
FONT_DIR = files("weblate_fonts") / "static" / "weblate_fonts" / "kurinto" / "ttf"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 15 * mm
ROWS_PER_PAGE = 32
ROW_HEIGHT = 7.5 * mm
BADGE_COLUMNS, BADGE_ROWS = 2, 4
BADGES_PER_PAGE = BADGE_COLUMNS * BADGE_ROWS


def people_on_site(event):
    """Everyone expected at the door, sorted by last name as in Swedish."""
    people = Registration.objects.filter(
        event=event,
        status__in=(Registration.Status.CONFIRMED, Registration.Status.ATTENDED),
        attendance_mode=Registration.AttendanceMode.ON_SITE,
    ).values_list("last_name", "first_name", "organisation", "reference", "status", "checked_in_at")
    return sorted(
        people.iterator(chunk_size=2000),
        key=lambda p: (swedish_sort_key(p[0]), swedish_sort_key(p[1]), p[3]),
    )


def fit(text, font, size, width):
    """``text`` cut with an ellipsis so that it fits ``width`` points."""
    text = " ".join(str(text).split())
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _when_and_where(event):
    when = datetime_range(event.starts_at, event.ends_at)
    return ", ".join(part for part in (when, str(event.venue or "")) if part)


@functools.cache
def register_fonts():
    """Register the regular and bold faces with reportlab, once per process."""
    for name, filename in FONT_FILES.items():
        with (FONT_DIR / filename).open("rb") as file:
            registerFont(TTFont(name, file))


def _new_canvas(target, title):
    register_fonts()
    canvas = Canvas(target, pagesize=A4, pageCompression=1, initialFontName=FONT)
    canvas.setTitle(title)
    canvas.setAuthor("Anmälan")
    return canvas


def event_days(event):
    """The local dates the event runs on, first to last."""
    return event.days


def _day_and_where(event, day, number, days):
    heading = gettext("Day %(number)d of %(days)d: %(date)s") % {
        "number": number,
        "days": days,
        "date": formats.date_format(day, "l j F Y"),
    }
    return ", ".join(part for part in (heading, str(event.venue or "")) if part)


def door_list(event, target):
    """Write the door list PDF to ``target``; returns the number of pages.

    A multi-day event gets its own pages for each day, headed with the day's date,
    so the door can tick people in every day; a tick already made shows on the day
    it was made.
    """
    people = people_on_site(event)
    days = event_days(event)
    canvas = _new_canvas(target, gettext("Door list – %(event)s") % {"event": event.title})
    pages = 0
    for number, day in enumerate(days, start=1):
        if len(days) == 1:
            subtitle, ticked = _when_and_where(event), _checked_in(people)
        else:
            subtitle = _day_and_where(event, day, number, len(days))
            ticked = _checked_in_on(event, day)
        pages += _door_pages(canvas, event, subtitle, people, ticked)
    canvas.save()
    return pages


def _checked_in(people):
    """References of the people checked in."""
    return {
        reference
        for _last, _first, _organisation, reference, status, _checked_in_at in people
        if status == Registration.Status.ATTENDED
    }


def _checked_in_on(event, day):
    """References of the people checked in on ``day``."""
    return set(
        DayAttendance.objects.filter(
            registration__event=event,
            registration__status=Registration.Status.ATTENDED,
            registration__attendance_mode=Registration.AttendanceMode.ON_SITE,
            day=day,
        ).values_list("registration__reference", flat=True)
    )


def _door_pages(canvas, event, subtitle, people, ticked):
    """The pages of one day: everyone, with a tick box (crossed for ``ticked`` references)."""
    pages = max(1, math.ceil(len(people) / ROWS_PER_PAGE))
    widths = (12 * mm, 62 * mm, 78 * mm, 28 * mm)
    headings = ("", gettext("Name"), gettext("Organisation"), gettext("Reference"))
    for page in range(pages):
        top = PAGE_HEIGHT - MARGIN
        canvas.setFont(BOLD, 14)
        canvas.drawString(MARGIN, top - 12, fit(event.title, BOLD, 14, PAGE_WIDTH - 2 * MARGIN))
        canvas.setFont(FONT, 10)
        canvas.drawString(MARGIN, top - 26, fit(subtitle, FONT, 10, 180 * mm))
        y = top - 44
        canvas.setFont(BOLD, 10)
        x = MARGIN
        for heading, width in zip(headings, widths, strict=True):
            canvas.drawString(x + 2, y, heading)
            x += width
        canvas.line(MARGIN, y - 3, PAGE_WIDTH - MARGIN, y - 3)
        rows = people[page * ROWS_PER_PAGE : (page + 1) * ROWS_PER_PAGE]
        if not rows:
            canvas.setFont(FONT, 10)
            canvas.drawString(MARGIN, y - ROW_HEIGHT, gettext("No one is registered on site."))
        for number, (last, first, organisation, reference, *_rest) in enumerate(rows):
            row_top = y - 3 - number * ROW_HEIGHT
            baseline = row_top - ROW_HEIGHT + 2.2 * mm
            canvas.setStrokeColor(colors.black)
            canvas.rect(MARGIN + 3 * mm, baseline - 0.8 * mm, 4.5 * mm, 4.5 * mm)
            if reference in ticked:
                canvas.setFont(BOLD, 11)
                canvas.drawString(MARGIN + 3.9 * mm, baseline, "X")
            canvas.setFont(BOLD, 10)
            name = f"{last}, {first}"
            canvas.drawString(MARGIN + widths[0] + 2, baseline, fit(name, BOLD, 10, widths[1] - 4))
            canvas.setFont(FONT, 10)
            x = MARGIN + widths[0] + widths[1]
            canvas.drawString(x + 2, baseline, fit(organisation, FONT, 10, widths[2] - 4))
            canvas.drawString(x + widths[2] + 2, baseline, reference)
            canvas.setStrokeColor(colors.lightgrey)
            canvas.line(MARGIN, row_top - ROW_HEIGHT, PAGE_WIDTH - MARGIN, row_top - ROW_HEIGHT)
        canvas.setFont(FONT, 9)
        footer = gettext("Page %(page)d of %(pages)d · %(count)d registered on site") % {
            "page": page + 1,
            "pages": pages,
            "count": len(people),
        }
        canvas.drawRightString(PAGE_WIDTH - MARGIN, MARGIN / 2, footer)
        canvas.showPage()
    return pages


def badges(event, target):
    """Write name badges (name, organisation, event), 8 per A4, to ``target``.

    Returns the number of pages.
    """
    people = people_on_site(event)
    pages = max(1, math.ceil(len(people) / BADGES_PER_PAGE))
    canvas = _new_canvas(target, gettext("Name badges – %(event)s") % {"event": event.title})
    margin = 12 * mm
    width = (PAGE_WIDTH - 2 * margin) / BADGE_COLUMNS
    height = (PAGE_HEIGHT - 2 * margin) / BADGE_ROWS
    footer = fit(event.title, FONT, 9, width - 10 * mm)
    for page in range(pages):
        for index, (last, first, organisation, *_rest) in enumerate(
            people[page * BADGES_PER_PAGE : (page + 1) * BADGES_PER_PAGE]
        ):
            column, row = index % BADGE_COLUMNS, index // BADGE_COLUMNS
            left = margin + column * width
            bottom = PAGE_HEIGHT - margin - (row + 1) * height
            centre = left + width / 2
            canvas.setStrokeColor(colors.lightgrey)
            canvas.setDash(3, 3)
            canvas.rect(left, bottom, width, height)
            canvas.setDash()
            _draw_centred(canvas, first, BOLD, 24, centre, bottom + height * 0.62, width)
            _draw_centred(canvas, last, BOLD, 18, centre, bottom + height * 0.45, width)
            _draw_centred(canvas, organisation, FONT, 12, centre, bottom + height * 0.28, width)
            canvas.setFont(FONT, 9)
            canvas.setFillColor(colors.dimgrey)
            canvas.drawCentredString(centre, bottom + 6 * mm, footer)
            canvas.setFillColor(colors.black)
        canvas.showPage()
    canvas.save()
    return pages


def _draw_centred(canvas, text, font, size, centre, y, width):
    """Centred text, made smaller (to 8 points at least) before it is cut to fit."""
    room = width - 10 * mm
    while size > 8 and stringWidth(text, font, size) > room:
        size -= 1
    canvas.setFont(font, size)
    canvas.drawCentredString(centre, y, fit(text, font, size, room))
