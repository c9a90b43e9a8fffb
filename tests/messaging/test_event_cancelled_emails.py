"""The e-mails of the admin's event cancellation, end to end."""

import pytest
from django.core import mail

from registrations.event_cancellation import cancel_event
from tests.factories import EventFactory
from tests.messaging.helpers import calendar_methods, person, register

pytestmark = pytest.mark.django_db


def test_cancel_event_tells_everyone_registered_or_waiting(committed):
    event = EventFactory(title="Välfärd för alla", capacity=1)
    register(committed, event, person("Bo", "bo@kinda.se"), person("Cecilia", "c@kinda.se"))

    committed(cancel_event, event=event, message="Talaren är sjuk.")

    assert [(m.to, m.subject, calendar_methods(m)) for m in mail.outbox] == [
        (["bo@kinda.se"], "Inställt: Välfärd för alla", ["CANCEL"]),
        (["c@kinda.se"], "Inställt: Välfärd för alla", []),
    ]
    assert "\n\nTalaren är sjuk.\n" in mail.outbox[0].body
