from django.core.management.base import BaseCommand

from registrations.notifications import send_due_reminders


class Command(BaseCommand):
    help = (
        "Queue the reminders due today: Event.reminder_days_before days before each "
        "event, once per confirmed registration. Run it daily from cron."
    )

    def handle(self, *, verbosity, **options):
        count = send_due_reminders()
        if verbosity:
            self.stdout.write(f"{count} reminder(s) queued.")
