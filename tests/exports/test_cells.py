import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from exports.cells import for_csv, for_xlsx, neutralise


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+46 70 123 45 67", "'+46 70 123 45 67"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Kinda kommun", "Kinda kommun"),
        ("-12", "-12"),
        ("", ""),
    ],
)
def test_neutralise_text_that_could_run_as_a_formula(value, expected):
    assert neutralise(value) == expected


def test_neutralise_leaves_numbers_alone():
    assert neutralise(-5) == -5


def test_for_csv_writes_local_time_and_decimal_comma():
    moment = timezone.make_aware(dt.datetime(2026, 5, 14, 9, 30))
    assert for_csv(moment.astimezone(dt.UTC)) == "2026-05-14 09:30"
    assert for_csv(Decimal("2500.00")) == "2500,00"
    assert for_csv(None) == ""
    assert for_csv(3) == "3"


def test_for_xlsx_writes_naive_local_time():
    moment = timezone.make_aware(dt.datetime(2026, 5, 14, 9, 30))
    assert for_xlsx(moment.astimezone(dt.UTC)) == dt.datetime(2026, 5, 14, 9, 30)
    assert for_xlsx("=1+1") == "'=1+1"
    assert for_xlsx(Decimal("10.50")) == Decimal("10.50")
