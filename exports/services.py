"""Writes of the exports app: remembering an event's choice of columns."""

from django.db import transaction

from .models import ExportPreset


def save_preset(*, event, columns, user=None) -> ExportPreset:
    """Remember ``columns`` (column keys, in order) as the event's attendee-list choice."""
    with transaction.atomic():
        preset, _created = ExportPreset.objects.update_or_create(
            event=event, defaults={"columns": list(columns), "updated_by": user}
        )
    return preset


def saved_columns(event):
    """The event's saved column keys, or None when nothing is saved."""
    preset = ExportPreset.objects.filter(event=event).only("columns").first()
    return list(preset.columns) if preset else None
