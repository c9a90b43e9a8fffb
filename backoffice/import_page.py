"""Importing a participant list into one event: /admin/events/event/<id>/import/.

Upload a CSV or XLSX file, match its columns to the registration's fields (guessed
from the headers), see each row's problems and what it would become, then import
them all through the public form's service, or none (registrations.importing).

The file itself is not stored: its rows travel, signed and compressed, in the
form of the page until they are imported (or the page is left), and nowhere else.
"""

from django import forms
from django.contrib import messages
from django.core import signing
from django.forms.utils import ErrorDict
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from registrations import import_columns, importing
from registrations.forms import SignupOptions
from registrations.views import queries

from .access import event_for_page
from .add_registration import OrganiserBookingForm, closed_message, may_add
from .import_file import MAX_BYTES, ImportFileError, read_table

SIGNED_FOR = 3 * 60 * 60  # seconds the uploaded rows can be imported
IMPORT = "_import"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Participant list (CSV or Excel .xlsx)"),
        help_text=_(
            "The first row holds the column headers, each further row one participant. "
            "At most 2 000 rows and 5 MB."
        ),
        error_messages={
            "required": _("Choose the file to import."),
            "empty": _("The file is empty."),
        },
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.ms-excel"}
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            self.table = read_table(uploaded)
        except ImportFileError as error:
            raise forms.ValidationError(error.message) from error
        return uploaded


class MappingForm(forms.Form):
    """One choice per column of the file: the field it fills, or nothing."""

    REQUIRED = (
        ("email", _("E-mail")),
        ("organisation", _("Organisation or workplace")),
    )

    def __init__(self, *args, headers, choices, guesses, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        options = [("", gettext("– not imported –")), *choices]
        self.labels = dict(choices)
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header, choices=options, required=False, initial=guesses[index]
            )

    def mapping(self):
        return [self.cleaned_data.get(f"column_{i}", "") for i in range(len(self.headers))]

    def clean(self):
        cleaned = super().clean()
        chosen = [value for value in self.mapping() if value]
        for key in sorted(set(chosen)):
            if chosen.count(key) > 1:
                self.add_error(
                    None,
                    gettext("Only one column can be “%(field)s”.") % {"field": self.labels[key]},
                )
        has_names = {"first_name", "last_name"} <= set(chosen)
        if not has_names and "full_name" not in chosen:
            self.add_error(
                None,
                gettext(
                    "Choose the columns with the first and last names (or one column with "
                    "the whole name)."
                ),
            )
        for key, label in self.REQUIRED:
            if key not in chosen:
                self.add_error(
                    None, gettext("Choose the column with “%(field)s”.") % {"field": label}
                )
        return cleaned

    def as_rows(self):
        return [self[f"column_{i}"] for i in range(len(self.headers))]


class ImportSettingsForm(OrganiserBookingForm):
    """Price, invoice details, consent, language and e-mail, for every imported row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["submission_key"]
        self.fields["send_email"].label = _("Send confirmation e-mails")
        self.fields["send_email"].help_text = _(
            "Each participant gets the confirmation (or the waiting-list notice) with their "
            "link to change or cancel, as after the public form. Without it nobody is "
            "e-mailed now."
        )
        self.fields["consent"].label = _(
            "The participants know how their details are handled (the privacy notice) and "
            "agree to it."
        )
        self.fields["consent"].error_messages["required"] = _(
            "Confirm that the participants agree to the privacy notice."
        )


def import_url(request, event):
    """The page's address for ``event``, or "" when the user cannot import to it now."""
    if not may_add(request, event) or closed_message(event):
        return ""
    return reverse("admin:events_event_import", args=[event.pk])


def _salt(request, event):
    return f"participant-import:{event.pk}:{request.user.pk}"


def _sign(request, event, name, headers, rows):
    return signing.dumps(
        {"name": name, "headers": headers, "rows": rows}, salt=_salt(request, event), compress=True
    )


def _unsign(request, event, value):
    try:
        return signing.loads(value, salt=_salt(request, event), max_age=SIGNED_FOR)
    except signing.BadSignature:
        return None


