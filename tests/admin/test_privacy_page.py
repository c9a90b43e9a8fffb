"""The admin's privacy page: find, export and erase one person, in the own events only."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from registrations.models import PrivacyRequest, Registration
from registrations.privacy_requests import email_fingerprint
from tests.factories import BookingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

PERSON = "hemligt-a-deltagare@kommun.se"


def page(organiser):
    return reverse("admin:privacy", args=[organiser.pk])


@pytest.fixture
def as_a(client, world):
    client.force_login(world["a"]["admin"])
    return client


@pytest.fixture
def same_address_at_b(world):
    """The same person registered at organiser B: never A's to see or erase."""
    return RegistrationFactory(
        booking=BookingFactory(event=world["b"]["event"]), first_name="Hos B", email=PERSON
    )


def test_privacy_search_finds_the_person_in_the_own_events_only(as_a, world, same_address_at_b):
    response = as_a.post(page(world["a"]["organiser"]), {"email": " Hemligt-A-Deltagare@Kommun.se"})

    found = response.context["found"]
    assert [(r["event"], r["name"]) for r in found["registrations"]] == [
        ("hemligt-a-Konferens A", "hemligt-a-Deltagare EfternamnA")
    ]
    assert "Hos B" not in response.content.decode()
    [logged] = PrivacyRequest.objects.all()
    assert (logged.action, logged.user, logged.organiser) == (
        "search",
        world["a"]["admin"],
        world["a"]["organiser"],
    )
    assert logged.email_hash == email_fingerprint(PERSON)


def test_privacy_search_refuses_a_bad_address_and_keeps_it(as_a, world):
    response = as_a.post(page(world["a"]["organiser"]), {"email": "inte en adress"})

    html = response.content.decode()
    assert "Skriv en e-postadress som namn@kommun.se." in html
    assert 'value="inte en adress"' in html
    assert PrivacyRequest.objects.count() == 0


def test_privacy_search_of_an_unknown_address_says_nothing_is_stored(as_a, world):
    response = as_a.post(page(world["a"]["organiser"]), {"email": "ingen@kommun.se"})

    assert "Inget finns lagrat om adressen" in response.content.decode()


def test_privacy_export_is_the_json_of_the_command(as_a, world, same_address_at_b, tmp_path):
    organiser = world["a"]["organiser"]
    response = as_a.post(page(organiser), {"email": PERSON, "action": "export"})

    target = tmp_path / "export.json"
    call_command(
        "personal_data",
        "--export",
        PERSON,
        "--organiser",
        organiser.slug,
        "--output",
        str(target),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    downloaded = json.loads(response.content)
    from_command = json.loads(target.read_text(encoding="utf-8"))
    downloaded.pop("exported_at"), from_command.pop("exported_at")
    assert downloaded == from_command
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="personuppgifter-')
    assert PERSON not in response["Content-Disposition"]
    assert [r["first_name"] for r in downloaded["registrations"]] == ["hemligt-a-Deltagare"]
    assert list(PrivacyRequest.objects.order_by("pk").values_list("action", flat=True)) == [
        "export",
        "export",
    ]


def test_privacy_erase_asks_first_and_says_what_happens(as_a, world):
    url = reverse("admin:privacy_erase", args=[world["a"]["organiser"].pk])

    response = as_a.post(url, {"email": PERSON})

    html = response.content.decode()
    assert response.status_code == 200
    assert "bokföringslagen" in html
    assert "Varje anmälan anonymiseras" in html
    registration = world["a"]["registration"]
    registration.refresh_from_db()
    assert registration.anonymised_at is None
    assert PrivacyRequest.objects.count() == 0


def test_privacy_erase_confirmed_anonymises_the_own_events_only(as_a, world, same_address_at_b):
    url = reverse("admin:privacy_erase", args=[world["a"]["organiser"].pk])

    response = as_a.post(url, {"email": PERSON, "confirm": "yes"})

    assert response["Location"] == page(world["a"]["organiser"])
    registration = world["a"]["registration"]
    registration.refresh_from_db()
    assert registration.anonymised_at is not None
    assert registration.first_name == ""
    assert registration.status == Registration.Status.CANCELLED  # the event has not ended
    same_address_at_b.refresh_from_db()
    assert (same_address_at_b.first_name, same_address_at_b.email) == ("Hos B", PERSON)
    [logged] = PrivacyRequest.objects.all()
    assert logged.action == "erase"
    assert logged.summary["registrations"] == 1
    log_page = as_a.get(page(world["a"]["organiser"])).content.decode()
    assert "anonymiserade anmälningar: 1" in log_page


def test_privacy_page_lists_the_log_in_few_queries(as_a, world, django_assert_max_num_queries):
    organiser = world["a"]["organiser"]
    url = page(organiser)
    as_a.get(url)
    with django_assert_max_num_queries(10):
        as_a.get(url)
    for n in range(10):
        PrivacyRequest.objects.create(
            organiser=organiser,
            action="search",
            email_hash=email_fingerprint(f"p{n}@kommun.se"),
            user=world["a"]["admin"],
            done_by="hemligt-a-admin-a",
        )
    with django_assert_max_num_queries(10):
        response = as_a.get(url)
    assert len(response.context["log"]) == 10


@pytest.mark.parametrize("who", ["b_admin", "a_door", "b_door"])
def test_privacy_pages_are_closed_to_other_organisers_and_door_staff(client, world, who):
    user = {
        "b_admin": world["b"]["admin"],
        "a_door": world["a"]["door"],
        "b_door": world["b"]["door"],
    }[who]
    client.force_login(user)
    a = world["a"]["organiser"]
    PrivacyRequest.objects.create(organiser=a, action="search", email_hash="x" * 64)

    assert client.get(page(a)).status_code == 404
    assert client.post(page(a), {"email": PERSON}).status_code == 404
    assert client.post(page(a), {"email": PERSON, "action": "export"}).status_code == 404
    erase = reverse("admin:privacy_erase", args=[a.pk])
    assert client.post(erase, {"email": PERSON, "confirm": "yes"}).status_code == 404
    registration = world["a"]["registration"]
    registration.refresh_from_db()
    assert registration.anonymised_at is None
    assert PrivacyRequest.objects.count() == 1


def test_privacy_index_goes_to_the_own_page(as_a, world):
    response = as_a.get(reverse("admin:privacy_index"))

    assert response["Location"] == page(world["a"]["organiser"])
