"""The export form of the admin: which list, which format, which columns."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exports.catalogue import Format, Report, formats_of
from exports.reports import DEFAULT_STATUSES
from registrations.models import Registration


class ExportForm(forms.Form):
    report = forms.ChoiceField(label=_("List"), widget=forms.RadioSelect)
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[(Format.CSV, Format.CSV.label), (Format.XLSX, Format.XLSX.label)],
        initial=Format.XLSX,
        widget=forms.RadioSelect,
        help_text=_("The PDF lists are always PDF."),
    )
    statuses = forms.MultipleChoiceField(
        label=_("Registrations"),
        choices=Registration.Status.choices,
        initial=list(DEFAULT_STATUSES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("For the attendee list."),
    )
    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("For the attendee list, in this order."),
    )
    save_columns = forms.BooleanField(
        label=_("Save this choice of columns for the event"), required=False
    )

    def __init__(self, *args, reports, columns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].choices = [(report, Report(report).label) for report in reports]
        self.fields["report"].initial = reports[0]
        groups = {}
        for column in columns:
            groups.setdefault(str(column.group), []).append((column.key, column.label))
        self.fields["columns"].choices = list(groups.items())
        self.column_order = [column.key for column in columns]
        if Report.ATTENDEES not in reports:
            for name in ("statuses", "columns", "save_columns"):
                del self.fields[name]

    def column_groups(self):
        """[(group label, [checkbox subwidgets])] for a fieldset per group."""
        boxes = iter(self["columns"].subwidgets)
        return [
            (label, [next(boxes) for _choice in choices])
            for label, choices in self.fields["columns"].choices
        ]

    def clean(self):
        cleaned = super().clean()
        report = cleaned.get("report")
        if report is None:
            return cleaned
        if Format.PDF in formats_of(report):
            cleaned["file_format"] = Format.PDF
        if report == Report.ATTENDEES:
            if not cleaned.get("columns"):
                self.add_error("columns", _("Choose at least one column."))
            if not cleaned.get("statuses"):
                self.add_error("statuses", _("Choose at least one kind of registration."))
        chosen = set(cleaned.get("columns") or ())
        cleaned["columns"] = [key for key in self.column_order if key in chosen]
        return cleaned
