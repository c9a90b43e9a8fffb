import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from messaging import tasks
from messaging.models import OutgoingEmail
from messaging.services import (
    calendar_attachment,
    file_attachment,
    queue_email,
    recover_emails,
    retry_email,
)
from tests.factories import EventFactory
from tests.messaging.mail_backends import TimedMailServer

pytestmark = pytest.mark.django_db

DOWN = "tests.messaging.mail_backends.DownMailServer"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _queue(**overrides):
    options = {
        "to": "anna@kommun.se",
        "kind": OutgoingEmail.Kind.MESSAGE,
        "subject": "Ämne",
        "body_text": "Hej!",
    }
    return queue_email(**{**options, **overrides})


def test_queue_email_saves_the_row_and_sends_it_after_commit(
    django_capture_on_commit_callbacks, run_tasks
):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        email = _queue(event=event, body_html="<p>Hej!</p>", reply_to="kontakt@arrangor.se")

    assert run_tasks() == ["sent"]
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 1
    assert email.sent_at is not None
    assert email.event == event
    [message] = mail.outbox
    assert message.to == ["anna@kommun.se"]
    assert message.reply_to == ["kontakt@arrangor.se"]
    assert message.subject == "Ämne"
    assert message.body == "Hej!"
    assert message.alternatives[0].content == "<p>Hej!</p>"
    assert message.extra_headers == {"Auto-Submitted": "auto-generated"}


