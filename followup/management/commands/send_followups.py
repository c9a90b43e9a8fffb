"""manage.py send_followups: the daily job after events (cron).

Certificates of attendance to those the event's setting names, for events that
ended in the last 60 days (each person once); survey invitations that are due,
and the one reminder. The e-mails are queued; the worker sends them.
"""

from django.core.management.base import BaseCommand

from followup import certificates, surveys


class Command(BaseCommand):
    help = "E-mail the certificates of attendance and feedback surveys that are due."

    def handle(self, *args, **options):
        sent = sum(
            certificates.send_certificates(event) for event in certificates.events_to_follow_up()
        )
        invited, reminded = surveys.send_due()
        self.stdout.write(
            f"{sent} certificates, {invited} survey invitations and {reminded} reminders queued."
        )
