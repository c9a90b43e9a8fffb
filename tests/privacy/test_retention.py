"""Retention: dietary and accessibility needs go PRIVACY_SENSITIVE_RETENTION_DAYS
after the event, the rest is anonymised PRIVACY_RETENTION_DAYS after it, and the
statistics survive."""

from io import StringIO

import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Count

from messaging.models import OutgoingEmail
from messaging.tasks import deliver
from registrations.models import Answer, Booking, Registration
from registrations.privacy import AnonymisationResult, anonymise_due
from tests.factories import EventFactory, RegistrationFactory, UserFactory, in_days
from tests.privacy.conftest import PUBLIC_NUMBER, after_event

pytestmark = pytest.mark.django_db


def run(days, hours=0):
    with time_machine.travel(after_event(days, hours), tick=False):
        return anonymise_due()


def people():
    return list(
        Registration.objects.order_by("pk").values_list(
            "first_name", "email", "dietary_needs", "accessibility_needs"
        )
    )


def statistics():
    rows = Registration.objects.values(
        "event", "status", "attendance_mode", "municipality_code", "language"
    ).annotate(count=Count("pk"))
    sessions = Registration.objects.values("sessions__title").annotate(count=Count("pk"))
    return sorted(map(repr, rows)), sorted(map(repr, sessions))


def test_retention_nothing_happens_before_the_sensitive_period_ends(conference):
    before = people()

    result = run(days=30, hours=-1)

    assert result == AnonymisationResult()
    assert people() == before


def test_retention_sensitive_needs_go_after_the_sensitive_period(conference):
    result = run(days=30, hours=1)

    assert result == AnonymisationResult(sensitive_cleared=2, emails_blanked=6)
    assert people() == [
        ("Anna", "anna@kinda.se", "", ""),
        ("Bo", "bo@kinda.se", "", ""),
        ("Cecilia", "cecilia@konsult.se", "", ""),
    ]


def test_retention_sensitive_period_blanks_the_emails_that_quote_the_needs(conference):
    run(days=31)

    emails = OutgoingEmail.objects.order_by("pk")
    assert [(e.to, e.body_text, e.body_html, e.attachments) for e in emails] == [
        (e.to, "", "", []) for e in emails
    ]
    assert sorted(emails.values_list("to", flat=True)) == sorted(
        [
            "anna@kinda.se",
            "bo@kinda.se",
            "karin@kinda.se",
            "cecilia@konsult.se",
            conference["event"].organiser.contact_email,
            conference["event"].organiser.contact_email,
        ]
    )


def test_retention_an_unsent_email_is_given_up_rather_than_sent_empty(conference):
    email = OutgoingEmail.objects.filter(to="anna@kinda.se").get()
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.QUEUED)

    run(days=31)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.body_text == ""


def test_retention_anonymises_everything_else_after_the_retention_period(conference):
    run(days=365, hours=-1)
    assert Registration.objects.filter(anonymised_at__isnull=False).count() == 0

    result = run(days=365, hours=1)

    ids = list(Registration.objects.order_by("pk").values_list("pk", flat=True))
    assert result == AnonymisationResult(registrations=3, bookings=2, emails_deleted=6)
    assert list(
        Registration.objects.order_by("pk").values_list(
            "first_name", "last_name", "email", "phone", "role", "organisation", "municipality_code"
        )
    ) == [
        ("", "", f"anonymised-{ids[0]}@anonymised.invalid", "", "", "Kinda kommun", "0513"),
        ("", "", f"anonymised-{ids[1]}@anonymised.invalid", "", "", "Kinda kommun", ""),
        ("", "", f"anonymised-{ids[2]}@anonymised.invalid", "", "", "", ""),
    ]
    assert Answer.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_retention_keeps_public_invoice_details_and_drops_private_ones(conference):
    run(days=366)

    public = Booking.objects.get(pk=conference["public"].pk)
    private = Booking.objects.get(pk=conference["private"].pk)
    assert (
        public.contact_name,
        public.contact_email,
        public.contact_phone,
        public.invoice_organisation,
        public.invoice_organisation_number,
        public.invoice_address,
        public.invoice_reference,
        public.invoice_peppol_id,
        public.submission_key,
    ) == (
        "",
        f"anonymised-booking-{public.pk}@anonymised.invalid",
        "",
        "Kinda kommun",
        PUBLIC_NUMBER,
        "Box 1, 590 40 Kisa",
        "",
        "0007:2120000001",
        None,
    )
    assert (
        private.invoice_organisation,
        private.invoice_organisation_number,
        private.invoice_address,
        private.contact_name,
    ) == ("", "", "", "")
    assert public.consent_at == conference["public"].consent_at
    assert public.price_option_id == conference["public"].price_option_id


