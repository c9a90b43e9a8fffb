import datetime as dt
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import translation

from events.templatetags.event_format import (
    date_range,
    datetime_range,
    day_heading,
    time_range,
    when,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
UTC = dt.UTC


def at(year, month, day, hour=9, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def test_date_range_same_day_in_swedish():
    assert date_range(at(2017, 4, 27, 9), at(2017, 4, 27, 16)) == "27 april 2017"


def test_date_range_days_of_one_month_in_swedish():
    assert date_range(at(2019, 5, 14, 10), at(2019, 5, 16, 15)) == "14–16 maj 2019"


def test_date_range_across_months():
    assert date_range(at(2019, 4, 30), at(2019, 5, 2)) == "30 april – 2 maj 2019"


def test_date_range_across_years():
    assert date_range(at(2019, 12, 30), at(2020, 1, 2)) == "30 december 2019 – 2 januari 2020"


def test_date_range_without_end_is_one_day():
    assert date_range(at(2019, 5, 14)) == "14 maj 2019"


def test_date_range_uses_stockholm_date_of_utc_times():
    # 23.30 UTC on 13 May is 01.30 on 14 May in Stockholm (summer time).
    start = dt.datetime(2019, 5, 13, 23, 30, tzinfo=UTC)
    assert date_range(start, start + dt.timedelta(hours=2)) == "14 maj 2019"


def test_date_range_in_english():
    with translation.override("en"):
        assert date_range(at(2019, 5, 14), at(2019, 5, 16)) == "14–16 May 2019"


def test_time_range_in_swedish_uses_points():
    assert time_range(at(2019, 5, 14, 9), at(2019, 5, 14, 10, 30)) == "09.00–10.30"


def test_time_range_converts_utc_to_stockholm():
    start = dt.datetime(2019, 1, 10, 8, 0, tzinfo=UTC)
    assert time_range(start, start + dt.timedelta(minutes=45)) == "09.00–09.45"


def test_time_range_in_english_uses_colons():
    with translation.override("en"):
        assert time_range(at(2019, 5, 14, 9), at(2019, 5, 14, 10, 30)) == "09:00–10:30"


def test_datetime_range_one_day_in_swedish():
    assert datetime_range(at(2017, 4, 27, 9), at(2017, 4, 27, 16)) == (
        "27 april 2017 kl. 09.00–16.00"
    )


def test_datetime_range_several_days_in_swedish():
    assert datetime_range(at(2019, 5, 14, 10), at(2019, 5, 16, 15)) == (
        "14 maj 2019 kl. 10.00 – 16 maj 2019 kl. 15.00"
    )


def test_datetime_range_one_day_in_english():
    with translation.override("en"):
        assert datetime_range(at(2017, 4, 27, 9), at(2017, 4, 27, 16)) == (
            "27 April 2017, 09:00–16:00"
        )


def test_when_in_swedish():
    assert when(at(2019, 3, 1, 9)) == "1 mars 2019 kl. 09.00"


def test_when_of_nothing_is_empty():
    assert when(None) == ""


def test_day_heading_in_swedish_starts_with_capital():
    assert day_heading(dt.date(2019, 5, 14)) == "Tisdag 14 maj 2019"


def test_day_heading_of_datetime_uses_stockholm_date():
    assert day_heading(dt.datetime(2019, 5, 15, 22, 30, tzinfo=UTC)) == "Torsdag 16 maj 2019"


def test_day_heading_in_english():
    with translation.override("en"):
        assert day_heading(dt.date(2019, 5, 14)) == "Tuesday 14 May 2019"


def test_filters_in_a_template():
    template = Template(
        "{% load event_format %}{{ start|date_range:end }} {{ start|time_range:end }}"
    )
    context = Context({"start": at(2019, 5, 14, 9), "end": at(2019, 5, 16, 15, 30)})
    assert template.render(context) == "14–16 maj 2019 09.00–15.30"
