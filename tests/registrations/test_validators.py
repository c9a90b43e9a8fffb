"""registrations.validators: Swedish organisation numbers."""

import pytest
from django.core.exceptions import ValidationError

from registrations.validators import (
    is_public_sector,
    luhn_valid,
    normalise_organisation_number,
    validate_organisation_number,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("212000-0522", "212000-0522"),
        ("2120000522", "212000-0522"),
        (" 212000 0522 ", "212000-0522"),
        ("16212000-0522", "212000-0522"),
        ("12-34", "12-34"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_organisation_number(value, expected):
    assert normalise_organisation_number(value) == expected


@pytest.mark.parametrize("value", ["212000-0522", "2120000522", "556036-0793", "232100-0222"])
def test_validate_organisation_number_accepts_valid_numbers(value):
    assert validate_organisation_number(value) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("212000-0523", "organisation_number_checksum"),
        ("556036-0794", "organisation_number_checksum"),
        ("21200-0522", "organisation_number_format"),
        ("212000-05222", "organisation_number_format"),
        ("abcdef-ghij", "organisation_number_format"),
        ("212000–0522", "organisation_number_format"),
        ("", "organisation_number_format"),
    ],
)
def test_validate_organisation_number_refuses_invalid_numbers(value, code):
    with pytest.raises(ValidationError) as refused:
        validate_organisation_number(value)

    assert refused.value.code == code


def test_luhn_valid_known_numbers():
    assert [luhn_valid("5560360793"), luhn_valid("5560360792")] == [True, False]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("212000-0522", True), ("232100-0222", True), ("202100-5489", True), ("556036-0793", False)],
)
def test_is_public_sector(value, expected):
    assert is_public_sector(value) is expected
