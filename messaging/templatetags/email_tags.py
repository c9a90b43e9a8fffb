"""Dates and times in e-mails, in the language the e-mail is rendered in."""

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext, pgettext

register = template.Library()


def _date(value):
    # Translators: a Django date format for a day in e-mails (weekday, day, month, year).
    return formats.date_format(timezone.localtime(value), pgettext("e-mail date", "l, F j, Y"))


def _time(value):
    return formats.time_format(timezone.localtime(value), "H:i")


@register.simple_tag
def when(starts_at, ends_at):
    """'tisdag 14 maj 2019 kl. 09:00–16:00', or both dates when it spans several days."""
    if timezone.localdate(starts_at) == timezone.localdate(ends_at):
        return gettext("%(date)s, %(start)s–%(end)s") % {
            "date": _date(starts_at),
            "start": _time(starts_at),
            "end": _time(ends_at),
        }
    return gettext("%(start_date)s, %(start)s – %(end_date)s, %(end)s") % {
        "start_date": _date(starts_at),
        "start": _time(starts_at),
        "end_date": _date(ends_at),
        "end": _time(ends_at),
    }


@register.simple_tag
def day(value):
    """'tisdag 14 maj 2019'."""
    return _date(value)


@register.filter
def one_line_list(value):
    """An answer with several choices (one per line) as 'a, b, c'."""
    return ", ".join(line.strip() for line in str(value).splitlines() if line.strip())
