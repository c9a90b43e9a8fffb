"""How long a signup holds the event's lock is logged for the bench, when asked."""

import logging

import pytest
from django.utils import timezone

from registrations import services
from tests.factories import EventFactory
from tests.messaging.helpers import person

pytestmark = pytest.mark.django_db


def _book(event):
    return services.register(
        event=event,
        contact_name="Anna Svensson",
        contact_email="anna@kinda.se",
        participants=[person("Anna", "anna@kinda.se")],
        consent_at=timezone.now(),
    )


def test_the_lock_time_of_a_signup_is_logged_at_debug_after_the_commit(
    caplog, django_capture_on_commit_callbacks
):
    event = EventFactory()
    with (
        caplog.at_level(logging.DEBUG, logger="registrations.lock"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _book(event)
        assert [r for r in caplog.records if r.name == "registrations.lock"] == []

    [record] = [r for r in caplog.records if r.name == "registrations.lock"]
    assert 0 < float(record.getMessage()) < 10_000


def test_no_timing_is_added_to_the_commit_when_the_logger_is_quiet(
    caplog, django_capture_on_commit_callbacks
):
    with (
        caplog.at_level(logging.INFO, logger="registrations.lock"),
        django_capture_on_commit_callbacks() as quiet,
    ):
        _book(EventFactory())
    with (
        caplog.at_level(logging.DEBUG, logger="registrations.lock"),
        django_capture_on_commit_callbacks() as timed,
    ):
        _book(EventFactory())

    assert len(timed) == len(quiet) + 1
