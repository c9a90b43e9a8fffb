"""The registrations list, its actions (through registrations.services) and history."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from events.models import Event, PriceOption, Session
from messaging.models import OutgoingEmail
from registrations.models import Registration
from tests.factories import BookingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:registrations_registration_changelist")


@pytest.fixture
def as_a(client, world):
    client.force_login(world["a"]["admin"])
    return client


@pytest.fixture
def full_event(world):
    """A's event with one seat, taken; one person waiting."""
    event = world["a"]["event"]
    event.capacity = 1
    event.save()
    return event


def _names(response):
    return [r.email for r in response.context["cl"].result_list]


def _act(client, action, registrations, **data):
    return client.post(
        CHANGELIST,
        {
            "action": action,
            "_selected_action": [r.pk for r in registrations],
            "index": "0",
            **data,
        },
        follow=True,
    )


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _status(registration):
    registration.refresh_from_db()
    return registration.status


def _history(registration):
    """(user, text) of each entry of the registration's history, oldest first."""
    entries = LogEntry.objects.filter(object_id=str(registration.pk)).order_by("pk")
    return [(entry.user.username, entry.get_change_message()) for entry in entries]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=waitlisted", ["hemligt-a-vantande@kommun.se"]),
        ("attendance_mode=online", []),
        ("checked_in=no", ["hemligt-a-vantande@kommun.se", "hemligt-a-deltagare@kommun.se"]),
        ("q=hemligt-a-Deltagare EfternamnA", ["hemligt-a-deltagare@kommun.se"]),
        ("q=hemligt-a-vantande@kommun.se", ["hemligt-a-vantande@kommun.se"]),
        (
            "organisation=hemligt-a-Kommun A",
            ["hemligt-a-vantande@kommun.se", "hemligt-a-deltagare@kommun.se"],
        ),
    ],
)
def test_registration_list_filters_and_search(as_a, world, query, expected):
    assert _names(as_a.get(f"{CHANGELIST}?{query}")) == expected


def test_registration_list_filters_by_session_of_the_chosen_event(as_a, world):
    a = world["a"]
    response = as_a.get(f"{CHANGELIST}?event={a['event'].pk}&session={a['session'].pk}")

    assert _names(response) == ["hemligt-a-deltagare@kommun.se"]


def test_registration_list_searches_references(as_a, world):
    a = world["a"]

    by_own = as_a.get(CHANGELIST, {"q": a["registration"].reference})
    by_booking = as_a.get(CHANGELIST, {"q": a["booking"].reference})

    assert _names(by_own) == ["hemligt-a-deltagare@kommun.se"]
    assert len(_names(by_booking)) == 2


def test_registration_list_shows_the_counts_against_capacity(as_a, world, full_event):
    RegistrationFactory(booking=BookingFactory(event=full_event), status="cancelled")
    RegistrationFactory(booking=BookingFactory(event=full_event), attendance_mode="online")

    summary = as_a.get(f"{CHANGELIST}?event={full_event.pk}").context["summary"]

    assert [(r["active"], r["places"], r["free"], r["waitlisted"]) for r in summary["rows"]] == [
        (1, 1, 0, 1),
        (1, None, None, 0),
    ]
    assert (summary["cancelled"], summary["attended"]) == (1, 0)


def test_registration_list_has_no_counts_without_an_event(as_a):
    assert as_a.get(CHANGELIST).context["summary"] is None


def test_confirm_refuses_when_full_and_says_why(as_a, world, full_event):
    waiting = world["a"]["waiting"]

    response = _act(as_a, "confirm", [waiting])

    assert _status(waiting) == Registration.Status.WAITLISTED
    assert _messages(response) == [f"{waiting.full_name}: " + gettext("The event is fully booked.")]


