"""The e-mail log in the admin: list, filters, search, detail, "send again"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from events.models import Membership
from messaging.models import OutgoingEmail
from tests.factories import EventFactory, MembershipFactory, OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAIL_LOG = reverse("admin:messaging_outgoingemail_changelist")


@pytest.fixture
def world_emails(world):
    """One failed message of each organisation; A's texts contain the secret."""
    emails = {}
    for side, tag in (("a", "hemligt-a-"), ("b", "")):
        registration = world[side]["registration"]
        emails[side] = OutgoingEmail.objects.create(
            to=registration.email,
            subject=f"{tag}Meddelande {side.upper()}",
            body_text=f"{tag}brödtext",
            kind=OutgoingEmail.Kind.MESSAGE,
            status=OutgoingEmail.Status.FAILED,
            last_error=f"{tag}fel",
            event=registration.event,
            registration=registration,
            booking=registration.booking,
        )
    return emails


@pytest.fixture
def as_a(client, world, world_emails):
    client.force_login(world["a"]["admin"])
    return client


def _email(event, **fields):
    data = {
        "to": "anna@kinda.se",
        "subject": "Välkommen",
        "body_text": "Hej Anna!",
        "kind": OutgoingEmail.Kind.CONFIRMATION,
        "status": OutgoingEmail.Status.SENT,
        "event": event,
    }
    return OutgoingEmail.objects.create(**{**data, **fields})


def _listed(response):
    return [email.subject for email in response.context["cl"].result_list]


def test_email_log_lists_only_the_emails_of_the_users_organisers(as_a, world):
    response = as_a.get(EMAIL_LOG)

    assert response.status_code == 200
    assert _listed(response) == ["hemligt-a-Meddelande A"]


def test_email_log_shows_no_email_without_an_event_to_organisers(as_a, world):
    _email(None, subject="Utan evenemang")

    assert _listed(as_a.get(EMAIL_LOG)) == ["hemligt-a-Meddelande A"]


def test_email_log_shows_everything_to_a_superuser(client, world, world_emails, superuser):
    _email(None, subject="Utan evenemang")
    client.force_login(superuser)

    assert sorted(_listed(client.get(EMAIL_LOG))) == [
        "Meddelande B",
        "Utan evenemang",
        "hemligt-a-Meddelande A",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status__exact=sent", ["Välkommen"]),
        ("status__exact=failed", ["hemligt-a-Meddelande A"]),
        ("kind__exact=confirmation", ["Välkommen"]),
        ("q=bo@kinda.se", ["Plats ledig"]),
        ("q=plats", ["Plats ledig"]),
        ("event={other}", ["Plats ledig"]),
    ],
)
def test_email_log_filters_and_search(as_a, world, query, expected):
    event = world["a"]["event"]
    other = EventFactory(organiser=world["a"]["organiser"])
    _email(event)
    _email(
        other,
        to="bo@kinda.se",
        subject="Plats ledig",
        kind=OutgoingEmail.Kind.PROMOTED,
        status=OutgoingEmail.Status.QUEUED,
    )

    response = as_a.get(f"{EMAIL_LOG}?{query.format(other=other.pk)}")

    assert response.status_code == 200
    assert _listed(response) == expected


def test_email_log_detail_shows_the_text_and_the_last_error_read_only(as_a, world):
    email = OutgoingEmail.objects.get(subject="hemligt-a-Meddelande A")

    response = as_a.get(reverse("admin:messaging_outgoingemail_change", args=[email.pk]))
    content = response.content.decode()

    assert response.status_code == 200
    assert "hemligt-a-brödtext" in content
    assert "hemligt-a-fel" in content
    assert 'name="subject"' not in content
    assert response.context["has_change_permission"] is False
    assert (
        as_a.post(
            reverse("admin:messaging_outgoingemail_change", args=[email.pk]), {"subject": "x"}
        ).status_code
        == 403
    )


def test_email_log_has_no_add_or_delete_for_organisers(as_a, world):
    email = OutgoingEmail.objects.get(subject="hemligt-a-Meddelande A")

    assert as_a.get(reverse("admin:messaging_outgoingemail_add")).status_code == 403
    response = as_a.post(
        reverse("admin:messaging_outgoingemail_delete", args=[email.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert OutgoingEmail.objects.filter(pk=email.pk).exists()


def test_email_log_send_again_queues_a_failed_email(
    as_a, world, django_capture_on_commit_callbacks
):
    failed = OutgoingEmail.objects.get(subject="hemligt-a-Meddelande A")
    OutgoingEmail.objects.filter(pk=failed.pk).update(attempts=6)
    sent = _email(world["a"]["event"])

    with django_capture_on_commit_callbacks(execute=True):
        response = as_a.post(
            EMAIL_LOG,
            {"action": "send_again", "_selected_action": [failed.pk, sent.pk], "index": "0"},
            follow=True,
        )

    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutgoingEmail.Status.QUEUED, 0)
    assert DBTaskResult.objects.count() == 1
    assert [str(m) for m in response.context["messages"]] == [
        "1 e-postmeddelande ska skickas igen.",
        "1 e-postmeddelande var redan skickat eller skickas nu och lämnades som det var.",
    ]


def test_email_log_is_closed_to_door_staff(client, world, world_emails):
    client.force_login(world["a"]["door"])
    email = OutgoingEmail.objects.get(subject="hemligt-a-Meddelande A")

    assert client.get(EMAIL_LOG).status_code == 403
    change = reverse("admin:messaging_outgoingemail_change", args=[email.pk])
    assert client.get(change).status_code in {302, 403}
    index = client.get(reverse("admin:index"))
    assert "outgoingemail" not in index.content.decode()


def test_email_log_closed_to_another_organisation(client, world, world_emails):
    client.force_login(world["b"]["admin"])
    email = OutgoingEmail.objects.get(subject="hemligt-a-Meddelande A")

    response = client.get(reverse("admin:messaging_outgoingemail_change", args=[email.pk]))

    assert response.status_code == 302  # "no such object" back to the list
    assert "hemligt" not in client.get(response["Location"], follow=True).content.decode()


def _more_emails(organiser, count):
    for _ in range(count):
        event = EventFactory(organiser=organiser)
        _email(event, kind=OutgoingEmail.Kind.MESSAGE)
        _email(event, status=OutgoingEmail.Status.FAILED, last_error="SMTPError")


@pytest.mark.parametrize("query", ["", "?status__exact=failed", "?q=anna", "?kind__exact=message"])
def test_email_log_queries_do_not_grow_with_rows(client, django_assert_num_queries, query):
    organiser = OrganiserFactory()
    user = UserFactory()
    user.save()
    MembershipFactory(organiser=organiser, user=user, role=Membership.Role.ADMIN)
    client.force_login(user)
    _more_emails(organiser, 1)
    client.get(EMAIL_LOG + query)
    with CaptureQueriesContext(connection) as one:
        client.get(EMAIL_LOG + query)
    _more_emails(organiser, 8)

    with django_assert_num_queries(len(one)):
        response = client.get(EMAIL_LOG + query)
    assert response.context["cl"].result_count >= 8
