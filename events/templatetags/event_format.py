"""Dates, times, places and prices of events as people read them (events/formatting.py).

``{% load event_format %}`` gives:

- ``{{ start|date_range:end }}``: "14–16 maj 2019", "30 april – 2 maj 2019", "27 april 2017"
- ``{{ start|datetime_range:end }}``: "27 april 2017 kl. 09.00–16.00"
- ``{{ start|time_range:end }}``: "09.00–10.30"
- ``{{ value|when }}``: "1 mars 2019 kl. 09.00"
- ``{{ value|clock }}``: "09.00"
- ``{{ day|day_heading }}``: "Tisdag 14 maj 2019"
- ``{{ amount|money }}``: "4 200 kr"
"""

from django import template

from events.formatting import (
    clock,
    date_range,
    datetime_range,
    day_heading,
    money,
    time_range,
    when,
)

register = template.Library()

for _filter in (clock, date_range, datetime_range, day_heading, money, time_range, when):
    register.filter(_filter.__name__, _filter)

__all__ = ["clock", "date_range", "datetime_range", "day_heading", "money", "time_range", "when"]
