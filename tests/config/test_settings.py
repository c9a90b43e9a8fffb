import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


MAKE = shutil.which("make")
SET_HERE = {"DEBUG", "SECRET_KEY", "DJANGO_ENV", "ALLOWED_HOSTS", "SITE_URL", "HOST", "PORT"}


def _load_settings(*, show="s.DEBUG, s.TIME_ZONE, s.LANGUAGE_CODE", **env):
    """Import the settings in a fresh interpreter with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if k not in SET_HERE}
    clean.update(env)
    return subprocess.run(  # noqa: S603 (this interpreter, our settings)
        [sys.executable, "-c", f"import config.settings as s; print({show})"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_settings_development_defaults_need_nothing():
    result = _load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "Europe/Stockholm", "sv"]


@pytest.mark.parametrize(
    ("env", "site_url"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8101"}, "http://127.0.0.1:8101"),
        ({"HOST": "localhost", "PORT": "8101"}, "http://localhost:8101"),
        ({"HOST": "::1", "PORT": "8101"}, "http://[::1]:8101"),
        ({"PORT": "8101", "SITE_URL": "https://anmalan.example.se/"}, "https://anmalan.example.se"),
    ],
)
def test_settings_site_url_follows_host_and_port_unless_set(env, site_url):
    result = _load_settings(show="s.SITE_URL", **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [site_url]


@pytest.mark.skipif(MAKE is None, reason="make is not installed")
def test_make_run_serves_and_links_on_its_port():
    result = subprocess.run(  # noqa: S603 (make, on the project's own Makefile)
        [MAKE, "--dry-run", "--always-make", "run", "PORT=8101"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )

    commands = [line for line in result.stdout.splitlines() if "manage.py" in line]
    assert [line.split("manage.py ")[1].split()[0] for line in commands] == [
        "migrate",
        "load_seeds",
        "load_demo_invoices",
        "db_worker",
        "runserver",
    ]
    for command in commands[1:]:
        assert "HOST=127.0.0.1 PORT=8101 " in command
    assert commands[-1].endswith("runserver 127.0.0.1:8101")


def test_settings_production_refuses_to_start_without_secret_key():
    result = _load_settings(DJANGO_ENV="production", ALLOWED_HOSTS="anmalan.example.se")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_settings_production_refuses_debug():
    result = _load_settings(
        DJANGO_ENV="production", DEBUG="1", SECRET_KEY="x" * 60, ALLOWED_HOSTS="anmalan.example.se"
    )
    assert result.returncode != 0
    assert "DEBUG must be off in production" in result.stderr


@pytest.mark.parametrize("debug", ["0", "false"])
def test_settings_debug_off_without_secret_key_refuses(debug):
    result = _load_settings(DEBUG=debug)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_settings_production_deploy_check_is_clean(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG"}}
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY="a-long-random-production-key-" + "k3J9x" * 10,
        ALLOWED_HOSTS="anmalan.example.se",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
