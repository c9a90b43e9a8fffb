"""The bare baseline, served by gunicorn the way the bench serves it."""

import os
import subprocess
import sys

import pytest

from bench.client import Browser
from bench.server import BASE_DIR, Gunicorn


@pytest.fixture
def baseline_env(tmp_path):
    """The baseline on a SQLite file of its own, migrated (it needs no test database)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.baseline.settings",
        "SECRET_KEY": "not-secret-for-the-baseline-test",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'baseline.sqlite3'}",
    }
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, env=env, check=True
    )
    return env


def test_baseline_answers_one_select_and_one_insert_through_gunicorn(baseline_env, tmp_path):
    server = Gunicorn(
        "bench.baseline.wsgi",
        env=baseline_env,
        workers=1,
        ready_path="/read/",
        log_path=tmp_path / "gunicorn.log",
    )
    with server:
        browser = Browser(server.url, behind_tls=False)
        read = browser.get("/read/")
        inserted = browser.request("POST", "/insert/")
        again = browser.request("POST", "/insert/")
        wrong_method = browser.get("/insert/")

    assert (read[0], read[2]) == (200, "baseline")
    assert (inserted[0], inserted[2]) == (200, "2")
    assert (again[0], again[2]) == (200, "3")
    assert wrong_method[0] == 405
    assert server.process.poll() is not None  # stopped with its workers
