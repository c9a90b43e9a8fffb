"""Self-service from the secret link: the manage page, changes, cancelling, the resend form."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from messaging.models import OutgoingEmail
from registrations.event_cancellation import cancel_event
from registrations.exceptions import CancellationDeadlinePassed
from registrations.models import Registration
from tests.factories import (
    BookingFactory,
    EventFactory,
    OrganiserFactory,
    QuestionFactory,
    RegistrationFactory,
    SessionFactory,
    in_days,
)
from tests.registrations.signup_post import field_value, main_text

pytestmark = pytest.mark.django_db


def manage_url(token):
    return reverse("registrations:manage", args=[token])


def cancel_url(token):
    return reverse("registrations:cancel", args=[token])


def workshop(event, title, hour, **fields):
    start = event.starts_at.replace(hour=hour)
    return SessionFactory(
        event=event,
        title=title,
        selectable=True,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        **fields,
    )


def change_post(registration, **changes):
    data = {
        "participant-first_name": registration.first_name,
        "participant-last_name": registration.last_name,
        "participant-email": registration.email,
        "participant-organisation": registration.organisation,
    }
    data.update({f"participant-{name}": value for name, value in changes.items()})
    return data


def test_manage_page_shows_the_registration_with_its_choices(client):
    event = EventFactory()
    chosen = workshop(event, "Workshop A", 10)
    workshop(event, "Workshop B", 10)
    registration = RegistrationFactory(booking__event=event, first_name="Maja")
    registration.sessions.add(chosen)

    response = client.get(manage_url(registration.manage_token))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Din anmälan till " + event.title in html
    assert "Bekräftad" in html
    assert registration.reference in html
    assert field_value(html, "participant-first_name") == "Maja"
    assert re.search(rf'value="{chosen.pk}"[^>]*checked', html)
    assert response["Referrer-Policy"] == "same-origin"  # the page posts its form
    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in html


def test_manage_page_shows_the_place_in_the_queue(client):
    event = EventFactory(capacity=0)
    RegistrationFactory(booking__event=event, status="waitlisted")
    second = RegistrationFactory(booking__event=event, status="waitlisted")

    html = client.get(manage_url(second.manage_token)).content.decode()

    assert "Väntelista, plats 2 i kön" in html


def test_manage_changes_a_session_and_details(client):
    event = EventFactory()
    workshop_a = workshop(event, "Workshop A", 10)
    workshop_b = workshop(event, "Workshop B", 10)
    question = QuestionFactory(event=event, kind="single", choices="Ja tack\nNej tack")
    registration = RegistrationFactory(booking__event=event)
    registration.sessions.add(workshop_a)

    response = client.post(
        manage_url(registration.manage_token),
        change_post(
            registration,
            role="Enhetschef",
            sessions=[str(workshop_b.pk)],
            **{f"answer_{question.pk}": "Nej tack"},
        ),
    )

    registration.refresh_from_db()
    assert response.status_code == 302
    assert response.url == manage_url(registration.manage_token)
    assert registration.role == "Enhetschef"
    assert [s.title for s in registration.sessions.all()] == ["Workshop B"]
    assert list(registration.answers.values_list("value", flat=True)) == ["Nej tack"]
    assert "Dina ändringar är sparade." in client.get(response.url).content.decode()


def test_manage_change_to_a_full_session_is_refused_next_to_the_field(client):
    event = EventFactory()
    full = workshop(event, "Workshop A", 10, capacity=1)
    RegistrationFactory(booking__event=event).sessions.add(full)
    registration = RegistrationFactory(booking__event=event)

    response = client.post(
        manage_url(registration.manage_token), change_post(registration, sessions=[str(full.pk)])
    )

    assert response.status_code == 200
    assert "id_participant-sessions_error" in response.content.decode()
    assert list(registration.sessions.all()) == []


def test_manage_cancel_asks_first_then_cancels(client):
    registration = RegistrationFactory()

    question = client.get(cancel_url(registration.manage_token))
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert "Ja, avboka" in question.content.decode()

    response = client.post(cancel_url(registration.manage_token))

    registration.refresh_from_db()
    assert response.status_code == 302
    assert response.url == manage_url(registration.manage_token)
    assert registration.status == "cancelled"
    page = client.get(response.url).content.decode()
    assert "Anmälan är avbokad. Vi har skickat en bekräftelse via e-post." in page
    assert "Den här anmälan är avbokad." in page


def test_manage_after_the_deadline_says_so_and_refuses_changes(client):
    event = EventFactory(cancellation_deadline=in_days(2))
    registration = RegistrationFactory(booking__event=event, role="")

    with time_machine.travel(in_days(3), tick=False):
        page = client.get(manage_url(registration.manage_token)).content.decode()
        change = client.post(
            manage_url(registration.manage_token), change_post(registration, role="Chef")
        )
        cancel = client.post(cancel_url(registration.manage_token))
        message = CancellationDeadlinePassed(registration).message

    registration.refresh_from_db()
    assert 'name="participant-first_name"' not in page
    assert message in page
    assert message in cancel.content.decode()
    assert change.status_code == 200
    assert cancel.status_code == 200
    assert (registration.role, registration.status) == ("", "confirmed")


def test_manage_page_of_a_cancelled_event_says_the_registration_went_with_it(client):
    registration = RegistrationFactory()
    cancel_event(event=registration.event)

    content = client.get(manage_url(registration.manage_token)).content.decode()

    assert "Evenemanget är inställt, och därmed också den här anmälan." in content
    assert 'name="participant-first_name"' not in content


def test_manage_booking_link_lists_every_participant_with_their_links(client):
    booking = BookingFactory()
    first = RegistrationFactory(booking=booking, first_name="Ada")
    second = RegistrationFactory(booking=booking, first_name="Bo", status="waitlisted")

    response = client.get(manage_url(booking.manage_token))

    html = response.content.decode()
    assert response.status_code == 200
    assert booking.reference in html
    assert manage_url(first.manage_token) in html
    assert manage_url(second.manage_token) in html
    assert "Väntelista, plats 1 i kön" in html
    assert response["Referrer-Policy"] == "no-referrer"


def test_manage_booking_link_cancels_the_whole_booking(client):
    booking = BookingFactory()
    RegistrationFactory(booking=booking)
    RegistrationFactory(booking=booking)

    response = client.post(cancel_url(booking.manage_token))

    assert response.status_code == 302
    assert set(booking.registrations.values_list("status", flat=True)) == {"cancelled"}


@pytest.mark.parametrize(
    "token",
    ["x" * 43, "short", "a" * 65, "%00" * 20, "../../etc/passwd", "ÅÄÖåäö" * 8],
)
def test_manage_unknown_or_malformed_token_is_not_found(client, token):
    RegistrationFactory()

    assert client.get(f"/anmalan/{token}/").status_code == 404
    assert client.post(f"/anmalan/{token}/avboka/").status_code == 404
    assert Registration.objects.get().status == "confirmed"


def resend(client, event, email):
    return client.post(
        reverse("registrations:resend_link", args=[event.slug]), {"email": email}, follow=True
    )


def test_resend_link_registered_address_gets_a_mail_and_the_neutral_answer(client):
    event = EventFactory()
    RegistrationFactory(booking__event=event, email="maja@kinda.se")

    response = resend(client, event, "Maja@Kinda.se")

    assert response.redirect_chain == [
        (reverse("registrations:resend_link", args=[event.slug]), 302)
    ]
    assert (
        "Om adressen är anmäld till evenemanget har vi nu skickat länken dit."
        in response.content.decode()
    )
    assert OutgoingEmail.objects.filter(to="maja@kinda.se", kind="manage_link").count() == 1


def test_resend_link_unknown_address_gets_the_same_answer_and_no_mail(client):
    event = EventFactory()
    RegistrationFactory(booking__event=event, email="maja@kinda.se")

    known = resend(client, event, "maja@kinda.se").content.decode()
    unknown = resend(client, event, "okand@kinda.se").content.decode()

    def without_tokens(html):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert without_tokens(known) == without_tokens(unknown)
    assert OutgoingEmail.objects.filter(to="okand@kinda.se").count() == 0


def test_resend_link_invalid_address_is_refused_with_a_message(client):
    event = EventFactory()

    response = client.post(
        reverse("registrations:resend_link", args=[event.slug]), {"email": "inte en adress"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Fyll i en e-postadress, till exempel namn@kommun.se." in html
    assert field_value(html, "email") == "inte en adress"
    assert OutgoingEmail.objects.count() == 0


def test_resend_link_page_reads_naturally_in_swedish(client):
    event = EventFactory(title="Välfärd för alla")

    response = client.get(reverse("registrations:resend_link", args=[event.slug]))

    assert main_text(response.content.decode()) == (
        "Tillbaka till Välfärd för alla "
        "Skicka länken igen "
        "Fyll i e-postadressen du använde när du anmälde dig till Välfärd för alla, så skickar "
        "vi länken till din anmälan dit. Med länken kan du se, ändra eller avboka anmälan. "
        "Din e-postadress * "
        "Skicka länken"
    )


@pytest.mark.parametrize("view", ["registrations:manage", "registrations:cancel"])
def test_mistyped_manage_link_explains_and_offers_to_send_the_links(client, view):
    registration = RegistrationFactory()
    url = reverse(view, args=[registration.manage_token[:-3]])

    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 404
    assert main_text(response.content.decode()).startswith(
        "Länken fungerar inte "
        "Vi hittar ingen anmälan med den här länken. Kanske kom inte hela adressen med: öppna "
        "länken i e-postmeddelandet igen, eller kopiera hela adressen till webbläsaren."
    )
    assert f'<form method="post" action="{reverse("registrations:resend_links")}"' in html
    assert field_value(html, "email") == ""
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_mistyped_manage_link_post_changes_nothing_and_explains(client):
    registration = RegistrationFactory()

    response = client.post(manage_url(registration.manage_token[:-1] + "-"), {"x": "1"})

    assert response.status_code == 404
    assert "Länken fungerar inte" in response.content.decode()
    assert Registration.objects.get() == registration


def test_resend_links_sends_the_links_of_every_upcoming_event(client):
    soon = RegistrationFactory(email="maja@kinda.se", booking__event__starts_at=in_days(3))
    later = RegistrationFactory(email="maja@kinda.se", booking__event__starts_at=in_days(60))

    response = client.post(
        reverse("registrations:resend_links"), {"email": "Maja@Kinda.se"}, follow=True
    )

    assert response.redirect_chain == [(reverse("registrations:resend_links"), 302)]
    assert (
        "Om adressen är anmäld till ett evenemang som inte har ägt rum ännu har vi nu skickat "
        "länkarna dit." in response.content.decode()
    )
    sent = OutgoingEmail.objects.filter(to="maja@kinda.se", kind="manage_link")
    assert sorted(sent.values_list("event_id", flat=True)) == [soon.event_id, later.event_id]


def test_resend_links_answers_an_unknown_address_the_same(client):
    RegistrationFactory(email="maja@kinda.se")

    def answer(email):
        response = client.post(reverse("registrations:resend_links"), {"email": email}, follow=True)
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())

    assert answer("maja@kinda.se") == answer("okand@kinda.se")
    assert OutgoingEmail.objects.filter(to="okand@kinda.se").count() == 0


def test_resend_links_invalid_address_is_refused_with_a_message(client):
    response = client.post(reverse("registrations:resend_links"), {"email": "inte en adress"})

    assert response.status_code == 200
    assert "Fyll i en e-postadress, till exempel namn@kommun.se." in response.content.decode()
    assert OutgoingEmail.objects.count() == 0


def test_privacy_page_says_how_long_from_the_settings(client, settings):
    settings.PRIVACY_RETENTION_DAYS = 365
    settings.PRIVACY_SENSITIVE_RETENTION_DAYS = 30
    event = EventFactory()

    html = client.get(
        reverse("registrations:privacy") + f"?evenemang={event.slug}"
    ).content.decode()

    assert "raderas senast 30 dagar efter evenemanget" in html
    assert "avidentifieras 12 månader efter evenemanget" in html
    assert f"För {event.title} är {event.organiser.name} personuppgiftsansvarig." in html


def hybrid(**fields):
    return EventFactory(format="hybrid", **{"capacity": 10, "online_capacity": 10, **fields})


def test_manage_moving_online_drops_the_on_site_only_workshop_and_says_why(client):
    event = hybrid()
    workshop_a = workshop(event, "Workshop A", 10, attendance_mode="on_site")
    registration = RegistrationFactory(booking__event=event)
    registration.sessions.add(workshop_a)

    response = client.post(
        manage_url(registration.manage_token),
        change_post(registration, attendance_mode="online", sessions=[str(workshop_a.pk)]),
    )

    registration.refresh_from_db()
    assert response.status_code == 302
    assert (registration.attendance_mode, list(registration.sessions.all())) == ("online", [])
    page = client.get(response.url).content.decode()
    assert (
        "De här programpunkterna finns bara på plats och sänds inte, så de är inte längre "
        "bland dina val nu när du deltar online: ”Workshop A”."
    ) in page
    assert "- Workshop A\n" in OutgoingEmail.objects.get(kind="changed").body_text


def test_manage_online_participant_choosing_an_on_site_only_workshop_is_refused(client):
    event = hybrid()
    workshop_a = workshop(event, "Workshop A", 10, attendance_mode="on_site")
    registration = RegistrationFactory(booking__event=event, attendance_mode="online")

    page = client.get(manage_url(registration.manage_token)).content.decode()
    response = client.post(
        manage_url(registration.manage_token),
        change_post(
            registration, attendance_mode="online", role="Chef", sessions=[str(workshop_a.pk)]
        ),
    )

    html = response.content.decode()
    assert "Workshop A – sänds inte, bara på plats" in page
    assert response.status_code == 200
    assert "”Workshop A” finns bara på plats och sänds inte. Ta bort valet, eller" in html
    assert field_value(html, "participant-role") == "Chef"
    assert list(registration.sessions.all()) == []


def test_manage_confirmed_attendee_in_a_full_mode_is_not_told_it_is_full(client):
    event = hybrid(capacity=1, waiting_list=True)
    registration = RegistrationFactory(booking__event=event)

    html = client.get(manage_url(registration.manage_token)).content.decode()

    assert "fullbokat, du hamnar på väntelistan" not in html
    assert re.search(r'value="on_site"[^>]*checked', html)
    assert re.search(r"<label[^>]*>\s*På plats\s*</label>", html)


def test_signup_sent_and_manage_pages_name_the_co_organisers_with_the_organiser(client):
    event = EventFactory(organiser__name="Norrbottens Kommuner")
    event.co_organisers.add(OrganiserFactory(name="Region Norrbotten"))
    registration = RegistrationFactory(booking__event=event)
    pages = {
        "signup": reverse("registrations:signup", args=[event.slug]),
        "sent": reverse("registrations:signup_sent", args=[event.slug]),
        "registration": manage_url(registration.manage_token),
        "booking": manage_url(registration.booking.manage_token),
    }

    def organisers(path):
        page = client.get(path).text
        term, names = re.search(r"<dt>(Arrangörer?)</dt>\s*<dd>(.*?)</dd>", page, re.S).groups()
        return term, re.sub(r"<[^>]+>", "", names).split(",")[0].strip()

    named = ("Arrangörer", "Norrbottens Kommuner och Region Norrbotten")
    assert {page: organisers(path) for page, path in pages.items()} == dict.fromkeys(pages, named)
