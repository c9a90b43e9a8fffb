"""registrations.services.register: places, waiting list, duplicates, window."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation

from events.models import Event
from messaging.models import OutgoingEmail
from registrations.exceptions import (
    AlreadyRegistered,
    EventFull,
    InvalidChoice,
    RegistrationClosed,
    SessionFull,
)
from registrations.models import Booking, Registration
from registrations.services import register
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    in_days,
)
from tests.registrations.service_calls import person, signup

pytestmark = pytest.mark.django_db


def english(error):
    """The error's message as an English page shows it (translated when read)."""
    with translation.override("en"):
        return error.message


def statuses(event):
    return list(
        Registration.objects.filter(event=event).order_by("pk").values_list("email", "status")
    )


def test_register_confirms_while_seats_remain():
    event = EventFactory(capacity=2)

    booking = signup(event, person(1), person(2))

    assert statuses(event) == [("karin1@kinda.se", "confirmed"), ("karin2@kinda.se", "confirmed")]
    assert booking.event == event
    assert booking.contact_email == "karin1@kinda.se"
    assert booking.registrations.count() == 2


def test_register_saves_cleaned_details():
    event = EventFactory()
    consent = timezone.now() - dt.timedelta(minutes=3)

    booking = signup(
        event,
        person(
            email="  Karin.Lind@Kinda.SE ",
            first_name=" Karin ",
            role="Enhetschef",
            dietary_needs="Vegetariskt",
            accessibility_needs="Hörslinga",
            municipality_code="0513",
            phone="070-123 45 67",
        ),
        contact_name=" Karin Lind ",
        contact_email=" KARIN.LIND@kinda.se",
        contact_phone="013-20 00 00",
        language="en",
        consent_at=consent,
    )

    registration = booking.registrations.get()
    assert (registration.email, registration.first_name, registration.role) == (
        "karin.lind@kinda.se",
        "Karin",
        "Enhetschef",
    )
    assert (registration.dietary_needs, registration.accessibility_needs) == (
        "Vegetariskt",
        "Hörslinga",
    )
    assert (registration.municipality_code, registration.phone) == ("0513", "070-123 45 67")
    assert (registration.language, registration.attendance_mode) == ("en", "on_site")
    assert registration.waitlisted_at is None
    assert (booking.contact_name, booking.contact_email, booking.contact_phone) == (
        "Karin Lind",
        "karin.lind@kinda.se",
        "013-20 00 00",
    )
    assert (booking.language, booking.consent_at) == ("en", consent)


def test_register_unknown_language_falls_back_to_swedish():
    booking = signup(EventFactory(), language="xx")

    assert booking.language == "sv"
    assert booking.registrations.get().language == "sv"


def test_register_waitlists_when_full():
    event = EventFactory(capacity=1)

    signup(event, person(1), person(2), person(3))

    assert statuses(event) == [
        ("karin1@kinda.se", "confirmed"),
        ("karin2@kinda.se", "waitlisted"),
        ("karin3@kinda.se", "waitlisted"),
    ]
    waiting = Registration.objects.filter(status="waitlisted").order_by("pk")
    assert [r.waitlist_position for r in waiting] == [1, 2]
    assert all(r.waitlisted_at is not None for r in waiting)


def test_register_waitlist_position_grows_with_later_bookings():
    event = EventFactory(capacity=1)
    signup(event, person(1))
    signup(event, person(2), contact_email="karin2@kinda.se")

    booking = signup(event, person(3), contact_email="karin3@kinda.se")

    assert booking.registrations.get().waitlist_position == 2


def test_register_full_without_waiting_list_refuses_and_saves_nothing():
    event = EventFactory(capacity=1, waiting_list=False)
    RegistrationFactory(booking__event=event)

    with pytest.raises(EventFull) as refused:
        signup(event)

    assert (refused.value.mode, refused.value.places_left) == ("on_site", 0)
    assert english(refused.value) == "The event is fully booked."
    assert Booking.objects.filter(event=event).count() == 1
    assert Registration.objects.filter(event=event).count() == 1


