"""The check-in page on a phone: typing works without a camera, the camera button
shows only where the browser reads QR codes, and a read code checks the person in."""

import datetime as dt

import pytest
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from events.models import Membership
from tests import factories as f
from tests.factories import in_days

from .support import NARROW, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "entren-kisa-2026"

# Chromium on Linux has no BarcodeDetector: this stands in for the one Android's
# Chrome has, and a canvas for the camera (Playwright runs it before the page's
# scripts, outside the page's Content Security Policy).
FAKE_CAMERA = """
window.__scans = 0;
window.BarcodeDetector = class {
  static async getSupportedFormats() { return ["qr_code", "ean_13"]; }
  constructor(options) { this.formats = options.formats; }
  async detect(source) {
    window.__scans += 1;
    return window.__scans < 3 ? [] : [{rawValue: "%s", format: "qr_code"}];
  }
};
navigator.mediaDevices.getUserMedia = async () => {
  const canvas = document.createElement("canvas");
  canvas.width = 320; canvas.height = 240;
  canvas.getContext("2d").fillRect(0, 0, 320, 240);
  return canvas.captureStream(5);
};
"""


@pytest.fixture
def door(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    organiser = f.OrganiserFactory(name="Centrum för kommunstrategiska studier")
    user = f.UserFactory(username="entre")
    user.set_password(PASSWORD)
    user.save()
    Membership.objects.create(organiser=organiser, user=user, role=Membership.Role.DOOR)
    event = f.EventFactory(
        organiser=organiser,
        title="När resurserna inte räcker",
        starts_at=in_days(0, 0) + dt.timedelta(minutes=1),
        ends_at=in_days(0, 23),
    )
    anna = f.RegistrationFactory(
        booking__event=event, first_name="Anna", last_name="Lindqvist", reference="ANNA-2345"
    )
    return {"user": user, "event": event, "anna": anna}


def _log_in(page, user):
    page.goto("/admin/")
    page.get_by_label(capfirst(_("username"))).fill(user.username)
    page.get_by_label(_("Password")).fill(PASSWORD)
    page.get_by_role("button", name=_("Log in"), exact=True).click()
    page.wait_for_load_state()


def _checkin_url(event):
    return f"/incheckning/{event.pk}/"


@pytest.mark.parametrize("viewport", [NARROW, PHONE])
def test_checkin_without_a_camera_hides_the_button_and_typing_checks_in(
    page, door, viewport, assert_accessible, screenshot
):
    page.set_viewport_size(viewport)
    _log_in(page, door["user"])
    page.goto(_checkin_url(door["event"]))

    camera = page.locator("#checkin-camera")
    assert camera.count() == 1
    assert not camera.is_visible()
    assert page.get_by_role("button", name=_("Scan the QR code with the camera")).count() == 0
    assert page.evaluate("() => window.AnmalanCheckin.supported()") is False
    assert_accessible(page, "check-in")

    page.get_by_label(_("Name, e-mail, organisation or reference")).fill("anna 2345")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()

    assert page.get_by_text("Anna Lindqvist är incheckad").is_visible()
    assert_accessible(page, "checked in")
    screenshot(page, "typed")


def test_checkin_decode_callback_sends_the_code_read(page, door):
    _log_in(page, door["user"])
    page.goto(_checkin_url(door["event"]))

    with page.expect_navigation():
        assert page.evaluate("() => window.AnmalanCheckin.onDecoded(' ANNA-2345 ')") is True
    page.wait_for_load_state()

    assert page.get_by_text("Anna Lindqvist är incheckad").is_visible()
    assert page.evaluate("() => window.AnmalanCheckin.onDecoded('')") is False


def test_checkin_with_a_camera_reads_the_qr_code_and_checks_in(
    page, door, assert_accessible, screenshot
):
    page.set_viewport_size(PHONE)
    page.add_init_script(FAKE_CAMERA % door["anna"].reference)
    _log_in(page, door["user"])
    page.goto(_checkin_url(door["event"]))

    camera = page.get_by_role("button", name=_("Scan the QR code with the camera"))
    camera.wait_for(state="visible")
    assert_accessible(page, "camera button")
    with page.expect_navigation():
        camera.click()
    page.wait_for_load_state()

    assert page.get_by_text("Anna Lindqvist är incheckad").is_visible()
    screenshot(page, "scanned")
    door["anna"].refresh_from_db()
    assert door["anna"].status == "attended"
