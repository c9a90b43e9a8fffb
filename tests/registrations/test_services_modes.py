"""Sessions and price options for one attendance mode: register and update_registration."""

import pytest

from events.models import Event
from messaging.models import OutgoingEmail
from registrations.exceptions import InvalidChoice
from registrations.models import Registration
from registrations.services import confirm_registration, update_registration
from tests.factories import EventFactory, PriceOptionFactory, RegistrationFactory, SessionFactory
from tests.registrations.service_calls import changes, person, signup

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference():
    return EventFactory(format=Event.Format.HYBRID, capacity=100, online_capacity=100)


def on_site_only(event, title="Workshop A", **fields):
    return SessionFactory(
        event=event, title=title, selectable=True, attendance_mode="on_site", **fields
    )


def test_session_and_price_option_serve_both_modes_unless_told():
    session = SessionFactory()
    workshop = on_site_only(session.event)
    online_price = PriceOptionFactory(event=session.event, attendance_mode="online")

    assert (session.serves("on_site"), session.serves("online")) == (True, True)
    assert (workshop.serves("on_site"), workshop.serves("online")) == (True, False)
    assert (online_price.serves("on_site"), online_price.serves("online")) == (False, True)


def test_register_online_participant_choosing_an_on_site_only_session_is_refused(conference):
    workshop = on_site_only(conference)

    with pytest.raises(InvalidChoice) as refused:
        signup(
            conference,
            person(1, session_ids=(workshop.pk,)),
            person(2, attendance_mode="online", session_ids=(workshop.pk,)),
        )

    assert (refused.value.field, refused.value.participant) == ("session_ids", 1)
    assert refused.value.message == (
        "”Workshop A” finns bara på plats och sänds inte. Ta bort valet, eller välj att delta "
        "på plats."
    )
    assert Registration.objects.count() == 0


def test_register_on_site_participant_may_choose_an_on_site_only_session(conference):
    workshop = on_site_only(conference)

    booking = signup(conference, person(1, session_ids=(workshop.pk,)))

    assert list(booking.registrations.get().sessions.all()) == [workshop]


def test_register_online_participant_on_an_on_site_price_is_refused(conference):
    price = PriceOptionFactory(
        event=conference, name="Hela konferensen, på plats", amount=0, attendance_mode="on_site"
    )

    with pytest.raises(InvalidChoice) as refused:
        signup(
            conference,
            person(1),
            person(2, first_name="Bo", last_name="Berg", attendance_mode="online"),
            price_option=price,
        )

    assert (refused.value.field, refused.value.participant) == ("price_option", 1)
    assert refused.value.message == (
        "”Hela konferensen, på plats” gäller bara deltagare på plats, och Bo Berg deltar "
        "online. Välj ett annat pris för Bo Berg."
    )
    assert Registration.objects.count() == 0


def test_register_on_site_participant_on_an_online_price_is_refused(conference):
    price = PriceOptionFactory(event=conference, amount=0, attendance_mode="online")

    with pytest.raises(InvalidChoice) as refused:
        signup(conference, person(1), price_option=price)

    assert (refused.value.field, refused.value.participant) == ("price_option", 0)


def test_register_online_participants_on_the_online_price_are_booked(conference):
    price = PriceOptionFactory(event=conference, amount=0, attendance_mode="online")

    booking = signup(
        conference,
        person(1, attendance_mode="online"),
        person(2, attendance_mode="online"),
        price_option=price,
    )

    assert booking.price_option == price
    assert set(booking.registrations.values_list("attendance_mode", flat=True)) == {"online"}


def test_update_moving_online_drops_the_on_site_only_sessions_and_says_so(conference):
    workshop = on_site_only(conference)
    talk = SessionFactory(event=conference, title="Föreläsning", selectable=True)
    registration = RegistrationFactory(booking__event=conference)
    registration.sessions.add(workshop, talk)

    result = update_registration(
        registration=registration, changes=changes(registration, attendance_mode="online")
    )

    registration.refresh_from_db()
    assert registration.attendance_mode == "online"
    assert list(registration.sessions.all()) == [talk]
    assert result.dropped_sessions == [workshop]
    email = OutgoingEmail.objects.get(kind="changed")
    assert (
        "De här programpunkterna finns bara på plats och sänds inte, så de är inte längre "
        "bland dina val nu när du deltar online:\n- Workshop A\n"
    ) in email.body_text
    assert "<li>Workshop A</li>" in email.body_html


