import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _swedish_and_local_media(settings, tmp_path):
    """Every test starts in Swedish, with uploads in a temporary folder."""
    from django.utils import translation

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with translation.override("sv"):
        yield


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings):
    """Tests post many forms from one address: the limits are tested on their
    own in tests/security/test_rate_limits.py. The counts start at zero."""
    from django.core.cache import cache

    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "100000/m")
    cache.clear()


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://... (see README)")
