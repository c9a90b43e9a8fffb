"""Dates, times and places of events as people read them.

``{% load event_format %}`` gives:

- ``{{ start|date_range:end }}``: "14–16 maj 2019", "30 april – 2 maj 2019", "27 april 2017"
- ``{{ start|datetime_range:end }}``: "27 april 2017 kl. 09.00–16.00"
- ``{{ start|time_range:end }}``: "09.00–10.30"
- ``{{ value|when }}``: "1 mars 2019 kl. 09.00"
- ``{{ day|day_heading }}``: "Tisdag 14 maj 2019"

Month and weekday names come from Django's own translations. How a time is
written (09.00 with "kl." in Swedish, 09:00 in English) is locale format data,
like Django's ``formats.py``, so it lives here rather than in the catalogue.
"""

import datetime as dt

from django import template
from django.utils import dateformat, timezone, translation
from django.utils.text import capfirst

register = template.Library()

# Per language: (time format, joiner between a date and a time), in Django's date syntax.
TIME_FORMATS = {
    "sv": ("H.i", r" \k\l. "),
    "en": ("H:i", ", "),
}
DATE = "j F Y"
DAY_MONTH = "j F"


def _formats():
    language = (translation.get_language() or "sv").split("-")[0]
    return TIME_FORMATS.get(language, TIME_FORMATS["en"])


def _localdate(value):
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _localtime(value):
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _fmt(value, format_string):
    return dateformat.format(value, format_string)


@register.filter
def date_range(start, end=None):
    """The days an event covers: "27 april 2017", "14–16 maj 2019"."""
    if not start:
        return ""
    first = _localdate(start)
    last = _localdate(end) if end else first
    if first == last:
        return _fmt(first, DATE)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{_fmt(last, DATE)}"
    if first.year == last.year:
        return f"{_fmt(first, DAY_MONTH)} – {_fmt(last, DATE)}"
    return f"{_fmt(first, DATE)} – {_fmt(last, DATE)}"


@register.filter
def time_range(start, end):
    """Start and end time of day: "09.00–10.30"."""
    time_format, _joiner = _formats()
    return f"{_fmt(_localtime(start), time_format)}–{_fmt(_localtime(end), time_format)}"


@register.filter
def when(value):
    """A moment: "1 mars 2019 kl. 09.00"."""
    if not value:
        return ""
    time_format, joiner = _formats()
    return _fmt(_localtime(value), DATE + joiner + time_format)


@register.filter
def datetime_range(start, end):
    """Start and end with times: "27 april 2017 kl. 09.00–16.00" or across days."""
    if _localdate(start) == _localdate(end):
        time_format, joiner = _formats()
        return _fmt(_localtime(start), DATE + joiner) + time_range(start, end)
    return f"{when(start)} – {when(end)}"


@register.filter
def day_heading(day):
    """A programme day: "Tisdag 14 maj 2019"."""
    return capfirst(_fmt(_localdate(day), "l " + DATE))
