"""The colleague who takes a participant's place."""

from django import forms
from django.utils.translation import gettext_lazy as _

from registrations.models import Registration

from .fields import EmailField, NameField, TextField


def _max_length(name):
    return Registration._meta.get_field(name).max_length


class HandOverForm(forms.Form):
    first_name = NameField(
        label=_("Your colleague's first name"),
        max_length=_max_length("first_name"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    last_name = NameField(
        label=_("Your colleague's last name"),
        max_length=_max_length("last_name"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = EmailField(
        label=_("Your colleague's e-mail"),
        max_length=_max_length("email"),
        help_text=_("Their own link to the registration is sent here."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    organisation = TextField(
        label=_("Organisation"),
        max_length=_max_length("organisation"),
        widget=forms.TextInput(attrs={"list": "organisation-suggestions"}),
    )
