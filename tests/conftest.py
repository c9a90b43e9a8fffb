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


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://... (see README)")
