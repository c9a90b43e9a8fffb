"""Dates, times and prices as people read them, in the active language.

One style for pages, e-mails, lists, PDFs and the admin:

- ``when(value)``: "1 mars 2019 kl. 09.00" ("1 March 2019, 09:00")
- ``datetime_range(start, end)``: "27 april 2017 kl. 09.00–16.00", or across days
- ``weekday_datetime_range(start, end)``: the same with the weekday, for e-mails
- ``date_range(start, end)``: "14–16 maj 2019", "30 april – 2 maj 2019"
- ``time_range(start, end)``: "09.00–10.30"
- ``weekday_date(value)``: "tisdag 14 maj 2019"; ``day_heading``: "Tisdag 14 maj 2019"
- ``money(amount)``: "4 200 kr" ("SEK 4,200")

How a date or a time is written is locale format data (config/formats/), month
and weekday names come from Django's translations, and the word order of a price
from the catalogue.
"""

import datetime as dt
from decimal import Decimal

from django.utils import dateformat, formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

NO_BREAK_SPACE = "\xa0"


def _localdate(value):
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _localtime(value):
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _fmt(value, format_name, prefix=""):
    return dateformat.format(value, prefix + formats.get_format(format_name))


def clock(value):
    """A time of day: "09.00" ("09:00")."""
    return _fmt(_localtime(value), "TIME_FORMAT")


def time_range(start, end):
    """Start and end time of day: "09.00–10.30"."""
    return f"{clock(start)}–{clock(end)}"


def when(value):
    """A moment: "1 mars 2019 kl. 09.00"."""
    if not value:
        return ""
    return _fmt(_localtime(value), "DATETIME_FORMAT")


def datetime_range(start, end):
    """Start and end with times: "27 april 2017 kl. 09.00–16.00" or across days."""
    if _localdate(start) == _localdate(end):
        return f"{when(start)}–{clock(end)}"
    return f"{when(start)} – {when(end)}"


def weekday_datetime_range(start, end):
    """As datetime_range, with the weekday: "tisdag 27 april 2017 kl. 09.00–16.00"."""
    first = _fmt(_localtime(start), "DATETIME_FORMAT", prefix="l ")
    if _localdate(start) == _localdate(end):
        return f"{first}–{clock(end)}"
    return f"{first} – {_fmt(_localtime(end), 'DATETIME_FORMAT', prefix='l ')}"


def date_range(start, end=None):
    """The days an event covers: "27 april 2017", "14–16 maj 2019"."""
    if not start:
        return ""
    first = _localdate(start)
    last = _localdate(end) if end else first
    if first == last:
        return _fmt(first, "DATE_FORMAT")
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{_fmt(last, 'DATE_FORMAT')}"
    if first.year == last.year:
        return f"{_fmt(first, 'MONTH_DAY_FORMAT')} – {_fmt(last, 'DATE_FORMAT')}"
    return f"{_fmt(first, 'DATE_FORMAT')} – {_fmt(last, 'DATE_FORMAT')}"


def weekday_date(value):
    """A day with its weekday: "tisdag 14 maj 2019"."""
    return _fmt(_localdate(value), "DATE_FORMAT", prefix="l ")


def day_heading(day):
    """A programme day: "Tisdag 14 maj 2019"."""
    return capfirst(weekday_date(day))


def money(amount):
    """An amount in Swedish kronor: "4 200 kr", "4 200,50 kr" ("SEK 4,200").

    Digits are grouped in thousands and the price never breaks over two lines.
    """
    amount = Decimal(amount)
    decimals = 0 if amount == amount.to_integral_value() else 2
    number = formats.number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    # Translators: a price in Swedish kronor; Swedish puts "kr" after the number.
    text = gettext("SEK %(amount)s") % {"amount": number}
    return text.replace(" ", NO_BREAK_SPACE)
