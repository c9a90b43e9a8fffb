"""One style for prices, dates and times (events/formatting.py, config/formats/)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats, translation

from events import formatting
from events.models import PriceOption

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(year, month, day, hour=9, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def test_money_in_swedish_groups_thousands_with_a_no_break_space():
    assert formatting.money(Decimal("4200.00")) == "4\xa0200\xa0kr"


def test_money_in_swedish_keeps_ore_when_there_are_any():
    assert formatting.money(Decimal("4200.50")) == "4\xa0200,50\xa0kr"


def test_money_below_a_thousand():
    assert formatting.money(Decimal("950")) == "950\xa0kr"


def test_money_in_english():
    with translation.override("en"):
        assert formatting.money(Decimal("4200.00")) == "SEK\xa04,200"


def test_price_option_str_groups_thousands():
    option = PriceOption(name="Hela konferensen", amount=Decimal("4200.00"))

    assert str(option) == "Hela konferensen (4\xa0200\xa0kr)"


def test_clock_in_swedish_and_english():
    assert formatting.clock(at(2019, 5, 14, 10)) == "10.00"
    with translation.override("en"):
        assert formatting.clock(at(2019, 5, 14, 10)) == "10:00"


def test_weekday_datetime_range_one_day_in_swedish():
    assert formatting.weekday_datetime_range(at(2027, 4, 27, 9, 30), at(2027, 4, 27, 16)) == (
        "tisdag 27 april 2027 kl. 09.30–16.00"
    )


def test_weekday_datetime_range_several_days_in_english():
    with translation.override("en"):
        assert formatting.weekday_datetime_range(at(2019, 5, 14, 10), at(2019, 5, 16, 12, 30)) == (
            "Tuesday 14 May 2019, 10:00 – Thursday 16 May 2019, 12:30"
        )


def test_weekday_date_in_english_is_day_month_year():
    with translation.override("en"):
        assert formatting.weekday_date(at(2027, 4, 27)) == "Tuesday 27 April 2027"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("sv", "27 april 2017 kl. 09.00"), ("en", "27 April 2017, 09:00")],
)
def test_django_datetime_format_is_the_sites(language, expected):
    """What the admin and Django's own date filter show."""
    with translation.override(language):
        assert formats.date_format(at(2017, 4, 27, 9), "DATETIME_FORMAT") == expected


def test_django_date_format_in_english_is_day_month_year():
    with translation.override("en"):
        assert formats.date_format(dt.date(2017, 4, 27)) == "27 April 2017"
