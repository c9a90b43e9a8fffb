import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_settings(**env):
    """Import the settings in a fresh interpreter with exactly this environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ENV", "ALLOWED_HOSTS"}
    }
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s; print(s.DEBUG, s.TIME_ZONE, s.LANGUAGE_CODE)",
        ],
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