def import_page(model_admin, request, object_id):
    event = event_for_page(model_admin, request, object_id, "change")
    event = queries.events_for_signup().get(pk=event.pk)
    closed = closed_message(event)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": gettext("Import a participant list"),
        "event": event,
        "closed_message": closed,
        "max_rows": importing.MAX_ROWS,
        "max_megabytes": MAX_BYTES // (1024 * 1024),
    }
    if request.method == "POST" and not closed:
        if "table" in request.POST:
            return _mapping_step(model_admin, request, event, context)
        upload = UploadForm(request.POST, request.FILES)
        if upload.is_valid():
            headers, rows = upload.table
            name = upload.cleaned_data["file"].name
            signed = _sign(request, event, name, headers, rows)
            return _render_mapping(request, event, context, signed, name, headers, rows, None)
    else:
        upload = UploadForm()
    context["upload"] = upload
    return TemplateResponse(request, "admin/events/event/import_upload.html", context)


def _mapping_step(model_admin, request, event, context):
    table = _unsign(request, event, request.POST["table"])
    if table is None:
        messages.error(
            request,
            gettext("The uploaded list has expired or was changed. Please upload the file again."),
        )
        return HttpResponseRedirect(request.path)
    headers, rows, name = table["headers"], table["rows"], table["name"]
    response = _render_mapping(
        request, event, context, request.POST["table"], name, headers, rows, request.POST
    )
    check, settings_form = response.context_data["check"], response.context_data["settings"]
    wants_import = IMPORT in request.POST
    if not wants_import or check is None or not check.importable:
        return response
    if not settings_form.is_valid():
        return response
    data = settings_form.cleaned_data
    try:
        imported = importing.import_participants(
            event=event,
            rows=[(row.number, row.data) for row in check.rows],
            price_option=settings_form.chosen_price_option(),
            invoice=settings_form.invoice_data(),
            language=data["language"],
            consent_at=timezone.now(),
            notify=data["send_email"],
            user=request.user,
            source=name,
        )
    except importing.ImportRefused as refused:
        response.context_data["import_error"] = refused.message
        return response
    messages.success(request, _imported_message(imported, emailed=data["send_email"]))
    changelist = reverse("admin:registrations_registration_changelist")
    return HttpResponseRedirect(f"{changelist}?event={event.pk}")


def _render_mapping(request, event, context, signed, name, headers, rows, data):
    choices = import_columns.targets(event)
    guesses = import_columns.guess_mapping(headers, choices)
    if data is None:  # first shown: the guesses, as if they had been chosen
        data = {f"column_{i}": key for i, key in enumerate(guesses)}
    mapping_form = MappingForm(data, headers=headers, choices=choices, guesses=guesses)
    options = SignupOptions.from_event(event)
    settings_form = ImportSettingsForm(
        data if "table" in data else None, options=options, prefix="booking"
    )
    if settings_form.is_bound and IMPORT not in data:
        # "Update the preview": keep what was typed, say nothing of it yet.
        settings_form.full_clean()
        settings_form._errors = ErrorDict()
    for form in (mapping_form, settings_form):
        form.required_css_class = "required"
    valid = mapping_form.is_valid()
    mapping = mapping_form.mapping() if valid else None
    check = importing.check_rows(event, rows, mapping) if valid else None
    context.update(
        {
            "table": signed,
            "file_name": name,
            "headers": headers,
            "row_count": len(rows),
            "mapping_form": mapping_form,
            "mapping_rows": list(
                zip(mapping_form.as_rows(), _examples(rows, len(headers)), strict=True)
            ),
            "settings": settings_form,
            "check": check,
            "import_button": IMPORT,
        }
    )
    return TemplateResponse(request, "admin/events/event/import_preview.html", context)


def _examples(rows, width):
    """The first non-empty value of each column, to recognise it by."""
    return [
        next((row[index] for row in rows if index < len(row) and row[index]), "")
        for index in range(width)
    ]


def _imported_message(imported, *, emailed):
    waiting = sum(1 for r in imported if r.status == r.Status.WAITLISTED)
    text = ngettext(
        "%(count)d participant imported: %(confirmed)d confirmed, %(waiting)d waiting.",
        "%(count)d participants imported: %(confirmed)d confirmed, %(waiting)d waiting.",
        len(imported),
    ) % {"count": len(imported), "confirmed": len(imported) - waiting, "waiting": waiting}
    if emailed:
        told = gettext("Each participant is sent a confirmation by e-mail.")
    else:
        told = gettext("No e-mail was sent.")
    return f"{text} {told}"
