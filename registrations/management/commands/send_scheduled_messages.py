from django.core.management.base import BaseCommand

from registrations.messages import send_due_messages


class Command(BaseCommand):
    help = (
        "Send the organisers' scheduled messages whose time has come. The worker sends "
        "them on time by itself; run this from cron (e.g. every 10 minutes) as a backstop."
    )

    def handle(self, *, verbosity, **options):
        count = send_due_messages()
        if verbosity:
            self.stdout.write(f"{count} scheduled message(s) sent.")
