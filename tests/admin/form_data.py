"""The data a browser would send back for an admin change form, as shown."""

from django import forms


def _field_data(bound):
    widget = bound.field.widget
    widget = getattr(widget, "widget", widget)  # the admin's related-object wrapper
    value = bound.value()
    name = bound.html_name
    if isinstance(widget, forms.MultiWidget):
        values = value if isinstance(value, list) else widget.decompress(value)
        return {
            f"{name}{suffix}": sub.format_value(part) or ""
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, values, strict=True)
        }
    if isinstance(widget, forms.CheckboxInput):
        return {name: "on"} if value else {}
    if isinstance(value, list | tuple):
        return {name: [str(item) for item in value]}
    if value is None:
        return {name: ""}
    return {name: widget.format_value(value) or ""}


def form_data(form):
    data = {}
    for bound in form:
        data.update(_field_data(bound))
    return data


def change_form_data(response, **changes):
    """Every field of the page's admin form and its inlines, with ``changes``."""
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            data.update(form_data(form))
    data.update(changes)
    return data
