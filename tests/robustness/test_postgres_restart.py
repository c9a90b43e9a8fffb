"""PostgreSQL restarted in the middle of a signup burst: while it is away pages
answer the 503 page (never a 500), visitors who send the same form again get
their confirmation, every signup that got its "sent" page is in the database
once, and the app recovers without a restart of its own (CONN_HEALTH_CHECKS
replaces the dead persistent connections).

The test starts a private PostgreSQL server (initdb into a temporary folder,
its own port) and a gunicorn on it, so restarting that server disturbs no one
else's tests on the shared server.
"""

import threading
import time

import pytest

from tests.robustness.private_postgres import (
    AppServer,
    Browser,
    PrivatePostgres,
    missing_tools,
    signup_data,
)

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("postgres-connections")]

CLIENTS = 6
AFTER_SECONDS = 4.0  # the burst goes on at least this long after the restart
WAIT_SECONDS = 60  # at most, for signups to get through on a loaded machine
AFTER_RESTART = 10  # sequential signups that must all succeed
TRIES = 40  # a visitor who gets the 503 page tries again, a quarter of a second apart
PAUSE = 0.25


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


def wait_for(condition):
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)


def sign_up(base, slug, email, statuses):
    """The whole signup as a visitor does it: on the 503 page, Back and the same
    form sent again. The address that the "sent" page names, or None."""
    browser = Browser(base)
    path = f"/evenemang/{slug}/anmalan/"
    for _ in range(TRIES):
        status, _, form, _ = browser.open(path)
        statuses.append(status)
        if status != 503:
            break
        time.sleep(PAUSE)
    if status != 200:
        return None
    data = signup_data(form, email)
    for _ in range(TRIES):
        status, _, page, url = browser.open(path, data)
        statuses.append(status)
        if status != 503:
            break
        time.sleep(PAUSE)
    if status != 200 or not url.endswith("/anmalan/skickad/") or f"<li>{email}</li>" not in page:
        return None
    return email


def test_postgres_restart_during_a_signup_burst_is_a_pause_not_an_error(
    app_on_private_postgres,
):
    pg, app, slug = app_on_private_postgres
    confirmed, statuses = [], []
    lock = threading.Lock()
    stop = threading.Event()

    def client(number):
        attempt = 0
        while not stop.is_set():
            attempt += 1
            seen = []
            reference = sign_up(app.base, slug, f"c{number}-{attempt}@kinda.se", seen)
            with lock:
                confirmed.append(reference)
                statuses.extend(seen)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    try:
        wait_for(lambda: len(confirmed) >= CLIENTS)
        before_restart = len(confirmed)
        pg.restart()
        time.sleep(AFTER_SECONDS)
        wait_for(lambda: len(confirmed) >= before_restart + CLIENTS)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

    seen = []
    after = [sign_up(app.base, slug, f"after-{n}@kinda.se", seen) for n in range(AFTER_RESTART)]
    stored = [row[0] for row in pg.query("SELECT email FROM registrations_registration")]
    bookings = pg.query("SELECT count(*) FROM registrations_booking")

    log = app.log_text()[-3000:]
    assert before_restart > 0, log
    assert len(confirmed) > before_restart  # the burst went on after the restart
    assert None not in confirmed, log  # every visitor got to the "sent" page
    assert set(statuses) <= {200, 503}, log  # the pause page, never a server error
    assert sorted(set(confirmed) - set(stored)) == []  # every "sent" page is in the database
    assert len(stored) == len(set(stored)) == int(bookings[0][0])  # each once, one booking each
    assert (None in after, set(seen)) == (False, {200}), log
    assert set(after) <= set(stored)