def test_confirm_over_capacity_confirms_and_logs(as_a, world, full_event):
    waiting = world["a"]["waiting"]

    _act(as_a, "confirm_over_capacity", [waiting])

    assert _status(waiting) == Registration.Status.CONFIRMED
    entry = LogEntry.objects.get(object_id=str(waiting.pk))
    assert entry.get_change_message() == gettext("Confirmed by the organiser, beyond the capacity.")


def test_cancel_frees_the_seat_for_the_first_in_line(as_a, world, full_event):
    confirmed, waiting = world["a"]["registration"], world["a"]["waiting"]

    _act(as_a, "cancel", [confirmed], post="yes")

    assert (_status(confirmed), _status(waiting)) == ("cancelled", "confirmed")
    assert _history(confirmed) == [("hemligt-a-admin-a", "Avbokad av arrangören.")]
    assert _history(waiting) == [
        ("anmalan", "Fick automatiskt en plats från väntelistan när en plats blev ledig.")
    ]


def test_cancel_asks_first_listing_who_is_cancelled_and_emailed(as_a, world):
    confirmed, waiting = world["a"]["registration"], world["a"]["waiting"]
    gone = RegistrationFactory(
        booking=world["a"]["booking"], first_name="Gustav", last_name="Gran", status="cancelled"
    )

    response = as_a.post(
        f"{CHANGELIST}?event={world['a']['event'].pk}",
        {"action": "cancel", "_selected_action": [confirmed.pk, waiting.pk, gone.pk], "index": "0"},
    )

    assert response.templates[0].name == "admin/registrations/registration/cancel_confirmation.html"
    assert [(r.full_name, r.email) for r in response.context["shown"]] == [
        ("hemligt-a-Deltagare EfternamnA", "hemligt-a-deltagare@kommun.se"),
        ("hemligt-a-Väntande KöA", "hemligt-a-vantande@kommun.se"),
    ]
    assert [r.full_name for r in response.context["already"]] == ["Gustav Gran"]
    assert (_status(confirmed), _status(waiting)) == ("confirmed", "waitlisted")
    assert OutgoingEmail.objects.count() == 0
    content = response.content.decode()
    assert "csrfmiddlewaretoken" in content
    assert "2 anmälningar avbokas, och varje deltagare får besked via e-post." in content
    assert '<input type="submit" class="default" value="Ja, avboka">' in content
    assert (
        f'<a href="{CHANGELIST}?event={world["a"]["event"].pk}" class="button cancel-link">'
        "Nej, gå tillbaka</a>"
    ) in content


def test_cancel_when_confirmed_cancels_emails_and_writes_history(as_a, world):
    confirmed, waiting = world["a"]["registration"], world["a"]["waiting"]

    response = _act(as_a, "cancel", [confirmed, waiting], post="yes")

    assert (_status(confirmed), _status(waiting)) == ("cancelled", "cancelled")
    assert sorted(OutgoingEmail.objects.values_list("to", "kind")) == [
        ("hemligt-a-deltagare@kommun.se", "cancelled"),
        ("hemligt-a-vantande@kommun.se", "cancelled"),
    ]
    assert _messages(response) == ["2 anmälningar avbokade."]
    assert [entry.get_change_message() for entry in LogEntry.objects.all()] == [
        "Avbokad av arrangören.",
        "Avbokad av arrangören.",
    ]


def test_cancel_confirmed_for_all_pages_cancels_the_whole_filtered_list(as_a, world):
    confirmed, waiting = world["a"]["registration"], world["a"]["waiting"]

    page = as_a.post(
        f"{CHANGELIST}?status=waitlisted",
        {"action": "cancel", "_selected_action": [waiting.pk], "select_across": "1", "index": "0"},
    )
    as_a.post(
        f"{CHANGELIST}?status=waitlisted",
        {
            "action": "cancel",
            "_selected_action": [waiting.pk],
            "select_across": "1",
            "index": "0",
            "post": "yes",
        },
    )

    assert '<input type="hidden" name="select_across" value="1">' in page.content.decode()
    assert (_status(confirmed), _status(waiting)) == ("confirmed", "cancelled")