def test_queue_email_sends_nothing_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks, run_tasks
):
    def register_then_fail():
        with transaction.atomic():
            _queue()
            raise RuntimeError("the registration failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        register_then_fail()

    assert callbacks == []
    assert OutgoingEmail.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    assert run_tasks() == []
    assert mail.outbox == []


def test_queue_email_keeps_the_subject_on_one_line(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = _queue(subject="Hej\r\nBcc: alla@example.se")

    assert email.subject == "Hej Bcc: alla@example.se"


def test_queue_email_without_template_or_body_is_refused():
    with pytest.raises(ValueError, match="needs a template"):
        queue_email(to="anna@kommun.se", kind=OutgoingEmail.Kind.MESSAGE, subject="Ämne")


def test_send_email_when_the_mail_server_is_down_keeps_it_queued_for_a_retry(
    settings, django_capture_on_commit_callbacks, run_tasks
):
    settings.EMAIL_BACKEND = DOWN
    with time_machine.travel(START, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            email = _queue()
        assert run_tasks() == ["retry"]

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.attempts == 1
    assert email.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert email.next_attempt_at == START + dt.timedelta(minutes=1)
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after == START + dt.timedelta(minutes=1)
    assert mail.outbox == []


def test_send_email_retry_succeeds_when_the_mail_server_is_back(
    settings, django_capture_on_commit_callbacks, run_tasks
):
    settings.EMAIL_BACKEND = DOWN
    with time_machine.travel(START, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            email = _queue()
        run_tasks()
    settings.EMAIL_BACKEND = LOCMEM

    with time_machine.travel(START + dt.timedelta(seconds=30), tick=False):
        assert run_tasks() == []  # the retry is not due yet
    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        assert run_tasks() == ["sent"]

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 2
    assert email.last_error == ""
    assert [message.to for message in mail.outbox] == [["anna@kommun.se"]]


def test_send_email_backs_off_and_fails_after_the_last_attempt(
    settings, django_capture_on_commit_callbacks, run_tasks
):
    settings.EMAIL_BACKEND = DOWN
    now = START
    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        email = _queue()
    waits = []
    outcomes = []
    for _ in range(tasks.MAX_ATTEMPTS):
        with time_machine.travel(now, tick=False):
            outcomes += run_tasks()
        email.refresh_from_db()
        waits.append(email.next_attempt_at - now)
        now = email.next_attempt_at

    assert outcomes == ["retry"] * 5 + ["failed"]
    assert waits[:5] == [
        dt.timedelta(minutes=1),
        dt.timedelta(minutes=5),
        dt.timedelta(minutes=30),
        dt.timedelta(hours=2),
        dt.timedelta(hours=12),
    ]
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == 6
    assert email.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert DBTaskResult.objects.ready().count() == 0
    assert list(OutgoingEmail.objects.failed()) == [email]


@pytest.mark.parametrize(("configured", "used"), [(None, 30), (5, 5)])
def test_send_email_connects_with_a_timeout(
    settings, django_capture_on_commit_callbacks, run_tasks, configured, used
):
    settings.EMAIL_BACKEND = "tests.messaging.mail_backends.TimedMailServer"
    settings.EMAIL_TIMEOUT = configured
    TimedMailServer.timeouts.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _queue()

    assert run_tasks() == ["sent"]
    assert TimedMailServer.timeouts == [used]


def test_send_email_never_sends_an_email_twice(django_capture_on_commit_callbacks, run_tasks):
    with django_capture_on_commit_callbacks(execute=True):
        email = _queue()
        tasks.enqueue(email.pk)  # a duplicate task, e.g. from retry_emails

    assert run_tasks() == ["sent", "skipped"]
    assert len(mail.outbox) == 1


def test_retry_emails_recovers_an_email_whose_task_was_lost(
    django_capture_on_commit_callbacks, run_tasks
):
    with time_machine.travel(START, tick=False), django_capture_on_commit_callbacks(execute=True):
        email = _queue()
    DBTaskResult.objects.all().delete()

    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("retry_emails", verbosity=0)
        assert run_tasks() == []  # not stale yet: its task may still be on its way
    with time_machine.travel(START + dt.timedelta(minutes=16), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("retry_emails", verbosity=0)
        assert run_tasks() == ["sent"]

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1


def test_recover_emails_requeues_one_stuck_while_sending(
    django_capture_on_commit_callbacks, run_tasks
):
    with time_machine.travel(START, tick=False):
        email = _queue()
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=OutgoingEmail.Status.SENDING, attempts=1, last_attempt_at=START
        )
    DBTaskResult.objects.all().delete()

    with time_machine.travel(START + dt.timedelta(minutes=20), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert recover_emails() == 1
        assert run_tasks() == ["sent"]

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 2


def test_recover_emails_fails_one_stuck_on_its_last_attempt():
    with time_machine.travel(START, tick=False):
        email = _queue()
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=OutgoingEmail.Status.SENDING,
            attempts=tasks.MAX_ATTEMPTS,
            last_attempt_at=START,
        )

    with time_machine.travel(START + dt.timedelta(minutes=20), tick=False):
        assert recover_emails() == 0

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.last_error == "Avbröts medan det skickades."


def test_retry_emails_with_failed_starts_failed_emails_over(
    django_capture_on_commit_callbacks, run_tasks
):
    email = _queue()
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.FAILED, attempts=tasks.MAX_ATTEMPTS, last_error="boom"
    )
    DBTaskResult.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("retry_emails", verbosity=0)
    assert run_tasks() == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("retry_emails", "--failed", verbosity=0)
    assert run_tasks() == ["sent"]

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 1


def test_retry_email_sends_a_failed_email_again(django_capture_on_commit_callbacks, run_tasks):
    email = _queue()
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.FAILED, attempts=tasks.MAX_ATTEMPTS
    )
    DBTaskResult.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        assert retry_email(email=email) is True
    assert run_tasks() == ["sent"]
    assert email.status == OutgoingEmail.Status.QUEUED
    assert len(mail.outbox) == 1


def test_retry_email_leaves_a_sent_email_alone(django_capture_on_commit_callbacks, run_tasks):
    with django_capture_on_commit_callbacks(execute=True):
        email = _queue()
    run_tasks()

    with django_capture_on_commit_callbacks(execute=True):
        assert retry_email(email=email) is False
    assert run_tasks() == []
    assert len(mail.outbox) == 1


def test_attachments_are_sent_as_mime_parts(django_capture_on_commit_callbacks, run_tasks):
    ics = b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        _queue(
            attachments=[
                calendar_attachment(ics, method="REQUEST", filename="seminarium.ics"),
                file_attachment(
                    filename="qr.png", content=b"\x89PNG", mimetype="image/png", content_id="qr"
                ),
            ]
        )
    run_tasks()

    assert OutgoingEmail.objects.get().attachment_names == ["seminarium.ics", "qr.png"]
    parts = [part for part in mail.outbox[0].message().walk() if part.get_filename()]
    calendar, image = parts
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_payload(decode=True) == ics
    assert calendar.get_content_disposition() == "attachment"
    assert image.get_content_type() == "image/png"
    assert image["Content-ID"] == "<qr>"
    assert image.get_content_disposition() == "inline"
    assert image.get_payload(decode=True) == b"\x89PNG"


def test_outgoing_email_queryset_for_organisers_shows_only_their_events():
    mine, theirs = EventFactory(), EventFactory()
    email = _queue(event=mine)
    _queue(event=theirs)
    _queue()

    assert list(OutgoingEmail.objects.for_organisers([mine.organiser])) == [email]


def test_outgoing_email_queryset_stuck_finds_overdue_queued_and_sending_rows():
    with time_machine.travel(START, tick=False):
        overdue = _queue()
        sending = _queue()
        OutgoingEmail.objects.filter(pk=sending.pk).update(
            status=OutgoingEmail.Status.SENDING, last_attempt_at=START
        )
    with time_machine.travel(START + dt.timedelta(minutes=14), tick=False):
        fresh = _queue()

    later = START + dt.timedelta(minutes=15)
    assert set(OutgoingEmail.objects.stuck(later)) == {overdue, sending}
    assert fresh.is_pending
