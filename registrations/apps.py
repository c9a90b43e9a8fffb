from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self):
        # The composers of the e-mails the worker writes (messaging.composers).
        from . import notifications  # noqa: F401
