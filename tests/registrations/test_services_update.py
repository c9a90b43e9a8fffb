"""registrations.services.update_registration: changes within capacity."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from events.models import Event
from registrations.exceptions import (
    CancellationDeadlinePassed,
    EventFull,
    InvalidChoice,
    RegistrationClosed,
    SessionFull,
)
from registrations.models import Registration
from registrations.services import cancel_registration, update_registration
from tests.factories import EventFactory, QuestionFactory, RegistrationFactory, SessionFactory
from tests.registrations.service_calls import changes

pytestmark = pytest.mark.django_db


def hybrid(**fields):
    return EventFactory(format=Event.Format.HYBRID, **fields)


def test_update_registration_changes_details():
    registration = RegistrationFactory()

    result = update_registration(
        registration=registration,
        changes=changes(
            registration,
            first_name=" Maja ",
            email=" Maja.Berg@Kinda.se",
            role="Socialsekreterare",
            dietary_needs="Vegan",
        ),
    )

    registration.refresh_from_db()
    assert (registration.first_name, registration.email, registration.role) == (
        "Maja",
        "maja.berg@kinda.se",
        "Socialsekreterare",
    )
    assert (registration.dietary_needs, registration.status) == ("Vegan", "confirmed")
    assert result == registration


def test_update_registration_email_of_another_participant_is_invalid():
    registration = RegistrationFactory()
    RegistrationFactory(booking__event=registration.event, email="maja@kinda.se")

    with pytest.raises(InvalidChoice) as refused:
        update_registration(
            registration=registration, changes=changes(registration, email="MAJA@kinda.se")
        )

    assert refused.value.field == "email"
    assert Registration.objects.get(pk=registration.pk).email == registration.email


def test_update_registration_blank_name_is_invalid():
    registration = RegistrationFactory()

    with pytest.raises(InvalidChoice) as refused:
        update_registration(
            registration=registration, changes=changes(registration, first_name="   ")
        )

    assert refused.value.field == "first_name"
    assert Registration.objects.get(pk=registration.pk).first_name == "Anna"


def test_update_registration_moves_to_a_mode_with_places():
    event = hybrid(capacity=1, online_capacity=1)
    registration = RegistrationFactory(booking__event=event, attendance_mode="on_site")

    update_registration(
        registration=registration, changes=changes(registration, attendance_mode="online")
    )

    assert Registration.objects.get(pk=registration.pk).attendance_mode == "online"
    assert (event.seats_left, event.online_places_left) == (1, 0)


def test_update_registration_moving_to_a_full_mode_is_refused():
    event = hybrid(capacity=5, online_capacity=1)
    RegistrationFactory(booking__event=event, attendance_mode="online")
    registration = RegistrationFactory(booking__event=event, attendance_mode="on_site")

    with pytest.raises(EventFull) as refused:
        update_registration(
            registration=registration,
            changes=changes(registration, attendance_mode="online", first_name="Maja"),
        )

    assert refused.value.mode == "online"
    registration.refresh_from_db()
    assert (registration.attendance_mode, registration.status, registration.first_name) == (
        "on_site",
        "confirmed",
        "Anna",
    )


def test_update_registration_moving_away_promotes_the_first_in_line():
    event = hybrid(capacity=1, online_capacity=5)
    registration = RegistrationFactory(booking__event=event, attendance_mode="on_site")
    waiting = RegistrationFactory(
        booking__event=event, attendance_mode="on_site", status="waitlisted"
    )

    update_registration(
        registration=registration, changes=changes(registration, attendance_mode="online")
    )

    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"


def test_update_registration_waitlisted_moving_to_a_free_mode_is_confirmed():
    event = hybrid(capacity=0, online_capacity=5)
    waiting = RegistrationFactory(
        booking__event=event, attendance_mode="on_site", status="waitlisted"
    )

    update_registration(registration=waiting, changes=changes(waiting, attendance_mode="online"))

    waiting.refresh_from_db()
    assert (waiting.attendance_mode, waiting.status) == ("online", "confirmed")


def test_update_registration_waitlisted_moving_to_a_full_mode_joins_the_end_of_its_queue():
    event = hybrid(capacity=0, online_capacity=0)
    waiting = RegistrationFactory(
        booking__event=event,
        attendance_mode="on_site",
        status="waitlisted",
        waitlisted_at=timezone.now() - dt.timedelta(days=3),
    )
    online_queue = RegistrationFactory(
        booking__event=event,
        attendance_mode="online",
        status="waitlisted",
        waitlisted_at=timezone.now() - dt.timedelta(days=1),
    )

    update_registration(registration=waiting, changes=changes(waiting, attendance_mode="online"))

    waiting.refresh_from_db()
    assert (waiting.status, waiting.waitlist_position) == ("waitlisted", 2)
    assert Registration.objects.get(pk=online_queue.pk).waitlist_position == 1


def test_update_registration_chooses_a_session_with_places():
    event = EventFactory()
    workshop = SessionFactory(event=event, selectable=True, capacity=1)
    registration = RegistrationFactory(booking__event=event)

    update_registration(
        registration=registration, changes=changes(registration, session_ids=(workshop.pk,))
    )

    assert list(registration.sessions.all()) == [workshop]


def test_update_registration_choosing_a_full_session_is_refused():
    event = EventFactory()
    workshop = SessionFactory(event=event, selectable=True, capacity=1)
    other = SessionFactory(event=event, selectable=True)
    RegistrationFactory(booking__event=event).sessions.add(workshop)
    registration = RegistrationFactory(booking__event=event)
    registration.sessions.add(other)

    with pytest.raises(SessionFull):
        update_registration(
            registration=registration, changes=changes(registration, session_ids=(workshop.pk,))
        )

    assert list(registration.sessions.all()) == [other]


def test_update_registration_keeps_a_full_session_already_chosen():
    event = EventFactory()
    workshop = SessionFactory(event=event, selectable=True, capacity=1)
    registration = RegistrationFactory(booking__event=event)
    registration.sessions.add(workshop)

    update_registration(registration=registration, changes=changes(registration, role="Chef"))

    assert list(registration.sessions.all()) == [workshop]


def test_update_registration_waitlisted_keeps_a_session_that_filled_up():
    event = EventFactory(capacity=1)
    workshop = SessionFactory(event=event, selectable=True, capacity=1)
    RegistrationFactory(booking__event=event).sessions.add(workshop)
    waiting = RegistrationFactory(booking__event=event, status="waitlisted")
    waiting.sessions.add(workshop)

    update_registration(registration=waiting, changes=changes(waiting, phone="070-1"))

    waiting.refresh_from_db()
    assert (waiting.phone, waiting.status, list(waiting.sessions.all())) == (
        "070-1",
        "waitlisted",
        [workshop],
    )


def test_update_registration_waitlisted_confirmed_by_a_move_needs_session_places():
    event = hybrid(capacity=1, online_capacity=5)
    workshop = SessionFactory(event=event, selectable=True, capacity=1)
    RegistrationFactory(booking__event=event).sessions.add(workshop)
    waiting = RegistrationFactory(booking__event=event, status="waitlisted")
    waiting.sessions.add(workshop)

    with pytest.raises(SessionFull):
        update_registration(
            registration=waiting, changes=changes(waiting, attendance_mode="online")
        )

    waiting.refresh_from_db()
    assert (waiting.attendance_mode, waiting.status) == ("on_site", "waitlisted")


def test_update_registration_dropping_a_session_frees_its_place():
    event = EventFactory()
    workshop = SessionFactory(event=event, selectable=True, capacity=1)
    registration = RegistrationFactory(booking__event=event)
    registration.sessions.add(workshop)
    other = RegistrationFactory(booking__event=event)

    update_registration(registration=registration, changes=changes(registration, session_ids=()))
    update_registration(registration=other, changes=changes(other, session_ids=(workshop.pk,)))

    assert list(workshop.registrations.all()) == [other]


def test_update_registration_session_of_another_event_is_invalid():
    registration = RegistrationFactory()
    elsewhere = SessionFactory(selectable=True)

    with pytest.raises(InvalidChoice):
        update_registration(
            registration=registration, changes=changes(registration, session_ids=(elsewhere.pk,))
        )

    assert registration.sessions.count() == 0


def test_update_registration_replaces_the_answers():
    registration = RegistrationFactory()
    question = QuestionFactory(event=registration.event, kind="short_text")
    dropped = QuestionFactory(event=registration.event, kind="short_text")
    registration.answers.create(question=question, value="Gammalt")
    registration.answers.create(question=dropped, value="Tas bort")

    update_registration(
        registration=registration, changes=changes(registration, answers={question.pk: "Nytt"})
    )

    assert list(registration.answers.values_list("question_id", "value")) == [(question.pk, "Nytt")]


def test_update_registration_after_the_deadline_is_refused():
    event = EventFactory(cancellation_deadline=timezone.now() + dt.timedelta(days=1))
    registration = RegistrationFactory(booking__event=event)

    with time_machine.travel(event.cancellation_deadline, tick=False):
        with pytest.raises(CancellationDeadlinePassed):
            update_registration(
                registration=registration, changes=changes(registration, first_name="Maja")
            )
        update_registration(
            registration=registration,
            changes=changes(registration, first_name="Maja"),
            by_organiser=True,
        )

    assert Registration.objects.get(pk=registration.pk).first_name == "Maja"


def test_update_registration_cancelled_is_invalid():
    registration = RegistrationFactory()
    cancel_registration(registration=registration)

    with pytest.raises(InvalidChoice):
        update_registration(
            registration=registration, changes=changes(registration, first_name="Maja")
        )

    assert Registration.objects.get(pk=registration.pk).first_name == "Anna"


def test_update_registration_of_a_cancelled_event_is_closed():
    registration = RegistrationFactory(booking__event__status=Event.Status.CANCELLED)

    with pytest.raises(RegistrationClosed) as refused:
        update_registration(
            registration=registration, changes=changes(registration, first_name="Maja")
        )

    assert refused.value.reason == "cancelled"