def test_retention_keeps_the_statistics(conference):
    before = statistics()

    run(days=366)

    assert statistics() == before
    assert conference["workshop"].registrations.count() == 1


def test_retention_old_manage_links_lead_nowhere(client, conference):
    registration = conference["public"].registrations.order_by("pk").first()
    old_links = [registration.get_absolute_url(), conference["public"].get_absolute_url()]

    run(days=366)

    assert [client.get(url).status_code for url in old_links] == [404, 404]


def test_retention_renames_the_admin_history(conference):
    registration = conference["public"].registrations.order_by("pk").first()
    user = UserFactory()
    user.save()
    LogEntry.objects.log_actions(
        user_id=user.pk, queryset=[registration], action_flag=CHANGE, change_message="Ändrad."
    )
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Registration), object_id=str(registration.pk)
    )
    assert entry.object_repr == "Anna Berg"

    run(days=366)

    entry.refresh_from_db()
    assert entry.object_repr == registration.reference


def test_retention_is_idempotent(conference):
    run(days=366)
    anonymised = list(Registration.objects.values_list("email", "manage_token", "anonymised_at"))

    again = run(days=400)

    assert again == AnonymisationResult()
    assert list(Registration.objects.values_list("email", "manage_token", "anonymised_at")) == (
        anonymised
    )


def test_retention_leaves_recent_and_upcoming_events_alone(conference):
    with time_machine.travel(after_event(366), tick=False):
        recent = RegistrationFactory(
            event=EventFactory(starts_at=in_days(-40), ends_at=in_days(-40, 17)),
            dietary_needs="Laktosfri",
        )
        upcoming = RegistrationFactory(dietary_needs="Nötallergi")
        anonymise_due()

    recent.refresh_from_db()
    upcoming.refresh_from_db()
    assert (recent.first_name, recent.dietary_needs, recent.anonymised_at) == ("Anna", "", None)
    assert (upcoming.first_name, upcoming.dietary_needs) == ("Anna", "Nötallergi")


def test_retention_periods_come_from_the_settings(conference, settings):
    settings.PRIVACY_SENSITIVE_RETENTION_DAYS = 2
    settings.PRIVACY_RETENTION_DAYS = 10

    sensitive = run(days=3)
    full = run(days=11)

    assert sensitive.sensitive_cleared == 2
    assert full.registrations == 3


def test_retention_command_reports_what_it_did(conference):
    out = StringIO()

    with time_machine.travel(after_event(366), tick=False):
        call_command("anonymise_registrations", stdout=out)

    assert out.getvalue() == (
        "Dietary and accessibility needs deleted: 2 registrations; e-mail texts deleted: 6. "
        "Anonymised: 3 registrations, 2 bookings; e-mails deleted: 6.\n"
    )


def test_retention_an_email_the_worker_has_not_written_yet_is_given_up(conference):
    email = OutgoingEmail.objects.filter(to="anna@kinda.se").get()
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.QUEUED,
        subject="",
        body_text="",
        body_html="",
        composer="registrations.participant",
    )

    run(days=31)

    email.refresh_from_db()
    assert (email.status, email.is_written) == (OutgoingEmail.Status.FAILED, True)
    assert deliver(email.pk) == "skipped"


def test_retention_takes_the_names_out_of_a_hand_over_in_the_history(conference):
    from registrations import handover

    registration = conference["public"].registrations.order_by("pk").first()
    with time_machine.travel(after_event(-10), tick=False):
        handover.hand_over(
            registration=registration,
            first_name="Karin",
            last_name="Lind",
            email="karin@kinda.se",
            organisation="Kinda kommun",
        )
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Registration), object_id=str(registration.pk)
    )
    assert "karin@kinda.se" in entry.change_message

    run(days=366)

    entry.refresh_from_db()
    assert entry.change_message == "Platsen överläts till en kollega."
