"""A forgotten admin password: Django's reset views, Swedish, through the mail room."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from messaging.models import OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = reverse("admin_password_reset")
LINK = re.compile(r"http://[^\s]+/admin/nytt-losenord/[^\s]+/")


@pytest.fixture
def organiser_user(db):
    user = UserFactory(username="karin", email="karin@kommun.se")
    user.save()
    return user


def test_password_reset_link_is_on_the_admin_login_page(client):
    response = client.get(reverse("admin:login"))

    assert RESET in response.content.decode()


def test_password_reset_answers_the_same_with_or_without_an_account(
    client, committed, organiser_user
):
    known = committed(client.post, RESET, {"email": "karin@kommun.se"})
    unknown = committed(client.post, RESET, {"email": "ingen@kommun.se"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    assert [message.to for message in mail.outbox] == [["karin@kommun.se"]]
    done = client.get(reverse("password_reset_done")).content.decode()
    assert "Om adressen hör till ett konto" in done


def test_password_reset_email_goes_through_the_mail_room_in_swedish(
    client, committed, organiser_user
):
    committed(client.post, RESET, {"email": "KARIN@kommun.se"})

    [email] = OutgoingEmail.objects.all()
    assert (email.kind, email.to, email.status) == ("password_reset", "karin@kommun.se", "sent")
    assert email.body_text == ""  # the link is not kept once sent
    [message] = mail.outbox
    assert message.subject == "Ett nytt lösenord till Anmälan"
    assert "Anmälan-kontot karin" in message.body


def test_password_reset_sets_a_new_password_once(client, committed, organiser_user):
    committed(client.post, RESET, {"email": "karin@kommun.se"})
    link = LINK.search(mail.outbox[0].body).group(0)

    form = client.get(link, follow=True)
    assert form.context["validlink"] is True
    new_password = "Blabar-Paj-2026"
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )

    assert response["Location"] == reverse("password_reset_complete")
    organiser_user.refresh_from_db()
    assert organiser_user.check_password(new_password)
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
    assert "Länken har redan använts eller är för gammal." in again.content.decode()


def test_password_reset_ignores_accounts_that_cannot_use_the_admin(client, committed, db):
    attendee_like = UserFactory(username="utan-admin", email="ute@kommun.se", is_staff=False)
    attendee_like.save()

    committed(client.post, RESET, {"email": "ute@kommun.se"})

    assert mail.outbox == []


def test_password_reset_refuses_a_bad_address_in_swedish(client):
    response = client.post(RESET, {"email": "inte en adress"})

    assert response.status_code == 200
    assert "Skriv en e-postadress som namn@kommun.se." in response.content.decode()
    assert 'value="inte en adress"' in response.content.decode()


def test_password_reset_opens_a_locked_out_login(client, committed, organiser_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("admin:login"), {"username": "karin", "password": "fel"})
    locked = client.post(reverse("admin:login"), {"username": "karin", "password": "fel"})
    assert locked.status_code == 429
    html = locked.content.decode()
    assert RESET in html
    assert "Fråga en arrangörsadministratör i din organisation" in html

    committed(client.post, RESET, {"email": "karin@kommun.se"})
    form = client.get(LINK.search(mail.outbox[0].body).group(0), follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Blabar-Paj-2026", "new_password2": "Blabar-Paj-2026"},
    )

    response = client.post(
        reverse("admin:login"),
        {"username": "karin", "password": "Blabar-Paj-2026", "next": reverse("admin:index")},
    )
    assert response.status_code == 302


def test_password_reset_requests_are_rate_limited(client, settings, organiser_user):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "admin_password_reset": "2/m"}

    answers = [client.post(RESET, {"email": "karin@kommun.se"}).status_code for _ in range(3)]

    assert answers == [302, 302, 429]
