"""Door staff read registrations and check in; organiser admins do everything of theirs."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from events.models import Event, Membership
from messaging.models import OutgoingEmail
from registrations.models import Registration
from tests.factories import MembershipFactory, OrganiserFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_door(client, world):
    client.force_login(world["a"]["door"])
    return client


def test_door_staff_can_view_registrations_of_their_organiser(as_door, world):
    response = as_door.get(reverse("admin:registrations_registration_changelist"))

    assert response.status_code == 200
    assert "hemligt-a-deltagare@kommun.se" in response.content.decode()
    assert "Deltagare B" not in response.content.decode()


def test_door_staff_see_a_registration_read_only(as_door, world):
    registration = world["a"]["registration"]
    url = reverse("admin:registrations_registration_change", args=[registration.pk])

    assert as_door.get(url).status_code == 200
    assert 'name="first_name"' not in as_door.get(url).content.decode()
    assert as_door.post(url, {"first_name": "Ändrad"}).status_code == 403
    registration.refresh_from_db()
    assert registration.first_name == "hemligt-a-Deltagare"


@pytest.mark.parametrize(
    "name", ["events_event_changelist", "events_event_add", "registrations_booking_changelist"]
)
def test_door_staff_cannot_reach_events_or_bookings(as_door, name):
    assert as_door.get(reverse(f"admin:{name}")).status_code == 403


def test_door_staff_cannot_change_an_event(as_door, world):
    event = world["a"]["event"]
    url = reverse("admin:events_event_change", args=[event.pk])

    assert as_door.get(url).status_code == 403
    assert as_door.post(url, {"title": "Ändrad"}).status_code == 403
    event.refresh_from_db()
    assert event.title == "hemligt-a-Konferens A"


def test_door_staff_check_in_with_the_action(as_door, world):
    registration = world["a"]["registration"]

    as_door.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": "mark_attended", "_selected_action": [registration.pk], "index": "0"},
    )

    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED


def test_door_staff_are_offered_only_the_check_in_action(as_door):
    response = as_door.get(reverse("admin:registrations_registration_changelist"))

    actions = [value for value, _label in response.context["action_form"].fields["action"].choices]
    assert actions == ["", "mark_attended"]


def test_door_staff_cannot_cancel_with_a_forged_action(as_door, world):
    registration = world["a"]["registration"]

    as_door.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": "cancel", "_selected_action": [registration.pk], "index": "0", "post": "yes"},
    )
    page = as_door.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": "cancel", "_selected_action": [registration.pk], "index": "0"},
    )

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert page.status_code == 302
    assert OutgoingEmail.objects.count() == 0


def test_door_staff_export_only_the_door_list(as_door, world):
    url = reverse("admin:events_event_export", args=[world["a"]["event"].pk])

    page = as_door.get(url)
    refused = as_door.post(url, {"report": "invoice", "file_format": "csv"})
    door_list = as_door.post(url, {"report": "door_list", "file_format": "xlsx"})

    assert [value for value, _ in page.context["form"].fields["report"].choices] == ["door_list"]
    assert refused.status_code == 200
    assert refused.context["form"].errors["report"] == [
        "Välj ett giltigt alternativ. invoice finns inte bland tillgängliga alternativ."
    ]
    assert door_list.status_code == 200
    assert b"".join(door_list.streaming_content).startswith(b"%PDF")


def test_admin_of_two_organisers_who_is_door_staff_at_one_cannot_change_there(client, world):
    user = world["b"]["admin"]
    MembershipFactory(organiser=world["a"]["organiser"], user=user, role=Membership.Role.DOOR)
    client.force_login(user)
    registration = world["a"]["registration"]

    events = client.get(reverse("admin:events_event_changelist")).context["cl"].result_list
    client.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": "cancel", "_selected_action": [registration.pk], "index": "0"},
    )

    assert [event.title for event in events] == ["Konferens B"]
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_organiser_admin_adds_an_event_without_choosing_the_organiser(client, world):
    a = world["a"]
    client.force_login(a["admin"])
    url = reverse("admin:events_event_add")

    page = client.get(url)
    response = client.post(
        url,
        {
            "title": "Vårseminarium",
            "slug": "varseminarium",
            "starts_at_0": "2031-04-27",
            "starts_at_1": "09:00",
            "ends_at_0": "2031-04-27",
            "ends_at_1": "16:00",
            "format": "on_site",
            "venue": a["venue"].pk,
            "waiting_list": "on",
            "reminder_days_before": "3",
            **_defaults_and_empty_inlines(),
        },
    )

    assert "organiser" not in page.context["adminform"].form.fields
    assert response.status_code == 302
    event = Event.objects.get(slug="varseminarium")
    assert event.organiser == a["organiser"]
    assert event.status == Event.Status.DRAFT


def test_organiser_admin_cannot_use_a_venue_of_another_organiser(client, world):
    client.force_login(world["b"]["admin"])
    url = reverse("admin:events_event_add")

    response = client.post(
        url,
        {
            "title": "Kapat",
            "slug": "kapat",
            "starts_at_0": "2031-04-27",
            "starts_at_1": "09:00",
            "ends_at_0": "2031-04-27",
            "ends_at_1": "16:00",
            "format": "on_site",
            "venue": world["a"]["venue"].pk,
            "reminder_days_before": "3",
            **_defaults_and_empty_inlines(),
        },
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["venue"]
    assert not Event.objects.filter(slug="kapat").exists()


def test_organiser_admin_of_two_organisers_chooses_among_theirs(client, world):
    user = world["b"]["admin"]
    other = OrganiserFactory(name="Arrangör C")
    VenueFactory(organiser=other, name="Lokal C")
    MembershipFactory(organiser=other, user=user)
    client.force_login(user)

    form = client.get(reverse("admin:events_event_add")).context["adminform"].form

    assert sorted(str(o) for o in form.fields["organiser"].queryset) == ["Arrangör B", "Arrangör C"]
    assert sorted(str(v) for v in form.fields["venue"].queryset) == [
        "Lokal B, Kisa",
        "Lokal C, Kisa",
    ]


def test_organiser_admin_cannot_add_organisers_or_memberships(client, world):
    client.force_login(world["a"]["admin"])

    assert client.get(reverse("admin:events_organiser_add")).status_code == 403
    assert client.get(reverse("admin:events_membership_add")).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_staff_without_membership_sees_no_app(client, db):
    from tests.factories import UserFactory

    user = UserFactory()
    user.save()
    client.force_login(user)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert response.context["app_list"] == []


def _defaults_and_empty_inlines():
    data = {"invoice_timing": "after_event"}
    for prefix in ("sessions", "price_options", "questions", "materials"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


def test_admin_of_two_organisers_cannot_mix_their_venues(client, world):
    user = world["b"]["admin"]
    other = OrganiserFactory(name="Arrangör C")
    MembershipFactory(organiser=other, user=user)
    client.force_login(user)

    response = client.post(
        reverse("admin:events_event_add"),
        {
            "organiser": other.pk,
            "title": "Blandat",
            "slug": "blandat",
            "starts_at_0": "2031-04-27",
            "starts_at_1": "09:00",
            "ends_at_0": "2031-04-27",
            "ends_at_1": "16:00",
            "format": "on_site",
            "venue": world["b"]["venue"].pk,
            "reminder_days_before": "3",
            **_defaults_and_empty_inlines(),
        },
    )

    assert response.context["adminform"].form.errors == {
        "venue": [gettext("This belongs to another organiser than the event.")]
    }
    assert not Event.objects.filter(slug="blandat").exists()
