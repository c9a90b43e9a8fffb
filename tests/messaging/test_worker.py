import signal

import pytest
from django.core import mail
from django.core.management import call_command

from messaging.models import OutgoingEmail
from messaging.services import queue_email


@pytest.fixture
def keep_signal_handlers():
    """db_worker installs its own SIGINT/SIGTERM handlers; give pytest its own back."""
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    saved = {number: signal.getsignal(number) for number in signals}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("keep_signal_handlers")
def test_db_worker_command_sends_the_queued_emails():
    first = queue_email(to="anna@kommun.se", kind="message", subject="Ett", body_text="1")
    second = queue_email(to="bo@kommun.se", kind="message", subject="Två", body_text="2")

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert sorted(OutgoingEmail.objects.values_list("pk", "status")) == [
        (first.pk, "sent"),
        (second.pk, "sent"),
    ]
    assert sorted(message.subject for message in mail.outbox) == ["Ett", "Två"]
