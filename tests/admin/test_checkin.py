"""Check-in at the door: who may, search, check in and undo, scanned references."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone

from backoffice.checkin import as_reference
from events.models import Membership
from registrations.event_cancellation import cancel_event
from registrations.models import Registration
from tests.factories import (
    BookingFactory,
    EventFactory,
    MembershipFactory,
    OrganiserFactory,
    RegistrationFactory,
    UserFactory,
    in_days,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0) + dt.timedelta(minutes=5)


def _staff(organiser, role):
    user = UserFactory()
    user.save()
    MembershipFactory(organiser=organiser, user=user, role=role)
    return user


@pytest.fixture
def door(db):
    """An event with Anna (confirmed), Bo (confirmed, online), Cecilia (checked in),
    David (waiting) and Eva (cancelled); a door staff user and an organiser admin."""
    organiser = OrganiserFactory(name="CKS")
    event = EventFactory(
        organiser=organiser,
        title="Välfärd för alla",
        format="hybrid",
        online_capacity=20,
        starts_at=in_days(1, 9),
    )
    booking = BookingFactory(event=event, reference="BOKA-2345")
    people = {}
    for first, last, fields in [
        ("Anna", "Andersson", {"organisation": "Kinda kommun"}),
        ("Bo", "Berg", {"attendance_mode": "online", "organisation": "Region Östergötland"}),
        ("Cecilia", "Carlsson", {"status": "attended", "checked_in_at": in_days(-1, 9)}),
        ("David", "Dahl", {"status": "waitlisted"}),
        ("Eva", "Ek", {"status": "cancelled"}),
    ]:
        people[first.lower()] = RegistrationFactory(
            booking=booking,
            first_name=first,
            last_name=last,
            email=f"{first.lower()}@kinda.se",
            reference=f"{first[:2].upper()}AA-2345",
            **fields,
        )
    return {
        "event": event,
        "organiser": organiser,
        "door": _staff(organiser, Membership.Role.DOOR),
        "admin": _staff(organiser, Membership.Role.ADMIN),
        **people,
    }


@pytest.fixture
def as_door(client, door):
    client.force_login(door["door"])
    return client


def _url(event):
    return reverse("backoffice:checkin", args=[event.pk])


def _refresh(registration):
    registration.refresh_from_db()
    return registration.status, registration.checked_in_at


def _messages(response):
    return [str(message) for message in response.context["messages"]]


# Who may


def test_checkin_needs_a_staff_login(client, door):
    response = client.get(_url(door["event"]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_checkin_is_not_for_users_who_are_not_staff(client, door):
    user = _staff(door["organiser"], Membership.Role.DOOR)
    user.is_staff = False
    user.save()
    client.force_login(user)

    assert client.get(_url(door["event"])).status_code == 302


@pytest.mark.parametrize("role", ["door", "admin"])
def test_checkin_page_for_door_staff_and_organiser_admins(client, door, role):
    client.force_login(door[role])

    response = client.get(_url(door["event"]))

    assert response.status_code == 200
    assert response.context["counts"] == {"expected": 2, "checked_in": 1}


def test_checkin_of_another_organisation_is_not_found(client, door):
    other = _staff(OrganiserFactory(), Membership.Role.ADMIN)
    client.force_login(other)
    anna = door["anna"]

    assert client.get(_url(door["event"])).status_code == 404
    assert client.get(_url(door["event"]), {"q": "Anna"}).status_code == 404
    assert client.post(_url(door["event"]), {"registration": anna.pk}).status_code == 404
    assert client.post(_url(door["event"]), {"q": anna.reference}).status_code == 404
    assert _refresh(anna) == ("confirmed", None)


def test_checkin_a_registration_of_another_event_through_this_page_is_not_found(as_door, door):
    other = RegistrationFactory(booking__event=EventFactory(organiser=door["organiser"]))

    response = as_door.post(_url(door["event"]), {"registration": other.pk})

    assert response.status_code == 404
    assert _refresh(other) == ("confirmed", None)


def test_checkin_event_list_shows_the_users_events_from_yesterday_on(as_door, door):
    organiser = door["organiser"]
    EventFactory(organiser=organiser, title="Förra året", starts_at=in_days(-3, 9))
    EventFactory(organiser=organiser, title="Utkast", status="draft")
    EventFactory(title="Annan arrangör")
    later = EventFactory(organiser=organiser, title="Nästa år", starts_at=in_days(300, 9))

    response = as_door.get(reverse("backoffice:checkin_events"))

    assert [event.title for event in response.context["events"]] == [
        "Välfärd för alla",
        later.title,
    ]
    assert f'href="{_url(later)}"' in response.content.decode()


def test_checkin_is_linked_from_the_admin_index(as_door):
    content = as_door.get(reverse("admin:index")).content.decode()

    assert f'<a href="{reverse("backoffice:checkin_events")}">Incheckning</a>' in content


# Search


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("anna", ["Anna"]),
        ("Andersson", ["Anna"]),
        ("anna kinda", ["Anna"]),
        ("bo@kinda", ["Bo"]),
        ("östergötland", ["Bo"]),
        ("kinda.se", ["Anna", "Bo", "Cecilia", "David", "Eva"]),
        ("ANAA-2345", ["Anna"]),
        ("anaa 2345", ["Anna"]),
        ("BOKA-2345", ["Anna", "Bo", "Cecilia", "David", "Eva"]),
        ("nobody", []),
    ],
)
def test_checkin_search(as_door, door, text, expected):
    response = as_door.get(_url(door["event"]), {"q": text})

    assert response.status_code == 200
    assert [r.first_name for r in response.context["results"]] == expected


def test_checkin_search_by_get_never_checks_in(as_door, door):
    as_door.get(_url(door["event"]), {"q": door["anna"].reference})

    assert _refresh(door["anna"]) == ("confirmed", None)


def test_checkin_search_offers_the_right_button_for_each_status(as_door, door):
    content = as_door.get(_url(door["event"]), {"q": "kinda.se"}).content.decode()

    assert content.count('<span class="visually-hidden"> Anna Andersson</span>') == 1
    assert content.count("Ångra<span") == 2  # Cecilia in the results and in "last checked in"
    assert "På väntelistan: har ingen plats och kan inte checkas in." in content
    assert "Avbokad: kan inte checkas in." in content


def test_checkin_search_says_when_someone_checked_in_as_the_site_writes_times(as_door, door):
    content = as_door.get(_url(door["event"]), {"q": "cecilia"}).content.decode()

    assert "✓ Incheckad kl. 09.00</p>" in content


def test_checkin_event_list_writes_the_start_as_the_site_does(as_door, door):
    content = as_door.get(reverse("backoffice:checkin_events")).content.decode()

    day = dateformat.format(timezone.localdate(door["event"].starts_at), "j F Y")
    assert f'<span class="d-block small">{day} kl. 09.00 · ' in content


def test_checkin_page_has_no_inline_style_or_script(as_door, door):
    content = as_door.get(_url(door["event"]), {"q": "kinda"}).content.decode()

    assert "style=" not in content
    assert re.findall(r"<script[^>]*>", content) == [
        '<script src="/static/js/checkin-scan.js" defer>'
    ]  # one first-party file, nothing inline
    assert re.search(r"\son[a-z]+=", content) is None  # no event handler attributes
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in content
    assert '<label for="checkin-q"' in content


# Check in and undo


def test_checkin_button_checks_in_and_confirms_with_undo(as_door, door):
    anna = door["anna"]

    with time_machine.travel(NOW, tick=False):
        response = as_door.post(_url(door["event"]), {"registration": anna.pk, "q": "anna"})

    assert response.status_code == 302
    assert response["Location"] == f"{_url(door['event'])}?klar={anna.pk}"
    assert _refresh(anna) == ("attended", NOW)
    page = as_door.get(response["Location"])
    content = page.content.decode()
    assert page.context["done"] == anna
    assert page.context["counts"] == {"expected": 2, "checked_in": 2}
    assert '<div role="status" class="checkin-status">' in content
    assert "✓ Anna Andersson är incheckad" in content
    assert f'<input type="hidden" name="registration" value="{anna.pk}">' in content


def _history(registration):
    entries = LogEntry.objects.filter(object_id=str(registration.pk)).order_by("pk")
    return [(entry.user_id, entry.get_change_message()) for entry in entries]


def test_checkin_and_its_undo_are_in_the_registrations_history(as_door, door):
    anna, staff = door["anna"], door["door"]

    as_door.post(_url(door["event"]), {"registration": anna.pk, "q": "anna"})
    as_door.post(_url(door["event"]), {"registration": anna.pk, "undo": "1", "q": "anna"})
    as_door.post(_url(door["event"]), {"q": anna.reference})

    assert _history(anna) == [
        (staff.pk, "Incheckad vid entrén."),
        (staff.pk, "Incheckningen ångrad vid entrén."),
        (staff.pk, "Incheckad vid entrén."),
    ]


def test_checkin_refused_or_repeated_writes_no_history(as_door, door):
    for person in ("cecilia", "david", "eva"):
        as_door.post(_url(door["event"]), {"registration": door[person].pk})
    as_door.post(_url(door["event"]), {"registration": door["anna"].pk, "undo": "1"})

    assert LogEntry.objects.count() == 0


def test_checkin_undo_makes_the_registration_confirmed_again(as_door, door):
    cecilia = door["cecilia"]

    response = as_door.post(
        _url(door["event"]), {"registration": cecilia.pk, "undo": "1", "q": "cec"}, follow=True
    )

    assert _refresh(cecilia) == ("confirmed", None)
    assert response.redirect_chain == [(f"{_url(door['event'])}?q=cec", 302)]
    assert _messages(response) == ["Incheckningen av Cecilia Carlsson är ångrad."]


def test_checkin_of_someone_waiting_is_refused(as_door, door):
    response = as_door.post(_url(door["event"]), {"registration": door["david"].pk}, follow=True)

    assert _refresh(door["david"]) == ("waitlisted", None)
    assert _messages(response) == [
        "David Dahl står på väntelistan och har ingen plats: inte incheckad."
    ]


def test_checkin_of_someone_who_cancelled_is_refused(as_door, door):
    response = as_door.post(_url(door["event"]), {"registration": door["eva"].pk}, follow=True)

    assert _refresh(door["eva"]) == ("cancelled", None)
    assert _messages(response) == ["Eva Ek har avbokat sin anmälan: inte incheckad."]


def test_checkin_of_a_cancelled_event_expects_nobody_and_checks_in_nobody(as_door, door):
    cancel_event(event=door["event"])

    page = as_door.get(_url(door["event"]), {"q": "anna"})
    response = as_door.post(_url(door["event"]), {"registration": door["anna"].pk}, follow=True)

    assert page.context["counts"] == {"expected": 0, "checked_in": 0}
    assert "Evenemanget är inställt: kan inte checkas in." in page.content.decode()
    assert _refresh(door["anna"]) == ("cancelled", None)
    assert _messages(response) == ["Evenemanget är inställt: Anna Andersson är inte incheckad."]


# A scanned or typed reference


@pytest.mark.parametrize("scanned", ["ANAA-2345", "anaa-2345", " ANAA2345 "])
def test_checkin_scanned_reference_checks_in_at_once(as_door, door, scanned):
    anna = door["anna"]

    with time_machine.travel(NOW, tick=False):
        response = as_door.post(_url(door["event"]), {"q": scanned})

    assert response["Location"] == f"{_url(door['event'])}?klar={anna.pk}"
    assert _refresh(anna) == ("attended", NOW)


def test_checkin_scanned_twice_says_when_it_was_done(as_door, door):
    response = as_door.post(_url(door["event"]), {"q": door["cecilia"].reference}, follow=True)

    assert _refresh(door["cecilia"]) == ("attended", door["cecilia"].checked_in_at)
    assert _messages(response) == ["Cecilia Carlsson var redan incheckad kl. 09.00."]


def test_checkin_scanned_reference_of_someone_waiting_is_refused(as_door, door):
    response = as_door.post(_url(door["event"]), {"q": door["david"].reference}, follow=True)

    assert _refresh(door["david"]) == ("waitlisted", None)
    assert [r.first_name for r in response.context["results"]] == ["David"]
    assert _messages(response) == [
        "David Dahl står på väntelistan och har ingen plats: inte incheckad."
    ]


def test_checkin_booking_reference_lists_the_booking_without_checking_in(as_door, door):
    response = as_door.post(_url(door["event"]), {"q": "boka-2345"}, follow=True)

    assert response.redirect_chain == [(f"{_url(door['event'])}?q=BOKA-2345", 302)]
    assert len(response.context["results"]) == 5
    assert Registration.objects.filter(status="attended").count() == 1


def test_checkin_reference_of_another_event_of_the_organiser_says_which(as_door, door):
    other = EventFactory(organiser=door["organiser"], title="Höstseminariet")
    elsewhere = RegistrationFactory(booking__event=other, reference="HOST-2345")

    response = as_door.post(_url(door["event"]), {"q": "HOST-2345"}, follow=True)

    assert _refresh(elsewhere) == ("confirmed", None)
    assert _messages(response) == [
        "HOST-2345 är en anmälan till ett annat evenemang: Höstseminariet."
    ]


def test_checkin_reference_of_another_organisers_event_says_nothing_of_it(as_door, door):
    RegistrationFactory(booking__event=EventFactory(title="Hemligt"), reference="HEMS-2345")

    response = as_door.post(_url(door["event"]), {"q": "HEMS-2345"}, follow=True)

    assert _messages(response) == []
    assert response.context["results"] == []
    assert "Hemligt" not in response.content.decode()


def test_checkin_typed_name_goes_to_the_results(as_door, door):
    response = as_door.post(_url(door["event"]), {"q": "Anna Andersson"})

    assert response["Location"] == f"{_url(door['event'])}?q=Anna+Andersson"
    assert _refresh(door["anna"]) == ("confirmed", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("K7QM-3XPA", "K7QM-3XPA"),
        ("k7qm3xpa", "K7QM-3XPA"),
        ("K7QM 3XPA", "K7QM-3XPA"),
        ("K7QM-3XP", None),
        ("Anna", None),
        ("K7QM-3XPA-1", None),
        ("", None),
    ],
)
def test_as_reference(text, expected):
    assert as_reference(text) == expected


# Queries


def _count(client, url, query):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query).status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", [{}, {"q": "kinda"}, {"q": "ANAA-2345"}])
def test_checkin_page_queries_do_not_grow(as_door, door, django_assert_num_queries, query):
    url = _url(door["event"])
    as_door.get(url, query)
    one = _count(as_door, url, query)
    booking = BookingFactory(event=door["event"])
    for number in range(12):
        RegistrationFactory(
            booking=booking,
            organisation="Kinda kommun",
            status="attended" if number % 2 else "confirmed",
            checked_in_at=in_days(-1) if number % 2 else None,
        )

    with django_assert_num_queries(one):
        response = as_door.get(url, query)
    assert response.status_code == 200
