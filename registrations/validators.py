"""Checks of invoice details shared by the signup form and the services."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import luhn

_ORGANISATION_NUMBER = re.compile(r"^(?:16)?(\d{6})-?(\d{4})$")


def luhn_valid(digits):
    """The Luhn (mod 10) check used by Swedish personal and organisation numbers."""
    return digits.isascii() and digits.isdigit() and luhn.is_valid(digits)


def normalise_organisation_number(value):
    """``'2120000142'``, ``'212000-0142'`` or ``'16212000-0142'`` -> ``'212000-0142'``.

    Returns the value stripped but otherwise unchanged when it has the wrong shape;
    ``validate_organisation_number`` says what is wrong with it.
    """
    value = (value or "").strip().replace(" ", "")
    match = _ORGANISATION_NUMBER.match(value)
    if not match:
        return value
    return f"{match.group(1)}-{match.group(2)}"


def validate_organisation_number(value):
    """A Swedish organisation number: NNNNNN-NNNN whose last digit is the Luhn check
    digit (personal identity numbers of sole traders pass too)."""
    match = _ORGANISATION_NUMBER.match((value or "").strip().replace(" ", ""))
    if not match:
        raise ValidationError(
            _("Enter the organisation number as NNNNNN-NNNN (ten digits)."),
            code="organisation_number_format",
        )
    if not luhn_valid(match.group(1) + match.group(2)):
        raise ValidationError(
            _("This is not a valid organisation number: please check the digits."),
            code="organisation_number_checksum",
        )


def is_public_sector(organisation_number):
    """True for organisation numbers of group 2: the state, regions, municipalities
    (212000-…, 232100-…) and parishes. Their invoices need the buyer's reference."""
    return normalise_organisation_number(organisation_number).startswith("2")
