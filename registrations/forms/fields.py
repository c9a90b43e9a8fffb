"""Form fields that clean text the way every signup field needs it.

Text is stripped (whitespace only counts as empty), normalised to Unicode NFC
(so "e" + combining accent and "é" are the same name), limited to the model's
length, and refused when it contains control characters such as NUL, which
PostgreSQL cannot store and which have no place in a name or an address.
"""

import re
import unicodedata

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import ean

from registrations.validators import luhn_valid

# Bidirectional embeddings, overrides and isolates: they can make a name on a badge
# or a list read differently from what is stored. (The plain marks U+200E/U+200F
# that some right-to-left names need are allowed.)
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = set("\n\r\t")

ERROR_MESSAGES = {
    "required": _("Please fill in this field."),
    "max_length": _("Use at most %(limit_value)d characters (this text has %(show_value)d)."),
}


def has_control_characters(value, *, multiline=False):
    allowed = _LINE_BREAKS if multiline else set()
    return any(
        (unicodedata.category(char) == "Cc" and char not in allowed) or char in _BIDI_CONTROLS
        for char in value
    )


class ControlCharacterValidator:
    message = _(
        "The text contains invisible control characters that cannot be saved. "
        "Please remove them or type the text again."
    )
    code = "control_characters"

    def __init__(self, *, multiline=False):
        self.multiline = multiline

    def __call__(self, value):
        if has_control_characters(str(value), multiline=self.multiline):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, ControlCharacterValidator) and self.multiline == other.multiline


def _without_null_validator(field):
    """Our ControlCharacterValidator says the same about NUL, in plainer words."""
    field.validators = [
        v for v in field.validators if not isinstance(v, validators.ProhibitNullCharactersValidator)
    ]


class TextField(forms.CharField):
    """Stripped, NFC-normalised text without control characters.

    ``multiline=True`` renders a textarea and allows line breaks and tabs.
    """

    def __init__(self, *, multiline=False, rows=3, **kwargs):
        self.multiline = multiline
        if multiline:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        kwargs["error_messages"] = {**ERROR_MESSAGES, **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)
        _without_null_validator(self)
        self.validators.insert(0, ControlCharacterValidator(multiline=multiline))

    def to_python(self, value):
        value = super().to_python(value)
        if value:
            value = unicodedata.normalize("NFC", value)
            if self.multiline:
                value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value


class NameField(TextField):
    """A person's first or last name."""


_PHONE = re.compile(r"^\+?[0-9 \-()/.]+\Z")


def validate_phone(value):
    digits = sum(char.isdigit() for char in value)
    if not _PHONE.match(value) or not 5 <= digits <= 20:
        raise ValidationError(
            _("Enter a phone number with digits only, for example 070-123 45 67."),
            code="phone",
        )


class PhoneField(TextField):
    default_validators = [validate_phone]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
        super().__init__(**kwargs)


class EmailField(forms.EmailField):
    def __init__(self, **kwargs):
        kwargs["error_messages"] = {
            **ERROR_MESSAGES,
            "invalid": _("Enter an e-mail address such as name@kommun.se."),
            **kwargs.get("error_messages", {}),
        }
        super().__init__(**kwargs)
        _without_null_validator(self)


def gln_valid(digits):
    """GS1 check digit of a 13-digit Global Location Number."""
    return len(digits) == 13 and digits.isascii() and digits.isdigit() and ean.is_valid(digits)


_PEPPOL = re.compile(r"^([0-9]{4}):([A-Za-z0-9][A-Za-z0-9.\-_]{0,49})\Z")


def validate_peppol_id(value):
    """A GLN (13 digits with check digit) or a Peppol participant identifier
    'scheme:identifier', e.g. '0007:2120000142' (organisation number) or
    '0088:7300009012345' (GLN). Checked loosely: the recipient's system decides."""
    compact = value.replace(" ", "")
    if compact.isascii() and compact.isdigit():
        if not gln_valid(compact):
            raise ValidationError(
                _("A GLN has 13 digits and ends with a check digit; please check it."),
                code="gln",
            )
        return
    match = _PEPPOL.match(compact)
    if not match:
        raise ValidationError(
            _("Enter a Peppol ID such as 0007:2120000142 or a 13-digit GLN."), code="peppol"
        )
    scheme, identifier = match.groups()
    if scheme == "0088" and not gln_valid(identifier):
        raise ValidationError(
            _("A GLN has 13 digits and ends with a check digit; please check it."), code="gln"
        )
    if scheme == "0007" and not (
        len(identifier) == 10 and identifier.isdigit() and luhn_valid(identifier)
    ):
        raise ValidationError(
            _("After 0007: comes a Swedish organisation number of ten digits."), code="peppol"
        )
