"""Two app servers, one database, one Redis: what "Growing past one machine" in
the README promises, tried with two gunicorn servers on two ports against the
same PostgreSQL (a private one) and the same Redis (a private one). A signup rush
across both never overbooks, a page cached by one shows at once a signup made
through the other, and the rate limit counts the requests to both."""

import threading

import pytest
from django.db import connection

from tests.redis_support import PrivateRedis, unavailable
from tests.robustness.private_postgres import (
    AppServer,
    Browser,
    PrivatePostgres,
    field,
    missing_tools,
    signup_data,
)

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("postgres-connections")]

CAPACITY = 20
SIGNUPS = 60
CLIENTS_PER_SERVER = 5  # 2 servers x 2 workers x 4 threads: at most 16 connections
RESEND_LIMIT = 4


@pytest.fixture(scope="module")
def two_servers():
    """Started once for the module's tests, which use their own events and limits."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://... (see README)")
    reason = missing_tools() or PrivateRedis.missing()
    if reason:
        unavailable(reason)
    with PrivatePostgres() as pg, PrivateRedis() as cache:
        env = {
            "CACHE_URL": cache.url,
            "RATELIMIT_ENABLE": "1",
            "RATELIMIT_SIGNUP": "100000/m",  # the rush all comes from 127.0.0.1
            "RATELIMIT_RESEND_LINK": f"{RESEND_LIMIT}/m",
        }
        first = AppServer(database_url=pg.url, env=env)
        second = AppServer(database_url=pg.url, env=env)
        first.manage("migrate", "--noinput")
        slugs = first.python(
            "from tests.factories import EventFactory\n"
            f"print(EventFactory(slug='rusning', capacity={CAPACITY}, waiting_list=True).slug)\n"
            "print(EventFactory(slug='seminarium', capacity=10).slug)"
        ).split()
        assert slugs == ["rusning", "seminarium"]
        with first, second:
            yield pg, cache, first, second


def sign_up(server, slug, email):
    browser = Browser(server.base)
    status, _, form, _ = browser.open(f"/evenemang/{slug}/anmalan/")
    if status != 200:
        return f"form {status}"
    status, _, page, url = browser.open(f"/evenemang/{slug}/anmalan/", signup_data(form, email))
    if status != 200 or not url.endswith("/anmalan/skickad/") or f"<li>{email}</li>" not in page:
        return f"signup {status}"
    return "sent"


def test_two_servers_signup_rush_confirms_exactly_the_capacity(two_servers):
    pg, _, first, second = two_servers
    outcomes = []
    lock = threading.Lock()
    numbers = iter(range(SIGNUPS))

    def client(server):
        while True:
            with lock:
                number = next(numbers, None)
            if number is None:
                return
            outcome = sign_up(server, "rusning", f"r{number}@kinda.se")
            with lock:
                outcomes.append(outcome)

    threads = [
        threading.Thread(target=client, args=(server,))
        for server in (first, second)
        for _ in range(CLIENTS_PER_SERVER)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    counts = dict(
        pg.query(
            "SELECT r.status, count(*) FROM registrations_registration r"
            " JOIN events_event e ON e.id = r.event_id WHERE e.slug = 'rusning' GROUP BY r.status"
        )
    )
    assert outcomes == ["sent"] * SIGNUPS, first.log_text()[-2000:] + second.log_text()[-2000:]
    assert counts == {"confirmed": str(CAPACITY), "waitlisted": str(SIGNUPS - CAPACITY)}


def test_two_servers_page_cached_by_one_shows_a_signup_through_the_other(two_servers):
    _, cache, first, second = two_servers
    visitor = Browser(first.base)
    assert "10 platser kvar" in visitor.open("/evenemang/seminarium/")[2]
    shared = cache.client()
    assert len(list(shared.scan_iter(match="*event-page*"))) == 1  # the page, in Redis
    assert "10 platser kvar" in Browser(second.base).open("/evenemang/seminarium/")[2]

    assert sign_up(second, "seminarium", "anna@kinda.se") == "sent"

    assert "9 platser kvar" in visitor.open("/evenemang/seminarium/")[2]


def test_two_servers_rate_limit_counts_requests_to_both(two_servers):
    _, _, first, second = two_servers
    browsers = {server: Browser(server.base) for server in (first, second)}

    def resend(server):
        browser = browsers[server]
        _, _, page, _ = browser.open("/evenemang/seminarium/skicka-lank/")
        data = {"csrfmiddlewaretoken": field(page, "csrfmiddlewaretoken"), "email": "a@kinda.se"}
        return browser.open("/evenemang/seminarium/skicka-lank/", data)[0]

    statuses = [resend(server) for server in (first, second) * (RESEND_LIMIT // 2)]
    over = [resend(first), resend(second)]

    assert (statuses, over) == ([200] * RESEND_LIMIT, [429, 429])


def test_two_servers_both_report_healthy(two_servers):
    _, _, first, second = two_servers

    assert [Browser(server.base).open("/healthz")[:1] for server in (first, second)] == [
        (200,),
        (200,),
    ]