def test_register_group_larger_than_places_left_is_refused_whole():
    event = EventFactory(capacity=3, waiting_list=False)
    RegistrationFactory(booking__event=event)

    with pytest.raises(EventFull) as refused:
        signup(event, person(1), person(2), person(3))

    assert refused.value.places_left == 2
    assert english(refused.value) == "Only 2 seats are left on site."
    assert Registration.objects.filter(event=event).count() == 1


def test_register_after_capacity_raised_serves_the_waiting_list_first():
    event = EventFactory(capacity=1)
    RegistrationFactory(booking__event=event)
    waiting = RegistrationFactory(booking__event=event, status="waitlisted")
    Event.objects.filter(pk=event.pk).update(capacity=2)

    booking = signup(event)

    assert booking.registrations.get().status == "waitlisted"
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"


def test_register_unlimited_capacity_confirms_everyone():
    event = EventFactory(capacity=None, waiting_list=False)

    signup(event, *(person(n) for n in range(1, 6)))

    assert Registration.objects.filter(event=event, status="confirmed").count() == 5


def test_register_hybrid_counts_each_mode_on_its_own():
    event = EventFactory(format=Event.Format.HYBRID, capacity=1, online_capacity=2)

    signup(
        event,
        person(1, attendance_mode="on_site"),
        person(2, attendance_mode="on_site"),
        person(3, attendance_mode="online"),
        person(4, attendance_mode="online"),
        person(5, attendance_mode="online"),
    )

    assert list(
        Registration.objects.filter(event=event)
        .order_by("pk")
        .values_list("attendance_mode", "status")
    ) == [
        ("on_site", "confirmed"),
        ("on_site", "waitlisted"),
        ("online", "confirmed"),
        ("online", "confirmed"),
        ("online", "waitlisted"),
    ]
    online_waiting = Registration.objects.get(email="karin5@kinda.se")
    assert online_waiting.waitlist_position == 1


def test_register_hybrid_full_online_message_names_online():
    event = EventFactory(format=Event.Format.HYBRID, online_capacity=0, waiting_list=False)

    with pytest.raises(EventFull) as refused:
        signup(event, person(attendance_mode="online"))

    assert english(refused.value) == "There are no online places left."


def test_register_hybrid_requires_a_known_mode():
    event = EventFactory(format=Event.Format.HYBRID)

    with pytest.raises(InvalidChoice) as refused:
        signup(event, person(attendance_mode="balcony"))

    assert (refused.value.field, refused.value.participant) == ("attendance_mode", 0)
    assert Booking.objects.count() == 0


def test_register_online_event_uses_online_places():
    event = EventFactory(format=Event.Format.ONLINE, venue=None, capacity=100, online_capacity=1)

    signup(event, person(1, attendance_mode="on_site"), person(2))

    assert list(Registration.objects.order_by("pk").values_list("attendance_mode", "status")) == [
        ("online", "confirmed"),
        ("online", "waitlisted"),
    ]


def test_register_on_site_event_ignores_a_requested_online_mode():
    event = EventFactory(capacity=5, online_capacity=0)

    booking = signup(event, person(attendance_mode="online"))

    assert booking.registrations.get().attendance_mode == "on_site"


def test_register_saves_chosen_sessions():
    event = EventFactory()
    workshop = SessionFactory(event=event, selectable=True, capacity=5)
    dinner = SessionFactory(event=event, selectable=True, capacity=None)

    booking = signup(event, person(session_ids=(workshop.pk, dinner.pk, workshop.pk)))

    assert set(booking.registrations.get().sessions.all()) == {workshop, dinner}


def test_register_session_of_another_event_is_invalid():
    event = EventFactory()
    other = SessionFactory(selectable=True)

    with pytest.raises(InvalidChoice) as refused:
        signup(event, person(session_ids=(other.pk,)))

    assert (refused.value.field, refused.value.participant) == ("session_ids", 0)
    assert english(refused.value) == "That session cannot be chosen for this event."
    assert Booking.objects.count() == 0


def test_register_session_not_selectable_is_invalid():
    event = EventFactory()
    keynote = SessionFactory(event=event, selectable=False)

    with pytest.raises(InvalidChoice):
        signup(event, person(session_ids=(keynote.pk,)))

    assert Registration.objects.count() == 0


