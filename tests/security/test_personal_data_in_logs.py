"""No personal data in URLs or logs, except the secret manage link itself."""

import logging
import re

import pytest
from django.core import mail
from django.urls import reverse

from registrations.models import Booking
from tests.factories import EventFactory, RegistrationFactory
from tests.messaging.conftest import run_tasks  # noqa: F401
from tests.registrations.signup_post import person, signup_post

pytestmark = pytest.mark.django_db

PERSONAL = ["deltagare1@kinda.se", "karin@kinda.se", "Deltagare1", "Karin", "070-123 45 67"]


def whole_signup(client, event, django_capture_on_commit_callbacks, run_tasks):  # noqa: F811
    """Form shown, sent, confirmation shown, e-mails sent by the worker."""
    url = reverse("registrations:signup", args=[event.slug])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url)
        response = client.post(
            url,
            signup_post(
                [person(1, phone="070-123 45 67", dietary_needs="Glutenfri")],
                contact={"phone": "070-123 45 67"},
            ),
        )
    confirmation = client.get(response["Location"])
    return response, confirmation, run_tasks()


def test_signup_redirects_without_personal_data(
    client,
    django_capture_on_commit_callbacks,
    run_tasks,  # noqa: F811
):
    event = EventFactory()

    response, confirmation, _ = whole_signup(
        client, event, django_capture_on_commit_callbacks, run_tasks
    )

    assert Booking.objects.count() == 1
    assert response.status_code == 302
    assert response["Location"] == f"/evenemang/{event.slug}/anmalan/skickad/"
    assert confirmation.status_code == 200
    assert [value for value in PERSONAL if value.lower() in response["Location"].lower()] == []


def test_signup_logs_no_personal_data_at_debug_level(
    client,
    caplog,
    settings,
    django_capture_on_commit_callbacks,
    run_tasks,  # noqa: F811
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    caplog.set_level(logging.DEBUG)
    event = EventFactory()

    _, _, outcomes = whole_signup(client, event, django_capture_on_commit_callbacks, run_tasks)

    logged = "\n".join(
        f"{record.name}: {record.getMessage()} {record.args!r} {record.exc_text or ''}"
        for record in caplog.records
    )
    # The participant's, the contact person's and the organiser's e-mail.
    assert outcomes == ["sent", "sent", "sent"]
    assert len(mail.outbox) == 3
    assert caplog.records  # the worker logs what it runs: there is something to read
    assert [value for value in PERSONAL if value.lower() in logged.lower()] == []


def test_failed_requests_log_the_path_not_the_form(client, caplog):
    caplog.set_level(logging.DEBUG)

    response = client.post(
        "/evenemang/finns-inte/anmalan/",
        signup_post([person(1, phone="070-123 45 67")]),
    )

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert response.status_code == 404
    assert "Not Found: /evenemang/finns-inte/anmalan/" in logged
    assert [value for value in PERSONAL if value.lower() in logged.lower()] == []


def _forms(html):
    return re.findall(r"<form\b[^>]*>.*?</form>", html, flags=re.DOTALL)


def test_forms_that_ask_for_personal_data_post_them(client):
    """GET would put the answers in the address, and so in server logs,
    browser history and Referer headers."""
    registration = RegistrationFactory()
    event = registration.event
    pages = [
        reverse("registrations:signup", args=[event.slug]),
        reverse("registrations:resend_link", args=[event.slug]),
        registration.get_absolute_url(),
    ]
    personal_forms = []
    for url in pages:
        for form in _forms(client.get(url).content.decode()):
            if re.search(r'name="[^"]*(email|first_name|last_name|phone)"', form):
                personal_forms.append((url, re.search(r"<form\b[^>]*>", form).group(0)))

    assert len(personal_forms) >= 3
    assert [tag for _, tag in personal_forms if 'method="post"' not in tag] == []
