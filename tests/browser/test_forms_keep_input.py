"""What was typed survives Back, a refused submission and lost cookies; a broken
manage link says what to do. In Chromium, as a visitor meets them."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from registrations.models import Registration

from .support import NARROW, outside_viewport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the visitor types, by field name; participant 1 is a colleague, not the contact.
TYPED = {
    "contact-first_name": "Karin",
    "contact-last_name": "Nilsson",
    "contact-email": "karin.nilsson@kinda.example.se",
    "participant-0-first_name": "Bo",
    "participant-0-last_name": "Berg",
    "participant-0-email": "bo.berg@kinda.example.se",
    "participant-0-organisation": "Kinda kommun",
    "participant-0-dietary_needs": "Vegetarisk",
}
SECOND = {
    "participant-1-first_name": "Cecilia",
    "participant-1-last_name": "Ek",
    "participant-1-email": "cecilia.ek@kinda.example.se",
    "participant-1-organisation": "Region Östergötland",
}


def _signup(page, demo):
    page.goto(reverse("registrations:signup", args=[demo.seminar.slug]))


def _type(page, values):
    for name, value in values.items():
        page.locator(f"#signup-form [name='{name}']").fill(value)


def _values(page, names):
    return {name: page.locator(f"#signup-form [name='{name}']").input_value() for name in names}


def _send(page):
    page.locator("#signup-form button[type=submit]:not([tabindex='-1'])").last.click()
    page.wait_for_load_state()


def _leave_and_come_back(page, demo):
    page.get_by_role("link", name=re.compile(re.escape(demo.seminar.title))).first.click()
    page.wait_for_url(f"**{demo.seminar.get_absolute_url()}")
    page.go_back()
    page.wait_for_load_state()


def test_back_to_the_signup_form_keeps_what_was_typed(page, demo):
    _signup(page, demo)
    page.locator("#id_contact-is_participant").uncheck()
    _type(page, TYPED)

    _leave_and_come_back(page, demo)

    assert _values(page, TYPED) == TYPED


def test_back_after_adding_a_participant_keeps_both_without_resubmitting(page, demo):
    _signup(page, demo)
    page.locator("#id_contact-is_participant").uncheck()
    _type(page, TYPED)
    page.locator("[data-add-participant]").click()
    page.wait_for_load_state()
    _type(page, SECOND)

    _leave_and_come_back(page, demo)

    assert page.url.endswith(reverse("registrations:signup", args=[demo.seminar.slug]))
    assert page.locator("h1").inner_text().startswith("Anmälan till")
    assert _values(page, {**TYPED, **SECOND}) == {**TYPED, **SECOND}


def test_back_from_the_too_many_attempts_page_keeps_what_was_typed(page, demo, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "registrations:signup": "1/h"}
    _signup(page, demo)
    _send(page)  # an empty form: refused with errors, and counted
    page.locator("#id_contact-is_participant").uncheck()
    _type(page, TYPED)
    page.locator("#id_booking-consent").check()

    _send(page)
    assert page.locator("h1").inner_text() == "För många försök"
    page.go_back()
    page.wait_for_load_state()

    assert _values(page, TYPED) == TYPED
    assert page.locator("#id_booking-consent").is_checked()
    assert not Registration.objects.filter(email=TYPED["participant-0-email"]).exists()


def test_signup_after_the_cookies_were_cleared_keeps_what_was_typed(page, demo, screenshot):
    _signup(page, demo)
    page.locator("#id_contact-is_participant").uncheck()
    _type(page, TYPED)
    page.locator("#id_booking-consent").check()
    page.context.clear_cookies()

    _send(page)

    summary = page.locator("[data-error-summary]")
    assert summary.inner_text().startswith("Rätta följande\nFormuläret kunde inte tas emot:")
    assert page.evaluate("() => document.activeElement.id") == summary.get_attribute("id")
    assert _values(page, TYPED) == TYPED
    assert page.locator("#id_booking-consent").is_checked()
    assert not Registration.objects.filter(email=TYPED["participant-0-email"]).exists()
    page.set_viewport_size(NARROW)
    screenshot(page, "csrf-refused")
    assert outside_viewport(page) == []

    _send(page)

    page.wait_for_url(re.compile(r"/anmalan/skickad/$"))
    bo = Registration.objects.get(email=TYPED["participant-0-email"])
    assert (bo.first_name, bo.dietary_needs) == ("Bo", "Vegetarisk")


def test_another_form_after_the_cookies_were_cleared_says_what_to_do(page, demo, screenshot):
    page.goto(reverse("registrations:resend_link", args=[demo.seminar.slug]))
    page.get_by_label("Din e-postadress").fill("bo.berg@kinda.example.se")
    page.context.clear_cookies()

    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Skicka länken").click()
    page.wait_for_load_state()

    assert answer.value.status == 403
    assert page.locator("h1").inner_text() == "Formuläret kunde inte skickas"
    assert page.get_by_role("heading", name="Det här kan du göra").is_visible()
    page.set_viewport_size(NARROW)
    screenshot(page, "csrf-other-form")
    assert outside_viewport(page) == []


def test_mistyped_manage_link_explains_and_sends_the_links_again(
    page, demo, immediate_tasks, screenshot
):
    token = demo.first_in.manage_token
    response = page.goto(reverse("registrations:manage", args=[token[:-4]]))

    assert response.status == 404
    assert page.locator("h1").inner_text() == "Länken fungerar inte"
    page.set_viewport_size(NARROW)
    screenshot(page, "link-not-found")
    assert outside_viewport(page) == []
    page.get_by_label("Din e-postadress").fill(demo.first_in.email.upper())
    page.get_by_role("button", name="Skicka länken").click()
    page.wait_for_load_state()

    assert (
        page.get_by_role("status")
        .inner_text()
        .startswith("Om adressen är anmäld till ett evenemang som inte har ägt rum ännu")
    )
    [message] = [m for m in mail.outbox if demo.first_in.email in m.to]
    assert f"/anmalan/{token}/" in message.body
