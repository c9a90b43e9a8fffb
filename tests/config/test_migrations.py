import importlib
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from messaging.models import OutgoingEmail
from registrations.models import Registration
from tests.factories import RegistrationFactory


@pytest.mark.django_db
def test_migrations_match_the_models():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit as exit_:
        pytest.fail(f"models have changes without a migration:\n{out.getvalue()} ({exit_})")


@pytest.mark.django_db
def test_calendar_migration_keeps_the_uid_of_invitations_already_sent():
    """Before invitations were per person they had the event's UID: a registration
    that was sent one keeps it, so its cancellation finds the entry."""
    migration = importlib.import_module("registrations.migrations.0004_calendar_invitation")
    invited = RegistrationFactory()
    waiting = RegistrationFactory(status="waitlisted")
    for registration, kind in ((invited, "confirmation"), (waiting, "waitlisted")):
        OutgoingEmail.objects.create(
            to=registration.email,
            subject="s",
            body_text="t",
            kind=kind,
            registration=registration,
        )

    migration.invitations_already_sent(django_apps, None)

    assert [
        (r.pk, r.calendar_uid, r.calendar_sequence) for r in Registration.objects.order_by("pk")
    ] == [(invited.pk, f"event-{invited.event_id}", 0), (waiting.pk, "", 0)]
