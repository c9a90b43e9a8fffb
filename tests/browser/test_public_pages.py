"""Every public page, in Swedish and English, at desktop and phone width: WCAG 2.1 AA."""

import pytest
from django.urls import reverse

from .support import DESKTOP, NARROW, PHONE, horizontal_overflow, outside_viewport, zoom_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = {
    "home": lambda demo: reverse("events:home"),
    "archive": lambda demo: reverse("events:archive"),
    "event": lambda demo: demo.seminar.get_absolute_url(),
    "event-waiting-list": lambda demo: demo.full.get_absolute_url(),
    "event-fee-hybrid": lambda demo: demo.conference.get_absolute_url(),
    "event-past": lambda demo: demo.past.get_absolute_url(),
    "series": lambda demo: demo.series.get_absolute_url(),
    "organiser": lambda demo: demo.organiser.get_absolute_url(),
    "privacy": lambda demo: reverse("registrations:privacy"),
    "accessibility": lambda demo: reverse("accessibility"),
    "not-found": lambda demo: "/finns-inte/",
    "resend-links": lambda demo: reverse("registrations:resend_links"),
    "link-not-found": lambda demo: reverse("registrations:manage", args=["x" * 43]),
}
NOT_FOUND = {"not-found", "link-not-found"}


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_accessible_in_both_languages_and_widths(
    page, demo, set_language, assert_accessible, screenshot, name, language
):
    set_language(language)
    response = page.goto(PUBLIC_PAGES[name](demo))

    assert response.status == (404 if name in NOT_FOUND else 200)
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


def test_every_public_page_links_the_accessibility_statement_in_its_footer(page, demo):
    statement = reverse("accessibility")
    footer_links = {}
    for name, url in PUBLIC_PAGES.items():
        page.goto(url(demo))
        footer_links[name] = page.locator(f'footer a[href="{statement}"]').count()

    assert footer_links == dict.fromkeys(PUBLIC_PAGES, 1)


@pytest.mark.parametrize("name", ["home", "event", "accessibility"])
def test_public_page_reflows_with_text_zoomed_to_200_percent(page, demo, screenshot, name):
    page.set_viewport_size({"width": DESKTOP["width"] // 2, "height": DESKTOP["height"]})
    page.goto(PUBLIC_PAGES[name](demo))
    zoom_text(page, 200)

    screenshot(page, "zoom200")
    assert horizontal_overflow(page) == 0
    assert page.locator("h1").is_visible()


def test_event_page_sign_up_button_usable_with_text_zoomed_to_200_percent(page, demo):
    page.set_viewport_size({"width": DESKTOP["width"] // 2, "height": DESKTOP["height"]})
    page.goto(demo.seminar.get_absolute_url())
    zoom_text(page, 200)
    signup_url = reverse("registrations:signup", args=[demo.seminar.slug])
    sign_up = page.locator(f'main a[href="{signup_url}"]').first

    sign_up.scroll_into_view_if_needed()
    box = sign_up.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= DESKTOP["width"] // 2
    sign_up.click()
    page.wait_for_url(f"**{signup_url}")