def test_update_moving_online_drops_on_site_only_sessions_left_out_of_the_changes(conference):
    workshop = on_site_only(conference)
    registration = RegistrationFactory(booking__event=conference)
    registration.sessions.add(workshop)

    result = update_registration(
        registration=registration,
        changes=changes(registration, attendance_mode="online", session_ids=()),
    )

    assert result.dropped_sessions == [workshop]
    assert list(result.sessions.all()) == []
    assert "- Workshop A\n" in OutgoingEmail.objects.get(kind="changed").body_text


def test_update_without_a_dropped_session_says_nothing_of_it(conference):
    registration = RegistrationFactory(booking__event=conference)

    result = update_registration(
        registration=registration, changes=changes(registration, attendance_mode="online")
    )

    assert result.dropped_sessions == []
    assert "sänds inte" not in OutgoingEmail.objects.get(kind="changed").body_text


def test_update_by_the_organiser_moving_online_drops_the_sessions_too(conference):
    workshop = on_site_only(conference)
    registration = RegistrationFactory(booking__event=conference)
    registration.sessions.add(workshop)

    result = update_registration(
        registration=registration,
        changes=changes(registration, attendance_mode="online"),
        by_organiser=True,
    )

    assert result.dropped_sessions == [workshop]
    assert list(result.sessions.all()) == []


def test_update_online_participant_newly_choosing_an_on_site_only_session_is_refused(
    conference,
):
    workshop = on_site_only(conference)
    registration = RegistrationFactory(booking__event=conference, attendance_mode="online")

    with pytest.raises(InvalidChoice) as refused:
        update_registration(
            registration=registration, changes=changes(registration, session_ids=(workshop.pk,))
        )

    assert refused.value.field == "session_ids"
    assert list(registration.sessions.all()) == []


def test_update_moving_online_with_a_newly_chosen_on_site_only_session_is_refused(conference):
    workshop = on_site_only(conference)
    registration = RegistrationFactory(booking__event=conference)

    with pytest.raises(InvalidChoice):
        update_registration(
            registration=registration,
            changes=changes(registration, attendance_mode="online", session_ids=(workshop.pk,)),
        )

    registration.refresh_from_db()
    assert registration.attendance_mode == "on_site"


def test_update_attendee_cannot_move_to_a_mode_their_price_is_not_for(conference):
    price = PriceOptionFactory(
        event=conference, name="Hela konferensen, på plats", attendance_mode="on_site"
    )
    registration = RegistrationFactory(booking__event=conference, booking__price_option=price)

    with pytest.raises(InvalidChoice) as refused:
        update_registration(
            registration=registration, changes=changes(registration, attendance_mode="online")
        )

    assert refused.value.field == "attendance_mode"
    assert refused.value.message == (
        "Din anmälan har priset ”Hela konferensen, på plats”, som bara gäller deltagare på "
        "plats. Kontakta arrangören om du vill delta online i stället."
    )
    registration.refresh_from_db()
    assert registration.attendance_mode == "on_site"


def test_update_organiser_may_move_a_participant_off_their_price_mode(conference):
    price = PriceOptionFactory(event=conference, attendance_mode="on_site")
    registration = RegistrationFactory(booking__event=conference, booking__price_option=price)

    result = update_registration(
        registration=registration,
        changes=changes(registration, attendance_mode="online"),
        by_organiser=True,
    )

    assert result.attendance_mode == "online"


def test_update_other_details_on_a_price_of_another_mode_are_saved(conference):
    price = PriceOptionFactory(event=conference, attendance_mode="on_site")
    registration = RegistrationFactory(
        booking__event=conference, booking__price_option=price, attendance_mode="online"
    )

    result = update_registration(
        registration=registration, changes=changes(registration, role="Enhetschef")
    )

    assert result.role == "Enhetschef"


def test_confirm_registration_does_not_check_the_modes(conference):
    workshop = on_site_only(conference)
    registration = RegistrationFactory(
        booking__event=conference, attendance_mode="online", status="waitlisted"
    )
    registration.sessions.add(workshop)

    result = confirm_registration(registration=registration)

    assert result.status == "confirmed"
    assert list(result.sessions.all()) == [workshop]
