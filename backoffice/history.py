"""What the admin writes in an object's history (LogEntry), and what it leaves out.

Django stores the names of the changed fields untranslated and translates them
when the history is shown. It stores each form field's label ("Description"),
which is not in the catalogue; the model field's verbose name ("description")
is, so that is what we store: the history reads "Ändrade beskrivning och
platser på plats."

A text nobody touched is no change either: see backoffice/fields.py.
"""

from django.contrib.admin.utils import construct_change_message
from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from django.utils.text import capfirst


def change_message(form, formsets, add):
    """Django's change message, with the changed fields named by their verbose names."""
    message = construct_change_message(form, formsets, add)
    inline_changes = iter(
        (formset.forms[0], fields)
        for formset in formsets
        for _changed_object, fields in formset.changed_objects
    )
    for part in message:
        changed = part.get("changed")
        if changed is not None:
            changed_form, names = next(inline_changes) if "name" in changed else (form, None)
            changed["fields"] = field_names(changed_form, names or changed_form.changed_data)
    return message


def field_names(form, names):
    """The untranslated names of fields of ``form``, as LogEntry translates them."""
    with translation.override(None):
        return [str(_name(form, name)) for name in names]


def _name(form, name):
    field = form.fields.get(name)
    label = field.label if field is not None else None
    try:
        verbose_name = form._meta.model._meta.get_field(name).verbose_name
    except (AttributeError, FieldDoesNotExist):
        return label or name
    if label is None or str(label) == capfirst(str(verbose_name)):
        return verbose_name
    return label