def test_register_session_id_that_is_not_a_number_is_invalid():
    event = EventFactory()

    with pytest.raises(InvalidChoice) as refused:
        signup(event, person(session_ids=("1; DROP TABLE events_event",)))

    assert refused.value.field == "session_ids"


def test_register_full_session_refuses_the_whole_booking():
    event = EventFactory()
    workshop = SessionFactory(event=event, selectable=True, capacity=1)
    RegistrationFactory(booking__event=event).sessions.add(workshop)

    with pytest.raises(SessionFull) as refused:
        signup(event, person(1), person(2, session_ids=(workshop.pk,)))

    assert (refused.value.session, refused.value.places_left) == (workshop, 0)
    assert english(refused.value) == (
        f"“{workshop.title}” is fully booked. Please choose something else."
    )
    assert Registration.objects.count() == 1


def test_register_group_larger_than_a_sessions_places_left_is_told_how_many():
    event = EventFactory()
    workshop = SessionFactory(event=event, title="Workshop A", selectable=True, capacity=10)
    for _ in range(2):
        RegistrationFactory(booking__event=event).sessions.add(workshop)

    with pytest.raises(SessionFull) as refused:
        signup(event, *(person(n, session_ids=(workshop.pk,)) for n in range(1, 11)))

    assert (refused.value.session, refused.value.places_left) == (workshop, 8)
    assert english(refused.value) == (
        "“Workshop A” has only 8 places left. Choose something else for some of the participants."
    )
    assert refused.value.message == (
        "”Workshop A” har bara 8 platser kvar. Välj något annat för några av deltagarna."
    )
    assert Registration.objects.count() == 2


def test_register_group_asking_for_two_of_one_place_left_is_told_it_is_one():
    event = EventFactory()
    workshop = SessionFactory(event=event, title="Workshop A", selectable=True, capacity=1)

    with pytest.raises(SessionFull) as refused:
        signup(event, person(1, session_ids=(workshop.pk,)), person(2, session_ids=(workshop.pk,)))

    assert refused.value.places_left == 1
    assert english(refused.value) == (
        "“Workshop A” has only 1 place left. Choose something else for some of the participants."
    )


def test_register_waitlisted_participants_hold_no_session_place():
    event = EventFactory(capacity=1)
    workshop = SessionFactory(event=event, selectable=True, capacity=1)
    signup(event, person(1))

    signup(event, person(2, session_ids=(workshop.pk,)), contact_email="karin2@kinda.se")
    booking = signup(event, person(3, session_ids=(workshop.pk,)), contact_email="k3@kinda.se")

    assert booking.registrations.get().status == "waitlisted"
    assert workshop.registrations.count() == 2


def test_register_cancelled_registrations_do_not_hold_session_places():
    event = EventFactory()
    workshop = SessionFactory(event=event, selectable=True, capacity=1)
    cancelled = RegistrationFactory(booking__event=event, status="cancelled")
    cancelled.sessions.add(workshop)

    booking = signup(event, person(session_ids=(workshop.pk,)))

    assert booking.registrations.get().status == "confirmed"


def test_register_same_submission_key_returns_the_first_booking():
    event = EventFactory()
    first = signup(event, submission_key="form-123")

    again = signup(event, person(2), submission_key="form-123")

    assert again == first
    assert Registration.objects.filter(event=event).count() == 1


def test_register_same_submission_key_after_registration_closed_returns_booking():
    event = EventFactory(registration_closes_at=in_days(2))
    first = signup(event, submission_key="form-123")

    with time_machine.travel(in_days(3), tick=False):
        assert signup(event, submission_key="form-123") == first


def test_register_submission_key_of_another_event_is_invalid():
    signup(EventFactory(), submission_key="form-123")

    with pytest.raises(InvalidChoice):
        signup(EventFactory(), person(2), submission_key="form-123")

    assert Registration.objects.count() == 1


