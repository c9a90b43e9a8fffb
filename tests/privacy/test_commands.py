"""The privacy commands: --organiser as the demo logins print it, every request
logged, and a dry run of the retention job."""

import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from events.models import Membership
from registrations.models import PrivacyRequest, Registration
from registrations.privacy_requests import email_fingerprint
from tests.factories import MembershipFactory, UserFactory
from tests.privacy.conftest import after_event

pytestmark = pytest.mark.django_db


def export(organiser_text, tmp_path):
    target = tmp_path / "anna.json"
    call_command(
        "personal_data",
        "--export",
        "anna@kinda.se",
        "--organiser",
        organiser_text,
        "--output",
        str(target),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    return json.loads(target.read_text(encoding="utf-8"))


@pytest.mark.parametrize("how", ["slug", "name", "name_other_case", "username"])
def test_personal_data_organiser_by_slug_name_or_admin_username(conference, tmp_path, how):
    organiser = conference["event"].organiser
    user = UserFactory(username="norrbotten")
    user.save()
    MembershipFactory(organiser=organiser, user=user, role=Membership.Role.ADMIN)
    text = {
        "slug": organiser.slug,
        "name": organiser.name,
        "name_other_case": organiser.name.upper(),
        "username": "norrbotten",
    }[how]

    data = export(text, tmp_path)

    assert data["organisers"] == [organiser.name]
    assert [r["first_name"] for r in data["registrations"]] == ["Anna"]


def test_personal_data_door_staff_username_names_no_organiser(conference, tmp_path):
    from django.core.management import CommandError

    user = UserFactory(username="entre")
    user.save()
    MembershipFactory(organiser=conference["event"].organiser, user=user, role=Membership.Role.DOOR)

    with pytest.raises(CommandError, match="entre"):
        export("entre", tmp_path)


def test_personal_data_command_logs_the_request_without_the_address(conference, tmp_path):
    export(conference["event"].organiser.slug, tmp_path)

    [logged] = PrivacyRequest.objects.all()
    assert (logged.action, logged.done_by, logged.organiser) == (
        "export",
        "manage.py personal_data",
        conference["event"].organiser,
    )
    assert logged.email_hash == email_fingerprint(" Anna@Kinda.se ")
    assert "anna" not in logged.email_hash
    assert logged.summary == {"registrations": 1, "bookings": 0, "emails": 1}


def test_anonymise_dry_run_says_what_and_changes_nothing(conference):
    before = list(
        Registration.objects.order_by("pk").values_list("first_name", "email", "dietary_needs")
    )
    out = StringIO()

    with time_machine.travel(after_event(366), tick=False):
        call_command("anonymise_registrations", "--dry-run", stdout=out)

    assert out.getvalue() == (
        "Events past the period for dietary and accessibility needs: 1\n"
        "  valfard (ended 2026-03-10)\n"
        "Events past the retention period (registrations anonymised): 1\n"
        "  valfard (ended 2026-03-10)\n"
        "Dry run, nothing changed. Would delete dietary and accessibility needs of 2 "
        "registrations and the texts of 6 e-mails; would anonymise 3 registrations and 2 "
        "bookings and delete 6 e-mails.\n"
    )
    after = list(
        Registration.objects.order_by("pk").values_list("first_name", "email", "dietary_needs")
    )
    assert after == before


def test_anonymise_dry_run_before_any_period_names_no_events(conference):
    out = StringIO()

    with time_machine.travel(after_event(2), tick=False):
        call_command("anonymise_registrations", "--dry-run", stdout=out)

    assert out.getvalue().startswith(
        "Events past the period for dietary and accessibility needs: none\n"
        "Events past the retention period (registrations anonymised): none\n"
    )
