"""What the exports remember: each event's chosen columns for the attendee list."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportPreset(models.Model):
    event = models.OneToOneField(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="export_preset",
        verbose_name=_("event"),
    )
    columns = models.JSONField(_("columns"), default=list)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("saved export columns")
        verbose_name_plural = _("saved export columns")

    def __str__(self):
        return str(self.event)
