"""A person's rights of access and erasure, for one or more organisers' events:

    python manage.py personal_data --export anna@example.se --organiser cks
    python manage.py personal_data --export anna@example.se --organiser cks --output anna.json
    python manage.py personal_data --erase anna@example.se --organiser cks --organiser skr

``--organiser`` takes the organiser's slug ("norrbottens-kommuner"), its name
("Norrbottens Kommuner") or the username of one of its organiser admins (the demo
logins, "norrbotten"). Each run is logged as a privacy request of each organiser.
See registrations/privacy.py.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from events.models import Membership, Organiser
from registrations.models import PrivacyRequest
from registrations.privacy import erase_personal_data, export_personal_data
from registrations.privacy_requests import (
    as_json,
    erasure_summary,
    export_summary,
    record_request,
)

DONE_BY = "manage.py personal_data"


def find_organisers(given):
    """The organisers named by ``given`` (slug, name, or an organiser admin's
    username); raises CommandError for what names none."""
    found, missing = {}, []
    for text in given:
        matches = list(Organiser.objects.filter(slug=text)) or _by_name(text)
        if not matches:
            matches = [
                membership.organiser
                for membership in Membership.objects.filter(
                    user__username=text, role=Membership.Role.ADMIN
                ).select_related("organiser")
            ]
        if not matches:
            missing.append(text)
        for organiser in matches:
            found[organiser.pk] = organiser
    if missing:
        raise CommandError(
            "No organiser with this slug, name or organiser admin's username: " + ", ".join(missing)
        )
    return sorted(found.values(), key=lambda organiser: organiser.name)


def _by_name(text):
    """Organisers named ``text`` in any case (compared here: SQLite folds ASCII only)."""
    wanted = " ".join(text.split()).casefold()
    return [
        organiser
        for organiser in Organiser.objects.only("pk", "name", "slug")
        if " ".join(organiser.name.split()).casefold() == wanted
    ]


class Command(BaseCommand):
    help = "Export (right of access) or erase (right to erasure) one person's data."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--export", metavar="EMAIL", help="Print everything stored as JSON.")
        action.add_argument("--erase", metavar="EMAIL", help="Erase the person's data.")
        parser.add_argument(
            "--organiser",
            metavar="ORGANISER",
            action="append",
            required=True,
            help=(
                "The organiser (controller) whose events to search: its slug, its name or "
                "the username of one of its organiser admins; repeat for several."
            ),
        )
        parser.add_argument("--output", metavar="FILE", help="Write the export to this file.")

    def handle(self, *args, **options):
        organisers = find_organisers(sorted(set(options["organiser"])))
        self.stderr.write("Organisers: " + ", ".join(o.name for o in organisers))
        if options["export"] is not None:
            email = options["export"]
            data = export_personal_data(email=email, organisers=organisers)
            self._log(organisers, PrivacyRequest.Action.EXPORT, email, export_summary(data))
            text = as_json(data)
            if options["output"]:
                with open(options["output"], "w", encoding="utf-8") as handle:
                    handle.write(text + "\n")
                self.stdout.write(f"Written to {options['output']}.")
            else:
                self.stdout.write(text)
            return
        email = options["erase"]
        with transaction.atomic():
            result = erase_personal_data(email=email, organisers=organisers)
            self._log(organisers, PrivacyRequest.Action.ERASE, email, erasure_summary(result))
        self.stdout.write(
            f"Erased: {result.registrations} registrations ({result.cancelled} cancelled first), "
            f"{result.bookings} bookings as contact person; e-mails deleted: "
            f"{result.emails_deleted}, e-mail texts deleted: {result.emails_blanked}."
        )

    def _log(self, organisers, action, email, summary):
        for organiser in organisers:
            record_request(
                organiser=organiser, action=action, email=email, done_by=DONE_BY, summary=summary
            )
