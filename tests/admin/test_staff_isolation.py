"""Another organiser's staff, and door staff, reach nothing of an organiser's staff pages."""

import pytest
from django.urls import reverse

from events import staff
from events.models import Membership, StaffInvite

pytestmark = pytest.mark.django_db


@pytest.fixture
def targets(world):
    """Every staff URL of organiser A, with a member and an open invitation."""
    organiser = world["a"]["organiser"]
    door = Membership.objects.get(organiser=organiser, user=world["a"]["door"])
    invite, _ = staff.invite(
        organiser=organiser, email="ny@kommun.se", role="door", invited_by=world["a"]["admin"]
    )
    return {
        "page": reverse("admin:staff", args=[organiser.pk]),
        "role": reverse("admin:staff_role", args=[organiser.pk, door.pk]),
        "remove": reverse("admin:staff_remove", args=[organiser.pk, door.pk]),
        "resend": reverse("admin:staff_invite_resend", args=[organiser.pk, invite.pk]),
        "withdraw": reverse("admin:staff_invite_withdraw", args=[organiser.pk, invite.pk]),
        "door": door,
        "invite": invite,
    }


def _unchanged(targets):
    targets["door"].refresh_from_db()
    assert targets["door"].role == "door"
    assert StaffInvite.objects.filter(pk=targets["invite"].pk).exists()
    invite = StaffInvite.objects.get(pk=targets["invite"].pk)
    assert invite.token_hash == targets["invite"].token_hash


@pytest.mark.parametrize("who", ["b_admin", "b_door", "a_door"])
def test_staff_pages_are_closed_to_other_organisers_and_door_staff(client, world, targets, who):
    user = {
        "b_admin": world["b"]["admin"],
        "b_door": world["b"]["door"],
        "a_door": world["a"]["door"],
    }[who]
    client.force_login(user)

    for name in ("page", "remove"):
        response = client.get(targets[name])
        assert response.status_code == 404, name
        assert "ny@kommun.se" not in response.content.decode()
    invite_data = {"email": "x@kommun.se", "role": "admin"}
    assert client.post(targets["page"], invite_data).status_code == 404
    assert client.post(targets["role"], {"role": "admin"}).status_code == 404
    assert client.post(targets["remove"]).status_code == 404
    assert client.post(targets["resend"]).status_code == 404
    assert client.post(targets["withdraw"]).status_code == 404

    _unchanged(targets)
    assert StaffInvite.objects.count() == 1
    assert Membership.objects.filter(organiser=world["a"]["organiser"]).count() == 2


def test_staff_admin_of_b_cannot_reach_a_membership_of_a_from_their_page(client, world, targets):
    """B's page with A's membership id: the membership is looked up within B only."""
    client.force_login(world["b"]["admin"])
    b = world["b"]["organiser"]
    door_of_a = targets["door"]

    assert (
        client.post(reverse("admin:staff_role", args=[b.pk, door_of_a.pk]), {"role": "admin"})
    ).status_code == 404
    assert client.post(reverse("admin:staff_remove", args=[b.pk, door_of_a.pk])).status_code == 404
    invite = targets["invite"]
    resend = reverse("admin:staff_invite_resend", args=[b.pk, invite.pk])
    assert client.post(resend).status_code == 404
    _unchanged(targets)


def test_staff_invitation_gives_only_the_inviting_organisation(client, world):
    """Whatever the form says, the invitation is for the page's organiser only."""
    client.force_login(world["b"]["admin"])
    b = world["b"]["organiser"]

    client.post(
        reverse("admin:staff", args=[b.pk]),
        {"email": "ny@kommun.se", "role": "admin", "organiser": world["a"]["organiser"].pk},
    )

    assert list(StaffInvite.objects.values_list("organiser__name", flat=True)) == ["Arrangör B"]


def test_staff_door_staff_see_no_staff_link_on_the_index(client, world):
    client.force_login(world["a"]["door"])
    response = client.get(reverse("admin:index"))
    assert reverse("admin:staff_index") not in response.content.decode()
    assert client.get(reverse("admin:staff_index")).status_code == 404


def test_staff_admin_sees_the_staff_link_on_the_index(client, world):
    client.force_login(world["a"]["admin"])
    response = client.get(reverse("admin:index"))
    assert reverse("admin:staff_index") in response.content.decode()