def test_cancel_of_only_cancelled_registrations_says_so_without_asking(as_a, world):
    gone = RegistrationFactory(booking=world["a"]["booking"], status="cancelled")

    response = _act(as_a, "cancel", [gone])

    assert response.templates[0].name == "admin/registrations/registration/change_list.html"
    assert _messages(response) == ["Ingen av de valda anmälningarna kan avbokas."]


def test_promote_fills_free_seats_from_the_waiting_list(as_a, world, full_event):
    waiting = world["a"]["waiting"]
    full_event.capacity = 2
    full_event.save()

    response = _act(as_a, "promote", [waiting])

    assert _status(waiting) == Registration.Status.CONFIRMED
    assert _history(waiting) == [("hemligt-a-admin-a", "Fick plats från väntelistan.")]
    assert len(_messages(response)) == 1


def test_promote_without_free_seats_says_so(as_a, world, full_event):
    response = _act(as_a, "promote", [world["a"]["waiting"]])

    assert _messages(response) == [gettext("No one was promoted: there are no free places.")]


def test_mark_attended_refuses_the_waiting_list(as_a, world):
    confirmed, waiting = world["a"]["registration"], world["a"]["waiting"]

    _act(as_a, "mark_attended", [confirmed, waiting])

    assert (_status(confirmed), _status(waiting)) == ("attended", "waitlisted")


def _change(client, registration, **changes):
    data = {
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "email": registration.email,
        "phone": registration.phone,
        "organisation": registration.organisation,
        "role": registration.role,
        "municipality_code": registration.municipality_code,
        "dietary_needs": registration.dietary_needs,
        "accessibility_needs": registration.accessibility_needs,
        "attendance_mode": registration.attendance_mode,
        "sessions": [s.pk for s in registration.sessions.all()],
        "price_option": registration.price_option_id or "",
        "booked_day": "",
        "answers-TOTAL_FORMS": "0",
        "answers-INITIAL_FORMS": "0",
        **changes,
    }
    url = reverse("admin:registrations_registration_change", args=[registration.pk])
    return client.post(url, data)


def test_change_goes_through_the_service_and_keeps_answers(as_a, world):
    registration = world["a"]["registration"]

    response = _change(as_a, registration, dietary_needs="Laktosfri")

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.dietary_needs == "Laktosfri"
    assert list(registration.answers.values_list("value", flat=True)) == ["hemligt-a-svar"]
    assert [s.pk for s in registration.sessions.all()] == [world["a"]["session"].pk]


def test_change_to_an_email_already_registered_is_a_form_error(as_a, world):
    registration = world["a"]["registration"]

    response = _change(as_a, registration, email="hemligt-a-vantande@kommun.se")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "email": [gettext("That e-mail address is already registered for this event.")]
    }
    registration.refresh_from_db()
    assert registration.email == "hemligt-a-deltagare@kommun.se"


def test_cancelled_registration_is_read_only_and_may_be_deleted(as_a, world):
    registration = world["a"]["registration"]
    Registration.objects.filter(pk=registration.pk).update(status="cancelled")

    page = as_a.get(reverse("admin:registrations_registration_change", args=[registration.pk]))
    deleted = as_a.post(
        reverse("admin:registrations_registration_delete", args=[registration.pk]), {"post": "yes"}
    )

    assert 'name="first_name"' not in page.content.decode()
    assert deleted.status_code == 302
    assert not Registration.objects.filter(pk=registration.pk).exists()


def test_active_registration_cannot_be_deleted(as_a, world):
    registration = world["a"]["registration"]

    url = reverse("admin:registrations_registration_delete", args=[registration.pk])

    assert as_a.post(url, {"post": "yes"}).status_code == 403
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_registrations_are_not_added_in_the_admin(as_a):
    assert as_a.get(reverse("admin:registrations_registration_add")).status_code == 403