def test_register_only_registered_addresses_raises_already_registered():
    event = EventFactory()
    existing = RegistrationFactory(booking__event=event, email="karin1@kinda.se")
    other = RegistrationFactory(booking__event=event, email="karin2@kinda.se")

    with pytest.raises(AlreadyRegistered) as refused:
        signup(event, person(2), person(1, email=" Karin1@KINDA.se "))

    assert refused.value.registrations == [existing, other]
    assert refused.value.registration == existing
    assert english(refused.value) == (
        "karin1@kinda.se is already registered for this event. We have sent the link to "
        "your registration to that address again."
    )
    assert Registration.objects.filter(event=event).count() == 2
    assert Booking.objects.filter(event=event).count() == 2


def test_register_books_the_others_when_one_address_is_registered():
    event = EventFactory()
    existing = RegistrationFactory(booking__event=event, email="karin1@kinda.se")

    booking = signup(event, person(2), person(1, email=" Karin1@KINDA.se "), person(3))

    assert [r.email for r in booking.registrations.order_by("pk")] == [
        "karin2@kinda.se",
        "karin3@kinda.se",
    ]
    assert statuses(event) == [
        ("karin1@kinda.se", "confirmed"),
        ("karin2@kinda.se", "confirmed"),
        ("karin3@kinda.se", "confirmed"),
    ]
    assert Registration.objects.get(email="karin1@kinda.se") == existing


def test_register_full_event_refuses_alike_whether_an_address_is_registered():
    event = EventFactory(capacity=2, waiting_list=False)
    RegistrationFactory(booking__event=event, email="karin1@kinda.se")

    with pytest.raises(EventFull) as with_registered:
        signup(event, person(1), person(2))
    with pytest.raises(EventFull) as all_new:
        signup(event, person(3), person(2))

    assert (
        english(with_registered.value) == english(all_new.value) == ("Only 1 seat is left on site.")
    )
    assert statuses(event) == [("karin1@kinda.se", "confirmed")]


def test_register_full_session_refuses_alike_whether_an_address_is_registered():
    event = EventFactory()
    workshop = SessionFactory(event=event, selectable=True, capacity=1)
    RegistrationFactory(booking__event=event, email="karin1@kinda.se")
    taken = RegistrationFactory(booking__event=event, email="karin9@kinda.se")
    taken.sessions.add(workshop)

    with pytest.raises(SessionFull) as with_registered:
        signup(event, person(1, session_ids=(workshop.pk,)))
    with pytest.raises(SessionFull) as new:
        signup(event, person(2, session_ids=(workshop.pk,)))

    assert english(with_registered.value) == english(new.value)
    assert Registration.objects.filter(event=event).count() == 2


def test_register_waitlisted_email_counts_as_registered():
    event = EventFactory()
    RegistrationFactory(booking__event=event, email="karin1@kinda.se", status="waitlisted")

    with pytest.raises(AlreadyRegistered):
        signup(event)


def test_register_after_cancelling_is_allowed():
    event = EventFactory()
    RegistrationFactory(booking__event=event, email="karin1@kinda.se", status="cancelled")

    booking = signup(event)

    assert booking.registrations.get().status == "confirmed"


def test_register_same_email_for_another_event_is_allowed():
    RegistrationFactory(email="karin1@kinda.se")

    assert signup(EventFactory()).registrations.count() == 1


def test_register_two_participants_with_one_email_is_invalid():
    event = EventFactory()

    with pytest.raises(InvalidChoice) as refused:
        signup(event, person(1), person(2, email="KARIN1@kinda.se"))

    assert (refused.value.field, refused.value.participant) == ("email", 1)
    assert english(refused.value) == (
        "Two participants have the same e-mail address; each needs their own."
    )
    assert Booking.objects.count() == 0


def test_register_without_participants_is_invalid():
    with pytest.raises(InvalidChoice):
        register(
            event=EventFactory(),
            contact_name="Karin",
            contact_email="karin@kinda.se",
            participants=[],
            consent_at=timezone.now(),
        )

    assert Booking.objects.count() == 0


