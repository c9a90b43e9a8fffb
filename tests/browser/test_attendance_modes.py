"""Sessions on site only: an online participant is not offered them, on a phone and a desktop."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Session
from registrations.models import Registration
from registrations.services import ParticipantData, register
from tests.factories import PriceOptionFactory, SessionFactory

from .support import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def on_site_only(demo):
    """A workshop and the dinner of the hybrid conference, both on site only."""
    conference = demo.conference
    start = conference.starts_at + dt.timedelta(hours=2)
    workshop = SessionFactory(
        event=conference,
        title="Workshop A: samverkan i glesbygd",
        kind=Session.Kind.WORKSHOP,
        selectable=True,
        capacity=40,
        attendance_mode="on_site",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    dinner = SessionFactory(
        event=conference,
        title="Konferensmiddag",
        kind=Session.Kind.MEAL,
        selectable=True,
        attendance_mode="on_site",
        starts_at=start + dt.timedelta(hours=8),
        ends_at=start + dt.timedelta(hours=11),
    )
    return workshop, dinner


def _checkbox(scope, session):
    return scope.get_by_role("checkbox", name=re.compile(re.escape(session.title)))


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_online_participant_is_not_offered_the_on_site_only_sessions(
    page, demo, on_site_only, viewport, screenshot, assert_accessible
):
    workshop, dinner = on_site_only
    page.set_viewport_size(viewport)
    page.goto(f"/evenemang/{demo.conference.slug}/anmalan/")
    participant = page.get_by_role("group", name=f"{_('Participant')} 1")
    label = _("not streamed, on site only")
    assert label in _checkbox(participant, workshop).evaluate("e => e.labels[0].innerText")
    _checkbox(participant, workshop).check()

    participant.get_by_role("radio", name=_("Online")).check()

    assert _checkbox(participant, workshop).is_disabled()
    assert not _checkbox(participant, workshop).is_checked()
    assert _checkbox(participant, dinner).is_disabled()
    screenshot(page, "online")
    assert_accessible(page, "online chosen")

    participant.get_by_role("radio", name=_("On site")).check()

    assert _checkbox(participant, workshop).is_enabled()
    assert _checkbox(participant, workshop).is_checked()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_attendee_moving_online_on_the_manage_page_loses_the_dinner_and_is_told(
    page, demo, on_site_only, viewport, screenshot
):
    workshop, dinner = on_site_only
    booking = register(
        event=demo.conference,
        contact_name="Anna Andersson",
        contact_email="anna@kinda.example.se",
        participants=[
            ParticipantData(
                first_name="Anna",
                last_name="Andersson",
                email="anna@kinda.example.se",
                organisation="Kinda kommun",
                session_ids=(workshop.pk, dinner.pk),
            )
        ],
        price_option=PriceOptionFactory(event=demo.conference, name="Inbjuden", amount=0),
        consent_at=timezone.now(),
    )
    anna = booking.registrations.get()
    page.set_viewport_size(viewport)
    page.goto(anna.get_absolute_url())

    page.get_by_role("radio", name=_("Online")).check()
    assert _checkbox(page, dinner).is_disabled()
    assert not _checkbox(page, dinner).is_checked()
    page.get_by_role("button", name=_("Save changes"), exact=True).click()
    page.wait_for_load_state()

    anna = Registration.objects.get(pk=anna.pk)
    assert (anna.attendance_mode, list(anna.sessions.all())) == ("online", [])
    notice = page.get_by_role("status").filter(has_text=dinner.title)
    assert notice.inner_text().startswith("De här programpunkterna finns bara på plats")
    screenshot(page, "saved")
