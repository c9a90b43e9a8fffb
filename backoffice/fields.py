"""How the admin's form fields show and compare values, for every admin of our apps.

- A browser sends a textarea's line breaks as CR LF, and form fields strip the
  newline a stored text may end with: text fields compare as stored, so saving a
  page as it was shown changes no text (and writes no change in its history).
- Times are shown and typed in hours and minutes ("09:30", not "09:30:00").
- Links typed without a scheme get https:// (Django 6's default; silences its warning).
"""

import datetime as dt

from django import forms
from django.contrib.admin.widgets import (
    AdminSplitDateTime,
    BaseAdminDateWidget,
    BaseAdminTimeWidget,
)
from django.db import models

TIME_FORMAT = "%H:%M"


class MultilineField(forms.CharField):
    """A textarea's text, with its line breaks as stored (LF)."""

    widget = forms.Textarea

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        before = (initial or "").replace("\r\n", "\n").replace("\r", "\n").strip()
        return before != (self.to_python(data) or "")


class MinuteTimeInput(BaseAdminTimeWidget):
    """A time in hours and minutes; with its seconds only when it has some (a time
    stored by the system), so that saving the page as shown keeps it as it was."""

    def format_value(self, value):
        if isinstance(value, dt.time) and not value.second and not value.microsecond:
            return value.strftime(TIME_FORMAT)
        return super().format_value(value)


class MinuteSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, the time without seconds."""

    def __init__(self, attrs=None):
        forms.MultiWidget.__init__(self, [BaseAdminDateWidget, MinuteTimeInput], attrs)


URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}
FIELD_OVERRIDES = {
    **URL_FIELDS,
    models.TextField: {"form_class": MultilineField},
    models.DateTimeField: {"widget": MinuteSplitDateTime},
}