def test_registration_history_lists_admin_changes(as_a, world):
    registration = world["a"]["registration"]
    _act(as_a, "mark_attended", [registration])

    response = as_a.get(reverse("admin:registrations_registration_history", args=[registration.pk]))

    assert [entry.get_change_message() for entry in response.context["action_list"]] == [
        gettext("Checked in.")
    ]


def test_booking_page_shows_its_participants_and_edits_invoice_details(as_a, world):
    booking = world["a"]["booking"]
    url = reverse("admin:registrations_booking_change", args=[booking.pk])

    page = as_a.get(url)
    response = as_a.post(
        url,
        {
            "contact_name": booking.contact_name,
            "contact_email": booking.contact_email,
            "contact_phone": "",
            "invoice_organisation": "Kinda kommun",
            "invoice_organisation_number": "212000-0530",
            "invoice_address": "Box 1",
            "invoice_reference": "Ny referens",
            "invoice_peppol_id": "",
            "registrations-TOTAL_FORMS": "2",
            "registrations-INITIAL_FORMS": "2",
        },
    )

    (inline,) = page.context["inline_admin_formsets"]
    assert [form.original.email for form in inline] == [
        "hemligt-a-deltagare@kommun.se",
        "hemligt-a-vantande@kommun.se",
    ]
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.invoice_reference == "Ny referens"


def test_resend_confirmation_queues_the_confirmation_again(as_a, world):
    confirmed, waiting = world["a"]["registration"], world["a"]["waiting"]
    cancelled = RegistrationFactory(booking=world["a"]["booking"], status="cancelled")

    response = _act(as_a, "resend_confirmation", [confirmed, waiting, cancelled])

    sent = OutgoingEmail.objects.order_by("to").values_list("to", "kind")
    assert list(sent) == [
        ("hemligt-a-deltagare@kommun.se", "confirmation"),
        ("hemligt-a-vantande@kommun.se", "waitlisted"),
    ]
    assert _messages(response) == [
        f"{cancelled.full_name}: "
        + gettext("A cancelled registration has no confirmation to send."),
        ngettext(
            "%(count)d confirmation is sent again.", "%(count)d confirmations are sent again.", 2
        )
        % {"count": 2},
    ]


def test_saving_an_unchanged_registration_sends_no_email(as_a, world):
    response = _change(as_a, world["a"]["registration"])

    assert response.status_code == 302
    assert OutgoingEmail.objects.count() == 0


def test_change_to_online_drops_the_on_site_only_workshop_and_says_so(as_a, world):
    registration, session = world["a"]["registration"], world["a"]["session"]
    event, price = world["a"]["event"], world["a"]["booking"].price_option
    Event.objects.filter(pk=event.pk).update(format="hybrid")
    Session.objects.filter(pk=session.pk).update(attendance_mode="on_site")
    PriceOption.objects.filter(pk=price.pk).update(attendance_mode="on_site")

    response = _change(as_a, registration, attendance_mode="online")

    registration.refresh_from_db()
    assert response.status_code == 302
    assert (registration.attendance_mode, list(registration.sessions.all())) == ("online", [])
    assert _messages(as_a.get(response.url))[:2] == [
        f"{registration.full_name} deltar nu online. De här programpunkterna gäller inte det "
        "och är inte längre bland valen (deltagaren får veta det via e-post): "
        f"{session.title}.",
        f"{registration.full_name} deltar nu online, men bokningens pris ”{price.name}” "
        "gäller inte det. Justera fakturan.",
    ]
    assert f"- {session.title}\n" in OutgoingEmail.objects.get(kind="changed").body_text


def test_registration_list_counts_facets_of_an_event(as_a, world):
    event = world["a"]["event"]

    response = as_a.get(CHANGELIST, {"event": event.pk, "_facets": "True"})

    assert response.status_code == 200
    assert _names(response) == ["hemligt-a-vantande@kommun.se", "hemligt-a-deltagare@kommun.se"]
