"""PostgreSQL restarted in the middle of a signup burst: every signup that got
its "sent" page is in the database afterwards, and the app recovers
without a restart of its own (CONN_HEALTH_CHECKS replaces the dead persistent
connections).

The test starts a private PostgreSQL server (initdb into a temporary folder,
its own port) and a gunicorn on it, so restarting that server disturbs no one
else's tests on the shared server.
"""

import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.robustness.private_postgres import AppServer, PrivatePostgres, missing_tools

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("postgres-connections")]

CLIENTS = 6
BURST_SECONDS = 6.0
RESTART_AFTER = 2.0
AFTER_RESTART = 10  # sequential signups that must all succeed


@pytest.fixture
def app_on_private_postgres(postgres_only):
    reason = missing_tools()
    if reason:
        pytest.skip(reason)
    with PrivatePostgres() as pg:
        app = AppServer(database_url=pg.url)
        app.manage("migrate", "--noinput")
        slug = app.python(
            "from tests.factories import EventFactory\n"
            "print(EventFactory(capacity=None, waiting_list=False).slug)"
        ).strip()
        with app:
            yield pg, app, slug


def _field(html, name):
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    return match.group(1) if match else ""


def sign_up(base, slug, email):
    """The whole signup as a browser does it; the address that the "sent" page
    names, or None when any step failed."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    url = f"{base}/evenemang/{slug}/anmalan/"
    try:
        with opener.open(url, timeout=15) as response:
            form = response.read().decode()
        data = {
            "csrfmiddlewaretoken": _field(form, "csrfmiddlewaretoken"),
            "booking-submission_key": _field(form, "booking-submission_key"),
            "booking-consent": "on",
            "contact-first_name": "Karin",
            "contact-last_name": "Kontakt",
            "contact-email": email,
            "participant-TOTAL_FORMS": "1",
            "participant-INITIAL_FORMS": "0",
            "participant-MIN_NUM_FORMS": "1",
            "participant-MAX_NUM_FORMS": "20",
            "participant-0-first_name": "Karin",
            "participant-0-last_name": "Kontakt",
            "participant-0-email": email,
            "participant-0-organisation": "Kinda kommun",
        }
        request = urllib.request.Request(  # noqa: S310 (our own server on the loopback address)
            url, data=urllib.parse.urlencode(data).encode(), headers={"Referer": url}
        )
        with opener.open(request, timeout=15) as response:
            page = response.read().decode()
            final_url = response.geturl()
    except (urllib.error.URLError, OSError):
        return None
    if not final_url.endswith("/anmalan/skickad/") or f"<li>{email}</li>" not in page:
        return None
    return email


def test_postgres_restart_during_a_signup_burst_loses_no_confirmed_signup(
    app_on_private_postgres,
):
    pg, app, slug = app_on_private_postgres
    confirmed, failed = [], []
    lock = threading.Lock()
    stop = threading.Event()

    def client(number):
        attempt = 0
        while not stop.is_set():
            attempt += 1
            reference = sign_up(app.base, slug, f"c{number}-{attempt}@kinda.se")
            with lock:
                (confirmed if reference else failed).append(reference)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(RESTART_AFTER)
        before_restart = len(confirmed)
        pg.restart()
        time.sleep(BURST_SECONDS - RESTART_AFTER)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

    after = [sign_up(app.base, slug, f"after-{n}@kinda.se") for n in range(AFTER_RESTART)]
    stored = {row[0] for row in pg.query("SELECT email FROM registrations_registration")}

    assert before_restart > 0, app.log_text()[-3000:]
    assert len(confirmed) > before_restart  # the burst went on after the restart
    assert sorted(set(confirmed) - stored) == []  # every "sent" page is in the database
    assert None not in after, app.log_text()[-3000:]
    assert set(after) <= stored
