"""Dates and times in e-mails, in the language the e-mail is rendered in,
written as on the site (events/formatting.py)."""

from django import template

from events.formatting import weekday_date, weekday_datetime_range

register = template.Library()


@register.simple_tag
def when(starts_at, ends_at):
    """'tisdag 14 maj 2019 kl. 09.00–16.00', or both dates when it spans several days."""
    return weekday_datetime_range(starts_at, ends_at)


@register.simple_tag
def day(value):
    """'tisdag 14 maj 2019'."""
    return weekday_date(value)
