"""The staff page: organiser admins invite, change and remove their own staff."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events import staff
from events.models import Membership, StaffInvite
from tests.factories import MembershipFactory, OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db
Role = Membership.Role
LINK = re.compile(r"http://[^\s]+/personal/inbjudan/[^\s/]+/")


def page(organiser):
    return reverse("admin:staff", args=[organiser.pk])


@pytest.fixture
def as_a(client, world):
    client.force_login(world["a"]["admin"])
    return client


def _invite(client, committed, organiser, email="ny@kommun.se", role="door"):
    mail.outbox.clear()
    return committed(client.post, page(organiser), {"email": email, "role": role})


def _link(message):
    return LINK.search(message.body).group(0)


def test_staff_page_lists_members_with_their_roles(as_a, world):
    response = as_a.get(page(world["a"]["organiser"]))

    assert response.status_code == 200
    members = [m.user.username for m in response.context["members"]]
    assert sorted(members) == ["hemligt-a-admin-a", "hemligt-a-dorr-a"]
    assert "dorr-b" not in response.content.decode()


def test_staff_index_goes_to_the_one_organisation(as_a, world):
    response = as_a.get(reverse("admin:staff_index"))

    assert response.status_code == 302
    assert response["Location"] == page(world["a"]["organiser"])


def test_staff_invite_sends_a_swedish_email_with_a_single_use_link(as_a, world, committed, client):
    organiser = world["a"]["organiser"]

    response = _invite(as_a, committed, organiser, email=" Ny@Kommun.se ")

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["ny@kommun.se"]
    assert message.subject == f"Inbjudan till personalen hos {organiser.name} i Anmälan"
    assert "som entrépersonal" in message.body
    invite = StaffInvite.objects.get()
    assert (invite.email, invite.role) == ("ny@kommun.se", Role.DOOR)
    token = _link(message).rstrip("/").rsplit("/", 1)[1]
    assert token not in invite.token_hash  # only its hash is stored
    assert invite.token_hash == staff.hash_token(token)
    assert invite.expires_at - invite.sent_at == dt.timedelta(days=7)

    client.logout()
    response = client.get(_link(message))
    assert response["Location"] == reverse("backoffice:accept_invite_page")
    response = client.post(
        reverse("backoffice:accept_invite_page"),
        {
            "first_name": "Nora",
            "last_name": "Ny",
            "username": "nora",
            "password1": "Lingon-Sylt-2026",
            "password2": "Lingon-Sylt-2026",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="nora")
    assert (user.email, user.is_staff, user.check_password("Lingon-Sylt-2026")) == (
        "ny@kommun.se",
        True,
        True,
    )
    assert Membership.objects.get(user=user).organiser == organiser
    assert Membership.objects.get(user=user).role == Role.DOOR

    client.logout()
    again = client.get(_link(message), follow=True)
    assert again.status_code == 404
    assert "fungerar inte längre" in again.content.decode()


def test_staff_accept_keeps_what_was_typed_when_passwords_differ(as_a, world, committed, client):
    _invite(as_a, committed, world["a"]["organiser"])
    link = _link(mail.outbox[0])
    client.logout()
    client.get(link)

    response = client.post(
        reverse("backoffice:accept_invite_page"),
        {
            "username": "nora",
            "first_name": "Nora",
            "password1": "Lingon-Sylt-2026",
            "password2": "x",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"password2": ["De två lösenorden är inte lika."]}
    assert 'value="nora"' in response.content.decode()
    assert 'value="Nora"' in response.content.decode()
    assert not get_user_model().objects.filter(username="nora").exists()


def test_staff_invite_link_expires_after_seven_days(as_a, world, committed, client):
    _invite(as_a, committed, world["a"]["organiser"])
    link = _link(mail.outbox[0])
    StaffInvite.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    client.logout()

    response = client.get(link, follow=True)

    assert response.status_code == 404
    assert response.context["title"] == "Inbjudan till personalen"


def test_staff_invite_sent_again_replaces_the_old_link(as_a, world, committed, client):
    organiser = world["a"]["organiser"]
    _invite(as_a, committed, organiser)
    old_link = _link(mail.outbox[0])
    invite = StaffInvite.objects.get()
    StaffInvite.objects.update(expires_at=timezone.now() - dt.timedelta(days=1))
    mail.outbox.clear()

    committed(as_a.post, reverse("admin:staff_invite_resend", args=[organiser.pk, invite.pk]))

    [message] = mail.outbox
    assert _link(message) != old_link
    invite.refresh_from_db()
    assert not invite.is_expired()
    client.logout()
    assert client.get(old_link, follow=True).status_code == 404
    assert client.get(_link(message), follow=True).status_code == 200


def test_staff_page_shows_pending_and_expired_invitations(as_a, world, committed):
    organiser = world["a"]["organiser"]
    _invite(as_a, committed, organiser, email="ny@kommun.se")
    _invite(as_a, committed, organiser, email="gammal@kommun.se")
    StaffInvite.objects.filter(email="gammal@kommun.se").update(
        expires_at=timezone.now() - dt.timedelta(days=1)
    )

    response = as_a.get(page(organiser))

    assert [(i.email, expired) for i, expired in response.context["invites"]] == [
        ("gammal@kommun.se", True),
        ("ny@kommun.se", False),
    ]
    assert "Utgången" in response.content.decode()


def test_staff_invite_of_an_existing_account_is_accepted_when_logged_in(
    as_a, world, committed, client
):
    """Someone of organiser B joins A as well: logged in as themselves, they accept."""
    b_admin = world["b"]["admin"]
    _invite(as_a, committed, world["a"]["organiser"], email=b_admin.email, role="admin")
    link = _link(mail.outbox[0])
    client.logout()
    client.get(link)
    response = client.get(reverse("backoffice:accept_invite_page"))
    assert response.context["form"] is None
    assert "Logga in för att godkänna" in response.content.decode()

    client.force_login(b_admin)
    client.post(reverse("backoffice:accept_invite_page"))

    assert sorted(
        Membership.objects.filter(user=b_admin).values_list("organiser__name", "role")
    ) == [("Arrangör A", "admin"), ("Arrangör B", "admin")]


def test_staff_invite_cannot_be_accepted_by_another_logged_in_user(as_a, world, committed, client):
    _invite(as_a, committed, world["a"]["organiser"], email="ny@kommun.se")
    link = _link(mail.outbox[0])
    client.force_login(world["b"]["door"])
    client.get(link)

    client.post(reverse("backoffice:accept_invite_page"))

    assert not Membership.objects.filter(
        user=world["b"]["door"], organiser=world["a"]["organiser"]
    ).exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"email": "", "role": "door"}, "Skriv e-postadressen till den du vill bjuda in."),
        ({"email": "inte-en-adress", "role": "door"}, "Skriv en e-postadress som namn@kommun.se."),
        ({"email": "ny@kommun.se", "role": "superuser"}, "Välj en roll."),
    ],
)
def test_staff_invite_form_refuses_bad_input_in_swedish(as_a, world, data, error):
    response = as_a.post(page(world["a"]["organiser"]), data)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert StaffInvite.objects.count() == 0


def test_staff_invite_of_a_member_or_twice_is_refused(as_a, world, committed):
    organiser = world["a"]["organiser"]
    response = as_a.post(page(organiser), {"email": world["a"]["door"].email, "role": "door"})
    assert response.context["form"].errors == {"email": ["Personen finns redan i personalen."]}

    _invite(as_a, committed, organiser, email="ny@kommun.se")
    response = as_a.post(page(organiser), {"email": "NY@kommun.se", "role": "admin"})
    assert "har redan bjudits in" in response.context["form"].errors["email"][0]
    assert StaffInvite.objects.count() == 1


def test_staff_role_is_changed(as_a, world):
    organiser = world["a"]["organiser"]
    door = Membership.objects.get(user=world["a"]["door"], organiser=organiser)

    as_a.post(reverse("admin:staff_role", args=[organiser.pk, door.pk]), {"role": "admin"})

    door.refresh_from_db()
    assert door.role == Role.ADMIN


def test_staff_last_admin_cannot_demote_or_remove_themselves(as_a, world):
    organiser = world["a"]["organiser"]
    own = Membership.objects.get(user=world["a"]["admin"], organiser=organiser)

    response = as_a.post(
        reverse("admin:staff_role", args=[organiser.pk, own.pk]), {"role": "door"}, follow=True
    )
    assert "minst en arrangörsadministratör" in response.content.decode()
    as_a.post(reverse("admin:staff_remove", args=[organiser.pk, own.pk]))

    own.refresh_from_db()
    assert own.role == Role.ADMIN


def test_staff_admin_may_step_down_when_another_admin_remains(as_a, world):
    organiser = world["a"]["organiser"]
    MembershipFactory(organiser=organiser, role=Role.ADMIN)
    own = Membership.objects.get(user=world["a"]["admin"], organiser=organiser)

    response = as_a.post(reverse("admin:staff_role", args=[organiser.pk, own.pk]), {"role": "door"})

    own.refresh_from_db()
    assert own.role == Role.DOOR
    assert response["Location"] == reverse("admin:index")  # no staff page for them any more
    assert as_a.get(page(organiser)).status_code == 404


def test_staff_removal_keeps_the_account_and_its_other_organisations(as_a, world):
    organiser = world["a"]["organiser"]
    user = UserFactory(username="tva-jobb")
    user.save()
    mine = MembershipFactory(organiser=organiser, user=user, role=Role.DOOR)
    MembershipFactory(organiser=world["b"]["organiser"], user=user, role=Role.ADMIN)

    confirm = as_a.get(reverse("admin:staff_remove", args=[organiser.pk, mine.pk]))
    assert "Kontot finns kvar" in confirm.content.decode()
    as_a.post(reverse("admin:staff_remove", args=[organiser.pk, mine.pk]))

    assert list(Membership.objects.filter(user=user).values_list("organiser__name", "role")) == [
        ("Arrangör B", "admin")
    ]
    assert get_user_model().objects.filter(pk=user.pk, is_active=True).exists()


def test_staff_withdrawn_invitation_link_stops_working(as_a, world, committed, client):
    organiser = world["a"]["organiser"]
    _invite(as_a, committed, organiser)
    link = _link(mail.outbox[0])
    invite = StaffInvite.objects.get()

    as_a.post(reverse("admin:staff_invite_withdraw", args=[organiser.pk, invite.pk]))

    assert StaffInvite.objects.count() == 0
    client.logout()
    assert client.get(link, follow=True).status_code == 404


def test_staff_page_query_count_does_not_grow_with_staff(
    as_a, world, django_assert_max_num_queries
):
    organiser = world["a"]["organiser"]
    url = page(organiser)
    as_a.get(url)
    with django_assert_max_num_queries(12):
        as_a.get(url)
    for n in range(8):
        MembershipFactory(organiser=organiser, role=Role.DOOR)
        staff.invite(organiser=organiser, email=f"p{n}@kommun.se", role="door", invited_by=None)
    with django_assert_max_num_queries(12):
        response = as_a.get(url)
    assert len(response.context["members"]) == 10


def test_staff_superuser_sees_every_organisation_to_choose(client, superuser, world):
    OrganiserFactory(name="Arrangör C")
    client.force_login(superuser)

    response = client.get(reverse("admin:staff_index"))

    assert [o.name for o in response.context["organisers"]] == [
        "Arrangör A",
        "Arrangör B",
        "Arrangör C",
    ]


def test_staff_invitation_link_is_not_kept_in_the_email_log(as_a, world, committed):
    from messaging.models import OutgoingEmail
    from messaging.services import retry_email

    _invite(as_a, committed, world["a"]["organiser"])

    [email] = OutgoingEmail.objects.all()
    assert (email.kind, email.status, email.body_text, email.body_html) == (
        "staff_invite",
        "sent",
        "",
        "",
    )
    assert email.subject.startswith("Inbjudan till personalen")
    OutgoingEmail.objects.update(status="failed")
    assert retry_email(email=email) is False  # no empty invitation is sent
