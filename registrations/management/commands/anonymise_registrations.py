"""Run daily (cron, a systemd timer or the platform's scheduler):

    python manage.py anonymise_registrations
    python manage.py anonymise_registrations --dry-run   # what would be done; changes nothing

Applies the retention periods PRIVACY_SENSITIVE_RETENTION_DAYS and
PRIVACY_RETENTION_DAYS; see registrations/privacy.py for what is kept.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from registrations.privacy import anonymise_due, events_due


class Command(BaseCommand):
    help = "Delete sensitive answers and anonymise registrations of events that ended long ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be deleted and anonymised, and change nothing.",
        )

    def handle(self, *args, **options):
        now = timezone.now()
        if options["dry_run"]:
            self._events(now)
        result = anonymise_due(now=now, dry_run=options["dry_run"])
        if options["dry_run"]:
            self.stdout.write(
                "Dry run, nothing changed. Would delete dietary and accessibility needs of "
                f"{result.sensitive_cleared} registrations and the texts of "
                f"{result.emails_blanked} e-mails; would anonymise {result.registrations} "
                f"registrations and {result.bookings} bookings and delete "
                f"{result.emails_deleted} e-mails."
            )
            return
        self.stdout.write(
            f"Dietary and accessibility needs deleted: {result.sensitive_cleared} registrations; "
            f"e-mail texts deleted: {result.emails_blanked}. "
            f"Anonymised: {result.registrations} registrations, {result.bookings} bookings; "
            f"e-mails deleted: {result.emails_deleted}."
        )

    def _events(self, now):
        sensitive, expired = events_due(now=now)
        for heading, events in (
            ("Events past the period for dietary and accessibility needs", sensitive),
            ("Events past the retention period (registrations anonymised)", expired),
        ):
            self.stdout.write(f"{heading}: {len(events) or 'none'}")
            for event in events:
                self.stdout.write(f"  {event.slug} (ended {timezone.localdate(event.ends_at)})")
