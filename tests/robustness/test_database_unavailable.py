"""PostgreSQL stopped under a running gunicorn: every page answers the Swedish
503 page with Retry-After (never a 500), /healthz answers 503, and once the
database is back, sending the same form again registers once and shows the
confirmation. The test stops a private PostgreSQL of its own
(tests/robustness/private_postgres.py), not the shared one."""

import pytest

from tests.robustness.private_postgres import (
    AppServer,
    Browser,
    PrivatePostgres,
    missing_tools,
    signup_data,
)

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("postgres-connections")]


@pytest.fixture
def app_on_private_postgres(postgres_only):
    reason = missing_tools()
    if reason:
        pytest.skip(reason)
    with PrivatePostgres() as pg:
        app = AppServer(database_url=pg.url, workers=1, threads=2)
        app.manage("migrate", "--noinput")
        slug = app.python(
            "from tests.factories import EventFactory\n"
            "print(EventFactory(capacity=None, waiting_list=False).slug)"
        ).strip()
        with app:
            yield pg, app, slug


def signup_form(browser, slug, email):
    status, _, form, _ = browser.open(f"/evenemang/{slug}/anmalan/")
    assert status == 200
    return signup_data(form, email)


def assert_pause_page(answer):
    status, headers, text, _ = answer
    assert (status, headers["Retry-After"]) == (503, "5"), text[-2000:]
    assert "<h1>En kort paus</h1>" in text
    assert "Försök igen om en liten stund." in text


def test_database_stopped_pages_answer_503_and_the_same_form_sent_again_registers_once(
    app_on_private_postgres,
):
    pg, app, slug = app_on_private_postgres
    browser = Browser(app.base)
    form = signup_form(browser, slug, "anna@kinda.se")
    assert browser.open("/healthz")[0] == 200

    pg.stop()
    try:
        assert_pause_page(browser.open(f"/evenemang/{slug}/"))
        assert_pause_page(browser.open(f"/evenemang/{slug}/anmalan/", form))
        health = browser.open("/healthz")
        assert (health[0], health[2]) == (503, "unavailable\n")
    finally:
        pg.start()

    sent = browser.open(f"/evenemang/{slug}/anmalan/", form)
    again = browser.open(f"/evenemang/{slug}/anmalan/", form)  # Back, and send once more

    for status, _, text, url in (sent, again):
        assert (status, url.endswith("/anmalan/skickad/")) == (200, True), text[-2000:]
        assert "<li>anna@kinda.se</li>" in text
    assert pg.query("SELECT email FROM registrations_registration") == [["anna@kinda.se"]]
    assert browser.open("/healthz")[0] == 200
    assert "Internal Server Error" not in app.log_text()
