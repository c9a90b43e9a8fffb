"""After the event in a real browser: the certificate check, the survey and its
results, in Swedish and English, on a 320 px phone and a desktop, axe-clean."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Membership
from followup import certificates
from followup.models import Survey, SurveyInvitation, SurveyQuestion
from registrations.services import mark_attended
from tests import factories as f

from .support import DESKTOP, NARROW, horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "arrangor-lulea-2026"
Kind = SurveyQuestion.Kind


@pytest.fixture
def after(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    organiser = f.OrganiserFactory(name="Norrbottens Kommuner")
    event = f.EventFactory(
        organiser=organiser,
        title="Aktuell Socialpolitik",
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=2),
    )
    anna = f.RegistrationFactory(
        booking__event=event, first_name="Máhtte", last_name="Čuoŋat", email="mahtte@jokkmokk.se"
    )
    mark_attended(registration=anna)
    anna.refresh_from_db()
    survey = Survey.objects.create(event=event, title="Vad tyckte du?")
    SurveyQuestion.objects.create(
        survey=survey, text="Helhetsintryck", kind=Kind.RATING, required=True
    )
    SurveyQuestion.objects.create(
        survey=survey, text="Bästa dagen", kind=Kind.SINGLE, choices="Dag 1\nDag 2"
    )
    SurveyQuestion.objects.create(
        survey=survey, text="Mer om", kind=Kind.MULTIPLE, choices="Ekonomi\nSamverkan"
    )
    SurveyQuestion.objects.create(survey=survey, text="Övrigt", kind=Kind.TEXT)
    invitation = SurveyInvitation.objects.create(survey=survey, registration=anna)
    staff = f.UserFactory(username="arrangor")
    staff.set_password(PASSWORD)
    staff.save()
    Membership.objects.create(organiser=organiser, user=staff, role=Membership.Role.ADMIN)
    return {
        "anna": anna,
        "code": certificates.issue(anna).code,
        "invitation": invitation,
        "survey": survey,
        "staff": staff,
    }


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("viewport", [NARROW, DESKTOP])
def test_certificate_check_pages_are_accessible(
    page, after, set_language, assert_accessible, viewport, language
):
    set_language(language)
    page.set_viewport_size(viewport)

    page.goto("/intyg/")
    assert_accessible(page, "verify form")
    page.locator("#id_code").fill(after["code"].lower())
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    assert page.locator("dd", has_text="Máhtte Čuoŋat").is_visible()
    assert_accessible(page, "valid certificate")
    assert horizontal_overflow(page) == 0

    page.goto("/intyg/WRONG-CODE/")
    assert page.locator("#not-found").is_visible()
    assert_accessible(page, "unknown code")


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("viewport", [NARROW, DESKTOP])
def test_survey_is_accessible_keeps_input_and_thanks(
    page, after, set_language, assert_accessible, viewport, language, screenshot
):
    set_language(language)
    page.set_viewport_size(viewport)
    page.goto(after["invitation"].get_absolute_url())
    assert_accessible(page, "survey")

    page.locator("textarea").fill("Mer kaffe")
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    assert page.locator("#error-summary").is_visible()
    assert page.locator("textarea").input_value() == "Mer kaffe"
    assert_accessible(page, "survey with an error")
    assert horizontal_overflow(page) == 0

    page.get_by_label("4", exact=True).check()
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    assert page.locator("h1").inner_text() in ("Tack för dina svar", "Thank you for your answers")
    assert_accessible(page, "thank you")
    screenshot(page, language)


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP])
def test_manage_page_offers_the_certificate(page, after, assert_accessible, viewport):
    page.set_viewport_size(viewport)
    page.goto(after["anna"].get_absolute_url())

    link = page.get_by_role("link", name="Ladda ner intyget (pdf)")
    assert link.is_visible()
    assert_accessible(page, "manage page")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("intyg-cuonat-mahtte-")


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP])
def test_survey_results_in_the_admin_are_accessible(
    page, after, assert_accessible, viewport, screenshot
):
    from followup import surveys

    question = after["survey"].questions.get(kind=Kind.RATING)
    surveys.submit(invitation=after["invitation"], answers=[(question, 5)])
    page.set_viewport_size(viewport)
    page.goto("/admin/")
    page.locator("#id_username").fill("arrangor")
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[type=submit]").click()

    page.goto(f"/admin/followup/survey/{after['survey'].pk}/results/")

    assert page.get_by_role("heading", name="1. Helhetsintryck").is_visible()
    assert_accessible(page, "survey results")
    screenshot(page, "results")
