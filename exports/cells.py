"""Cell values for spreadsheets: safe against formula injection, readable in Swedish Excel."""

import datetime as dt
import re
from decimal import Decimal

from defusedcsv.csv import _escape as _defusedcsv_escape
from django.utils import timezone

# defusedcsv covers = + - @ | %; a leading tab or carriage return can also start a
# formula once Excel trims the cell, so those are neutralised the same way.
_EXTRA_TRIGGERS = ("\t", "\r")
# The first characters that can make a cell a formula: most cells start with none of
# them and are returned at once, without defusedcsv's regular expression.
_TRIGGERS = frozenset("=+-@|%\t\r")
_NUMBER = re.compile(r"-?[0-9,.]+")


def neutralise(value):
    """A text that cannot run as a formula; other values unchanged.

    The one escaping function for CSV and XLSX alike: a leading ' makes Excel and
    LibreOffice show the text as text (OWASP's advice, as in defusedcsv).
    """
    if not isinstance(value, str):
        return value
    if not value or value[0] not in _TRIGGERS:
        return value
    if value.startswith(_EXTRA_TRIGGERS):
        return "'" + value
    return _defusedcsv_escape(value)


def for_xlsx(value):
    """A value openpyxl writes as the right cell type (local time, no time zone)."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if value is None:
        return None
    if isinstance(value, (int, float, Decimal, dt.date)):
        return value
    return neutralise(str(value))


def for_csv(value, zone=None):
    """A CSV field as Swedish Excel reads it: local time, decimal comma.

    ``zone``: the local time zone, when the caller has looked it up once for many cells.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(zone or timezone.get_current_timezone())
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (Decimal, float)):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, bool):
        return "x" if value else ""
    return neutralise(str(value))
