"""Playwright drives Debian's Chromium against pytest-django's live server.

Needs /usr/bin/chromium (`apt-get install chromium`) and, for the accessibility
checks, axe-core in node_modules/ (`make browser-deps`); without them the tests
skip with the reason, or fail when BROWSER_TESTS_REQUIRED is set (as in CI).
Playwright's own browser download is never used.
"""

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from .support import AXE_PATH, DESKTOP, axe_violations, describe_violations, screenshot_path

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Without these Chromium keeps trying to reach the internet, which the machines lack.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000


def _unavailable(reason):
    if os.environ.get("BROWSER_TESTS_REQUIRED"):
        pytest.fail(f"{reason} (BROWSER_TESTS_REQUIRED is set)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser(tmp_path_factory):
    """One Chromium for the whole package; Playwright gives it a fresh profile directory."""
    if not CHROMIUM.exists():
        _unavailable(f"Chromium not found at {CHROMIUM}: apt-get install chromium (CI installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed: make install (requirements-dev.txt)")

    # Playwright's sync API keeps an asyncio loop running in this thread, which
    # makes Django refuse ORM calls from the tests; allow them while it runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                args=CHROMIUM_FLAGS,
                downloads_path=str(tmp_path_factory.mktemp("downloads")),
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def axe_source():
    if not AXE_PATH.exists():
        _unavailable(f"axe-core not found at {AXE_PATH}: run `make browser-deps` (npm ci)")
    return AXE_PATH.read_text(encoding="utf-8")


@pytest.fixture
def context(browser, live_server):
    """A fresh browser profile per test: no cookies, Swedish, desktop size."""
    browser_context = browser.new_context(
        base_url=live_server.url,
        viewport=DESKTOP,
        locale="sv-SE",
        timezone_id="Europe/Stockholm",
        reduced_motion="reduce",
        accept_downloads=True,
    )
    browser_context.set_default_timeout(TIMEOUT_MS)
    yield browser_context
    browser_context.close()


@pytest.fixture
def page(context, live_server):
    """A tab that fails the test on script errors, broken assets, third-party requests
    or anything the site's Content Security Policy blocks."""
    tab = context.new_page()
    problems = []

    def on_request(request):
        if not request.url.startswith((live_server.url, "data:", "blob:", "about:")):
            problems.append(f"third-party request: {request.url}")

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            kind = response.request.resource_type
            problems.append(f"{response.status} for {kind}: {response.url}")

    tab.on("request", on_request)
    tab.on("response", on_response)
    tab.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    tab.on(
        "console",
        lambda message: (
            problems.append(f"blocked by the Content Security Policy on {tab.url}: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield tab
    if problems:
        pytest.fail("The pages had problems:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def set_language(context, live_server):
    """Choose the language as the switcher does: with Django's language cookie."""

    def choose(language):
        cookie = {"name": "django_language", "value": language, "url": live_server.url}
        context.add_cookies([cookie])

    return choose


@pytest.fixture
def assert_accessible(axe_source):
    """Run axe-core on the page as it is now; fail listing every WCAG A/AA violation."""

    def check(page, where=""):
        violations = axe_violations(page, axe_source)
        width = page.viewport_size["width"]
        place = f"{page.url} ({where + ', ' if where else ''}{width} px wide)"
        assert violations == [], describe_violations(violations, place)

    return check


@pytest.fixture
def screenshot(request):
    """Keep a full-page screenshot under test-artifacts/screenshots/<test>-<width>.png."""

    def take(page, label=""):
        path = screenshot_path(request.node.name, page.viewport_size["width"], label)
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def immediate_tasks(settings):
    """Run background tasks (e-mail) at once, so the journey can read the sent mail."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def demo(settings):
    """Demo-like data: an organiser's upcoming event with a full programme, and more."""
    from .demo_data import build_demo

    # The real hasher takes a third of a second per password; these tests need none of that.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    return SimpleNamespace(**build_demo())
