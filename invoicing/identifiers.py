"""Swedish business identifiers, checked with python-stdnum: organisation number,
VAT number, bankgiro, plusgiro, IBAN, and Peppol participant identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import ean, iban, luhn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr, vat

_BANKGIRO = re.compile(r"^\d{3,4}-?\d{4}\Z")
_PLUSGIRO = re.compile(r"^\d{1,7}-?\d\Z")
_VAT_FORM = re.compile(r"^SE\d{12}\Z")


def compact(value):
    return (value or "").replace(" ", "").strip()


def validate_organisation_number(value):
    if not orgnr.is_valid(compact(value)):
        raise ValidationError(
            _("This is not a valid organisation number (NNNNNN-NNNN): please check the digits."),
            code="orgnr",
        )


def format_organisation_number(value):
    return orgnr.format(compact(value)) if orgnr.is_valid(compact(value)) else value


def validate_vat_number(value):
    value = compact(value).upper()
    if not _VAT_FORM.match(value) or not vat.is_valid(value):
        raise ValidationError(
            _(
                "Enter the VAT number as SE followed by twelve digits: the organisation "
                "number and 01, e.g. SE212000014201."
            ),
            code="vat",
        )


def validate_bankgiro(value):
    value = compact(value)
    if not _BANKGIRO.match(value) or not luhn.is_valid(value.replace("-", "")):
        raise ValidationError(
            _("Enter the bankgiro number as NNN-NNNN or NNNN-NNNN; please check the digits."),
            code="bankgiro",
        )


def validate_plusgiro(value):
    value = compact(value)
    if not _PLUSGIRO.match(value) or not luhn.is_valid(value.replace("-", "")):
        raise ValidationError(
            _("Enter the plusgiro number as digits with a dash before the last, e.g. 12345-6."),
            code="plusgiro",
        )


def validate_iban(value):
    try:
        iban.validate(compact(value))
    except StdnumError as error:
        raise ValidationError(
            _("This is not a valid IBAN: please check it."), code="iban"
        ) from error


def peppol_parts(value):
    """``(scheme, identifier)`` of a Peppol ID ("0007:2120000142"), a bare GLN
    (13 digits: scheme 0088) or a bare organisation number (scheme 0007)."""
    value = compact(value)
    if ":" in value:
        scheme, identifier = value.split(":", 1)
        return scheme, identifier
    digits = value.replace("-", "")
    if len(digits) == 13:
        return "0088", digits
    return "0007", digits


def validate_peppol_id(value):
    """A Peppol participant ID whose identifier passes its scheme's check digit:
    0007 a Swedish organisation number (Luhn), 0088 a GLN (GS1 check digit)."""
    scheme, identifier = peppol_parts(value)
    if scheme == "0007" and not orgnr.is_valid(identifier):
        raise ValidationError(
            _("The organisation number in the Peppol ID fails its check digit: please check it."),
            code="peppol_0007",
        )
    if scheme == "0088" and not (len(identifier) == 13 and ean.is_valid(identifier)):
        raise ValidationError(
            _("A GLN has 13 digits and ends with a check digit; please check it."),
            code="peppol_0088",
        )
    if not (len(scheme) == 4 and scheme.isdigit() and identifier):
        raise ValidationError(
            _("Enter a Peppol ID such as 0007:2120000142 or a 13-digit GLN."), code="peppol"
        )
