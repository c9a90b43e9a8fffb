"""Run daily (cron, a systemd timer or the platform's scheduler):

    python manage.py anonymise_registrations

Applies the retention periods PRIVACY_SENSITIVE_RETENTION_DAYS and
PRIVACY_RETENTION_DAYS; see registrations/privacy.py for what is kept.
"""

from django.core.management.base import BaseCommand

from registrations.privacy import anonymise_due


class Command(BaseCommand):
    help = "Delete sensitive answers and anonymise registrations of events that ended long ago."

    def handle(self, *args, **options):
        result = anonymise_due()
        self.stdout.write(
            f"Dietary and accessibility needs deleted: {result.sensitive_cleared} registrations; "
            f"e-mail texts deleted: {result.emails_blanked}. "
            f"Anonymised: {result.registrations} registrations, {result.bookings} bookings; "
            f"e-mails deleted: {result.emails_deleted}."
        )
