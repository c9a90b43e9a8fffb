"""Signup, confirmation and self-service pages: WCAG 2.1 AA, keyboard use, error handling."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from registrations.models import Registration
from registrations.services import ParticipantData, register

from .support import (
    DESKTOP,
    NARROW,
    PHONE,
    focus_indicator,
    horizontal_overflow,
    outside_viewport,
    show_signup_sent_to,
    zoom_text,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def booking(demo):
    """Two colleagues booked by a contact person, with workshop and dinner choices."""
    workshop_a, workshop_b = demo.workshops
    return register(
        event=demo.seminar,
        contact_name="Anna Andersson",
        contact_email="anna.andersson@kinda.example.se",
        participants=[
            ParticipantData(
                first_name="Anna",
                last_name="Andersson",
                email="anna.andersson@kinda.example.se",
                organisation="Kinda kommun",
                session_ids=(workshop_a.pk, demo.dinner.pk),
            ),
            ParticipantData(
                first_name="Bo",
                last_name="Berg",
                email="bo.berg@kinda.example.se",
                organisation="Kinda kommun",
                dietary_needs="Vegetarisk",
                session_ids=(workshop_b.pk,),
            ),
        ],
        consent_at=timezone.now(),
    )


def _first_registration(booking):
    return booking.registrations.order_by("pk").first()


SIGNUP_PAGES = {
    "signup": lambda demo, booking: reverse("registrations:signup", args=[demo.seminar.slug]),
    "signup-fee-hybrid": lambda demo, booking: reverse(
        "registrations:signup", args=[demo.conference.slug]
    ),
    "signup-waiting-list": lambda demo, booking: reverse(
        "registrations:signup", args=[demo.full.slug]
    ),
    "resend-link": lambda demo, booking: reverse(
        "registrations:resend_link", args=[demo.seminar.slug]
    ),
    "signup-sent": lambda demo, booking: reverse(
        "registrations:signup_sent", args=[demo.seminar.slug]
    ),
    "manage-booking": lambda demo, booking: booking.get_absolute_url(),
    "manage-registration": lambda demo, booking: reverse(
        "registrations:manage", args=[_first_registration(booking).manage_token]
    ),
    "cancel": lambda demo, booking: reverse(
        "registrations:cancel", args=[_first_registration(booking).manage_token]
    ),
}


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("name", SIGNUP_PAGES)
def test_signup_page_accessible_in_both_languages_and_widths(
    page, live_server, demo, booking, set_language, assert_accessible, screenshot, name, language
):
    set_language(language)
    emails = [registration.email for registration in booking.registrations.all()]
    show_signup_sent_to(page.context, live_server.url, demo.seminar, emails)
    response = page.goto(SIGNUP_PAGES[name](demo, booking))

    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        assert_accessible(page, f"{name}, {language}")
        screenshot(page)
    assert outside_viewport(page) == []
    page.set_viewport_size(NARROW)
    screenshot(page)
    assert horizontal_overflow(page) == 0
    assert outside_viewport(page) == []


def _send_empty_signup(page, demo):
    page.goto(reverse("registrations:signup", args=[demo.seminar.slug]))
    page.locator("#signup-form button[type=submit]:not([tabindex='-1'])").last.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_signup_errors_accessible_in_both_languages_and_widths(
    page, demo, set_language, assert_accessible, screenshot, language
):
    set_language(language)
    _send_empty_signup(page, demo)

    assert page.locator("[data-error-summary]").count() == 1
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        assert_accessible(page, f"signup with errors, {language}")
        screenshot(page, "errors")
    assert outside_viewport(page) == []
    page.set_viewport_size(NARROW)
    assert horizontal_overflow(page) == 0
    assert outside_viewport(page) == []


def test_signup_errors_take_the_focus_to_the_summary(page, demo):
    _send_empty_signup(page, demo)

    summary = page.locator("[data-error-summary]")
    assert page.evaluate("() => document.activeElement.id") == summary.get_attribute("id")
    assert summary.get_attribute("role") == "alert" or summary.get_attribute("tabindex") == "-1"


def test_signup_errors_are_tied_to_their_fields(page, demo):
    _send_empty_signup(page, demo)

    fields = page.evaluate(
        """() => Array.from(document.querySelectorAll("#signup-form [aria-invalid=true]"))
          .map((field) => ({
            name: field.name,
            described: (field.getAttribute("aria-describedby") || "").split(" ")
              .map((id) => document.getElementById(id))
              .filter((el) => el && el.id.endsWith("_error"))
              .map((el) => el.innerText.trim()),
          }))"""
    )
    invalid = {field["name"]: field["described"] for field in fields}
    assert sorted(invalid) == [
        "booking-consent",
        "contact-email",
        "contact-first_name",
        "contact-last_name",
        "participant-0-email",
        "participant-0-first_name",
        "participant-0-last_name",
        "participant-0-organisation",
    ]
    assert all(len(messages) == 1 and messages[0] for messages in invalid.values()), invalid


def test_signup_error_summary_links_move_to_their_fields(page, demo):
    _send_empty_signup(page, demo)

    links = page.locator("[data-error-summary] a")
    for index in range(links.count()):
        link = links.nth(index)
        target = link.get_attribute("href").removeprefix("#")
        link.click()
        assert page.evaluate("() => document.activeElement.id") == target, target


def test_signup_keeps_what_was_typed_when_a_field_is_wrong(page, demo):
    page.goto(reverse("registrations:signup", args=[demo.seminar.slug]))
    contact = page.locator("#signup-form")
    contact.locator("#id_contact-first_name").fill("Anna")
    contact.locator("#id_contact-last_name").fill("Andersson")
    contact.locator("#id_contact-email").fill("inte-en-adress")
    contact.locator("#id_participant-0-organisation").fill("Kinda kommun")
    contact.locator("#id_booking-consent").check()
    page.locator("#signup-form button[type=submit]:not([tabindex='-1'])").last.click()
    page.wait_for_load_state()

    assert page.locator("#id_contact-email").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_contact-first_name").input_value() == "Anna"
    assert page.locator("#id_contact-email").input_value() == "inte-en-adress"
    assert page.locator("#id_participant-0-organisation").input_value() == "Kinda kommun"
    assert page.locator("#id_booking-consent").is_checked()


def test_signup_lists_the_sessions_to_choose_in_programme_order(page, demo):
    page.goto(reverse("registrations:signup", args=[demo.seminar.slug]))
    labels = page.locator("input[name='participant-0-sessions']").evaluate_all(
        "inputs => inputs.map((input) => input.labels[0].innerText)"
    )

    titles = [session.title for session in (*demo.workshops, demo.dinner)]
    assert [[title for title in titles if title in label] for label in labels] == [
        [title] for title in titles
    ]


# What the keyboard user types, by field; checkboxes listed here are ticked with Space.
KEYBOARD_ENTRIES = {
    "contact-first_name": "Karin",
    "contact-last_name": "Nilsson",
    "contact-email": "karin.nilsson@kinda.example.se",
    "participant-0-organisation": "Kinda kommun",
    "participant-0-dietary_needs": "Glutenfri",
}
KEYBOARD_TICKS = {"booking-consent"}


def test_signup_works_with_the_keyboard_alone_and_shows_the_focus(page, demo, screenshot):
    page.goto(reverse("registrations:signup", args=[demo.seminar.slug]))
    workshop_b = demo.workshops[1]
    ticks = {*KEYBOARD_TICKS, f"participant-0-sessions={workshop_b.pk}"}
    visited, hidden_focus = [], []

    for _ in range(120):
        page.keyboard.press("Tab")
        focused = focus_indicator(page)
        if focused is None:
            continue
        visited.append(focused["name"] or focused["label"])
        if not focused["visible"]:
            hidden_focus.append(focused)
        value = page.evaluate("() => document.activeElement.value")
        key = focused["name"] if focused["type"] != "checkbox" else f"{focused['name']}={value}"
        if focused["name"] in KEYBOARD_ENTRIES:
            page.keyboard.type(KEYBOARD_ENTRIES[focused["name"]])
        elif key in ticks or focused["name"] in ticks:
            page.keyboard.press("Space")
        elif focused["tag"] == "button" and focused["name"] == "" and focused["type"] == "submit":
            screenshot(page, "submit-focused")
            page.keyboard.press("Enter")
            break

    page.wait_for_url(re.compile(r"/anmalan/skickad/$"))
    assert hidden_focus == []
    assert visited.index("contact-first_name") < visited.index("participant-0-organisation")
    email = KEYBOARD_ENTRIES["contact-email"]
    registration = Registration.objects.get(event=demo.seminar, email=email)
    assert (registration.first_name, registration.organisation) == ("Karin", "Kinda kommun")
    assert registration.dietary_needs == "Glutenfri"
    assert list(registration.sessions.all()) == [workshop_b]
    assert registration.booking.contact_name == "Karin Nilsson"


def test_skip_link_is_the_first_stop_and_moves_to_the_content(page, demo):
    page.goto(reverse("registrations:signup", args=[demo.seminar.slug]))

    page.keyboard.press("Tab")
    skip = focus_indicator(page)
    page.keyboard.press("Enter")

    assert skip["tag"] == "a"
    assert skip["visible"] is True
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_signup_form_reflows_with_text_zoomed_to_200_percent(page, demo, screenshot):
    page.set_viewport_size({"width": DESKTOP["width"] // 2, "height": DESKTOP["height"]})
    page.goto(reverse("registrations:signup", args=[demo.seminar.slug]))
    zoom_text(page, 200)

    screenshot(page, "zoom200")
    assert horizontal_overflow(page) == 0
    send = page.locator("#signup-form button[type=submit]:not([tabindex='-1'])").last
    send.scroll_into_view_if_needed()
    box = send.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= DESKTOP["width"] // 2
