from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "invoicing"
    verbose_name = _("Invoicing")

    def ready(self):
        from . import receivers  # noqa: F401  (connects to registrations' signals)
