"""A booking's e-mails are recorded in its transaction and written by the worker."""

import pytest
from django.core import mail
from django.utils import timezone

from messaging.models import OutgoingEmail
from registrations import services
from tests.factories import EventFactory
from tests.messaging.helpers import calendar_methods, person

pytestmark = pytest.mark.django_db


def _book(event, *people):
    return services.register(
        event=event,
        contact_name="Anna Svensson",
        contact_email="anna@kinda.se",
        participants=list(people),
        consent_at=timezone.now(),
    )


def test_the_booking_renders_no_e_mail_and_the_worker_writes_each(
    django_capture_on_commit_callbacks, run_tasks, rendered
):
    event = EventFactory(title="Välfärd för alla", capacity=1)

    with django_capture_on_commit_callbacks(execute=True):
        booking = _book(event, person("Bo", "bo@kinda.se"), person("Cecilia", "cecilia@kinda.se"))

    assert [name for name in rendered if name.startswith("emails/")] == []
    recorded = list(OutgoingEmail.objects.order_by("pk"))
    assert [(e.kind, e.to, e.subject, e.is_written) for e in recorded] == [
        ("confirmation", "bo@kinda.se", "", False),
        ("waitlisted", "cecilia@kinda.se", "", False),
        ("booking_confirmation", "anna@kinda.se", "", False),
        ("organiser_notice", event.contact_address, "", False),
    ]
    assert booking.registrations.get(email="bo@kinda.se").calendar_uid == ""

    run_tasks()

    written = list(OutgoingEmail.objects.order_by("pk"))
    assert all(e.is_written and e.status == "sent" for e in written)
    assert [m.subject for m in mail.outbox][:2] == [
        "Bekräftelse: Välfärd för alla",
        "Väntelista: Välfärd för alla",
    ]
    assert calendar_methods(mail.outbox[0]) == ["REQUEST"]
    assert written[0].attachment_names[0] == f"{event.slug}.ics"
    assert booking.registrations.get(email="bo@kinda.se").calendar_uid != ""


def test_a_confirmation_not_yet_written_when_the_registration_is_cancelled_is_not_sent(
    django_capture_on_commit_callbacks, run_tasks
):
    event = EventFactory(title="Välfärd för alla")
    with django_capture_on_commit_callbacks(execute=True):
        booking = _book(event, person("Anna", "anna@kinda.se"))
    [registration] = booking.registrations.all()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=registration)

    run_tasks()

    assert sorted((m.to[0], m.subject.split(":")[0]) for m in mail.outbox) == [
        ("anna@kinda.se", "Avbokad anmälan"),
        (event.contact_address, "Ny anmälan"),
    ]
    confirmation = OutgoingEmail.objects.get(kind="confirmation")
    assert confirmation.status == "failed"
    assert confirmation.last_error == "Skickades inte: anmälan avbokades eller raderades först."