def test_register_without_consent_is_invalid():
    with pytest.raises(InvalidChoice) as refused:
        signup(EventFactory(), consent_at=None)

    assert refused.value.field == "consent"
    assert Booking.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"status": Event.Status.CANCELLED}, "cancelled"),
        ({"status": Event.Status.DRAFT}, "not_published"),
        ({"registration_opens_at": in_days(1)}, "not_yet_open"),
        ({"registration_closes_at": in_days(-1)}, "closed"),
        ({"starts_at": in_days(-2), "ends_at": in_days(-2, 17)}, "ended"),
    ],
)
def test_register_outside_the_window_is_closed(changes, reason):
    event = EventFactory(**changes)

    with pytest.raises(RegistrationClosed) as refused:
        signup(event)

    assert refused.value.reason == reason
    assert Booking.objects.count() == 0


@pytest.mark.parametrize(
    "changes",
    [{"registration_opens_at": in_days(1)}, {"registration_closes_at": in_days(-1)}],
)
def test_register_by_organiser_outside_the_registration_window_is_allowed(changes):
    event = EventFactory(capacity=1, **changes)
    signup(event, by_organiser=True)

    booking = signup(event, person(2), contact_email="karin2@kinda.se", by_organiser=True)

    assert booking.registrations.get().status == "waitlisted"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"status": Event.Status.CANCELLED}, "cancelled"),
        ({"status": Event.Status.DRAFT}, "not_published"),
        ({"starts_at": in_days(-2), "ends_at": in_days(-2, 17)}, "ended"),
    ],
)
def test_register_by_organiser_for_a_cancelled_draft_or_ended_event_is_closed(changes, reason):
    event = EventFactory(**changes)

    with pytest.raises(RegistrationClosed) as refused:
        signup(event, by_organiser=True)

    assert refused.value.reason == reason
    assert Booking.objects.count() == 0


def test_register_without_notify_queues_no_email():
    event = EventFactory(capacity=1)

    signup(event, person(1), person(2), contact_email="boss@kinda.se", notify=False)

    assert statuses(event) == [("karin1@kinda.se", "confirmed"), ("karin2@kinda.se", "waitlisted")]
    assert OutgoingEmail.objects.count() == 0


def test_register_by_organiser_of_an_address_registered_emails_nobody():
    event = EventFactory()
    signup(event, notify=False)

    with pytest.raises(AlreadyRegistered):
        signup(event, by_organiser=True)

    assert OutgoingEmail.objects.count() == 0


def test_register_opens_exactly_at_the_opening_time():
    opens = in_days(5, 10)
    event = EventFactory(registration_opens_at=opens)

    with time_machine.travel(opens - dt.timedelta(seconds=1), tick=False):
        with pytest.raises(RegistrationClosed) as refused:
            signup(event)
        assert english(refused.value) == f"Registration opens {_stockholm(opens)}."
    with time_machine.travel(opens, tick=False):
        assert signup(event).registrations.get().status == "confirmed"


def test_register_closes_exactly_at_the_closing_time():
    closes = in_days(5, 12)
    event = EventFactory(registration_closes_at=closes)

    with time_machine.travel(closes - dt.timedelta(seconds=1), tick=False):
        signup(event)
    with time_machine.travel(closes, tick=False), pytest.raises(RegistrationClosed):
        signup(event, person(2))


def test_register_while_the_event_runs_is_allowed_until_it_ends():
    event = EventFactory(starts_at=in_days(0, 9), ends_at=in_days(0, 17))

    with time_machine.travel(in_days(0, 12), tick=False):
        assert signup(event).registrations.count() == 1


def test_register_query_count_does_not_grow_with_registrations(django_assert_max_num_queries):
    event = EventFactory(capacity=100)
    workshop = SessionFactory(event=event, selectable=True, capacity=100)
    signup(event, person(100, session_ids=(workshop.pk,)), contact_email="a@kinda.se")

    with CaptureQueriesContext(connection) as few:
        signup(event, person(1, session_ids=(workshop.pk,)), person(2))
    RegistrationFactory.create_batch(30, booking__event=event)
    for n in range(3, 13):
        signup(event, person(n, session_ids=(workshop.pk,)), contact_email=f"x{n}@kinda.se")
    with django_assert_max_num_queries(40), CaptureQueriesContext(connection) as many:
        signup(event, person(20, session_ids=(workshop.pk,)), person(21))

    assert len(many) == len(few)


def _stockholm(value):
    with translation.override("en"):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
