"""A person's rights of access and erasure, for one or more organisers' events:

    python manage.py personal_data --export anna@example.se --organiser cks
    python manage.py personal_data --export anna@example.se --organiser cks --output anna.json
    python manage.py personal_data --erase anna@example.se --organiser cks --organiser skr

See registrations/privacy.py.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from events.models import Organiser
from registrations.privacy import erase_personal_data, export_personal_data


class Command(BaseCommand):
    help = "Export (right of access) or erase (right to erasure) one person's data."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--export", metavar="EMAIL", help="Print everything stored as JSON.")
        action.add_argument("--erase", metavar="EMAIL", help="Erase the person's data.")
        parser.add_argument(
            "--organiser",
            metavar="SLUG",
            action="append",
            required=True,
            help="The organiser (controller) whose events to search; repeat for several.",
        )
        parser.add_argument("--output", metavar="FILE", help="Write the export to this file.")

    def handle(self, *args, **options):
        slugs = sorted(set(options["organiser"]))
        organisers = list(Organiser.objects.filter(slug__in=slugs))
        missing = sorted(set(slugs) - {organiser.slug for organiser in organisers})
        if missing:
            raise CommandError(f"No organiser with the slug: {', '.join(missing)}")
        if options["export"] is not None:
            data = export_personal_data(email=options["export"], organisers=organisers)
            text = json.dumps(data, ensure_ascii=False, indent=2)
            if options["output"]:
                with open(options["output"], "w", encoding="utf-8") as handle:
                    handle.write(text + "\n")
                self.stdout.write(f"Written to {options['output']}.")
            else:
                self.stdout.write(text)
            return
        result = erase_personal_data(email=options["erase"], organisers=organisers)
        self.stdout.write(
            f"Erased: {result.registrations} registrations ({result.cancelled} cancelled first), "
            f"{result.bookings} bookings as contact person; e-mails deleted: "
            f"{result.emails_deleted}, e-mail texts deleted: {result.emails_blanked}."
        )
