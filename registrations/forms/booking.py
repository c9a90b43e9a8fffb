"""The contact person, the price option and invoice details, consent, and the
"send me my link again" form."""

import secrets

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from events.formatting import money
from registrations.models import Booking
from registrations.reference_data import find_organisation
from registrations.services import InvoiceData
from registrations.validators import (
    is_public_sector,
    normalise_organisation_number,
    validate_organisation_number,
)

from .fields import ERROR_MESSAGES, EmailField, NameField, PhoneField, TextField, validate_peppol_id
from .widgets import LimitedRadios

INVOICE_FIELDS = (
    "invoice_organisation",
    "invoice_organisation_number",
    "invoice_address",
    "invoice_reference",
    "invoice_peppol_id",
    "invoice_order_number",
)
INVOICE_REQUIRED = {
    "invoice_organisation": _("Enter the organisation that pays the invoice."),
    "invoice_organisation_number": _("Enter the paying organisation's organisation number."),
    "invoice_address": _("Enter the invoice address."),
}
SUBMISSION_KEY_PATTERN = r"^[A-Za-z0-9_-]{20,64}\Z"


def new_submission_key():
    return secrets.token_urlsafe(32)


def _max_length(name):
    return Booking._meta.get_field(name).max_length


class ContactForm(forms.Form):
    """Who makes the booking and gets the booking's confirmation."""

    first_name = NameField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = NameField(
        label=_("Last name"),
        max_length=_max_length("contact_name") - 101,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = EmailField(
        label=_("E-mail"),
        max_length=_max_length("contact_email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = PhoneField(label=_("Phone"), max_length=_max_length("contact_phone"), required=False)
    is_participant = forms.BooleanField(
        label=_("I am signing up myself"),
        help_text=_("Your name, e-mail and phone are used for the first participant."),
        required=False,
        initial=True,
    )

    @property
    def contact_name(self):
        return f"{self.cleaned_data['first_name']} {self.cleaned_data['last_name']}"


def price_label(option):
    if option.amount <= 0:
        return gettext("%(name)s – free of charge") % {"name": option.name}
    return gettext("%(name)s – %(price)s excl. VAT") % {
        "name": option.name,
        "price": money(option.amount),
    }


class BookingForm(forms.Form):
    """Price option, invoice details, consent and the submission key."""

    # Shorter names for the error summary than the fields' labels.
    summary_labels = {"consent": _("Privacy notice")}

    submission_key = forms.RegexField(
        regex=SUBMISSION_KEY_PATTERN,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("The form was changed or has expired. Please send it again."),
            "invalid": _("The form was changed or has expired. Please send it again."),
        },
    )
    consent = forms.BooleanField(
        error_messages={"required": _("You need to accept the privacy notice to sign up.")},
    )

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = options
        self.fields["consent"].label = format_html(
            gettext(
                'I have read the <a href="{url}">privacy notice</a> and agree that my '
                "details are handled as it describes."
            ),
            url=reverse("registrations:privacy"),
        )
        if options.price_options:
            limited = {o.pk: o.attendance_mode for o in options.price_options if o.attendance_mode}
            self.fields["price_option"] = forms.TypedChoiceField(
                label=_("Price"),
                choices=[(option.pk, price_label(option)) for option in options.price_options],
                coerce=int,
                widget=LimitedRadios(served_modes=limited),
                help_text=_(
                    "A price for participants on site, or for participants online, can be "
                    "chosen only when everyone in the registration takes part that way."
                )
                if limited and options.is_hybrid
                else "",
                initial=options.price_options[0].pk if len(options.price_options) == 1 else None,
                error_messages={
                    "required": _("Choose a price option."),
                    "invalid_choice": _("Choose one of the price options shown."),
                },
            )
        if options.has_fee:
            self._add_invoice_fields()
        self.fields["consent"] = self.fields.pop("consent")  # last, just above the button

    def _add_invoice_fields(self):
        self.fields["invoice_organisation"] = TextField(
            label=_("Paying organisation"),
            max_length=_max_length("invoice_organisation"),
            required=False,
        )
        self.fields["invoice_organisation_number"] = TextField(
            label=_("Organisation number"),
            max_length=13,
            required=False,
            help_text=_("Ten digits: NNNNNN-NNNN."),
        )
        self.fields["invoice_address"] = TextField(
            label=_("Invoice address"),
            max_length=1000,
            required=False,
            multiline=True,
            help_text=_("Street or box address, postal code and town; or the e-invoice address."),
        )
        self.fields["invoice_reference"] = TextField(
            label=_("Buyer's reference"),
            max_length=_max_length("invoice_reference"),
            required=False,
            help_text=_(
                "The reference code or name your organisation needs on the invoice. "
                "Required for municipalities and regions."
            ),
        )
        self.fields["invoice_peppol_id"] = TextField(
            label=_("Peppol ID or GLN (optional)"),
            max_length=_max_length("invoice_peppol_id"),
            required=False,
            validators=[validate_peppol_id],
            help_text=_("For e-invoices, for example 0007:2120000142."),
        )
        self._add_order_number_field()

    def _add_order_number_field(self):
        self.fields["invoice_order_number"] = TextField(
            label=_("Order number (optional)"),
            max_length=_max_length("invoice_order_number"),
            required=False,
            help_text=_("When your organisation has ordered the places, e.g. 4500012345."),
        )

    def clean_invoice_organisation_number(self):
        value = self.cleaned_data["invoice_organisation_number"]
        if value:
            validate_organisation_number(value)
            value = normalise_organisation_number(value)
        return value

    def chosen_price_option(self):
        return self.options.price_option(self.cleaned_data.get("price_option"))

    # Set by SignupForms: a participant's own price has a fee.
    participants_pay = False

    @property
    def needs_invoice(self):
        option = self.chosen_price_option()
        return self.participants_pay or (option is not None and option.amount > 0)

    def clean(self):
        cleaned = super().clean()
        if not self.options.has_fee:
            return cleaned
        if not self.needs_invoice:
            # A free option: whatever was typed in the invoice fields is not used.
            for name in INVOICE_FIELDS:
                self.errors.pop(name, None)
                cleaned.pop(name, None)
            return cleaned
        for name, message in INVOICE_REQUIRED.items():
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, message)
        if not cleaned.get("invoice_reference") and "invoice_reference" not in self.errors:
            number = cleaned.get("invoice_organisation_number") or ""
            payer = cleaned.get("invoice_organisation") or ""
            if (number and is_public_sector(number)) or find_organisation(payer):
                self.add_error(
                    "invoice_reference",
                    _(
                        "Municipalities, regions and government agencies need the buyer's "
                        "reference on the invoice. Ask your finance office if you do not know it."
                    ),
                )
        return cleaned

    def invoice_data(self):
        if not self.needs_invoice:
            return None
        data = self.cleaned_data
        return InvoiceData(
            organisation=data["invoice_organisation"],
            organisation_number=data["invoice_organisation_number"],
            address=data["invoice_address"],
            reference=data["invoice_reference"],
            peppol_id=data["invoice_peppol_id"],
            order_number=data.get("invoice_order_number", ""),
        )


class ResendLinkForm(forms.Form):
    email = EmailField(
        label=pgettext_lazy("resend link form", "Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            **ERROR_MESSAGES,
            "required": _("Enter the e-mail address you signed up with."),
        },
    )
