from django.core.management.base import BaseCommand

from messaging.services import recover_emails


class Command(BaseCommand):
    help = (
        "Enqueue again e-mails whose send task was lost or whose worker died while "
        "sending. Run it every few minutes from cron, beside the worker. With --failed, "
        "e-mails that failed for good are also tried again from the start."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--failed",
            action="store_true",
            help="Also send again the e-mails that failed after every attempt.",
        )

    def handle(self, *, failed, verbosity, **options):
        count = recover_emails(include_failed=failed)
        if verbosity:
            self.stdout.write(f"{count} e-mail(s) queued again.")
