import fcntl
import tempfile
from pathlib import Path

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _one_test_of_a_group_at_a_time(request):
    """Tests marked ``xdist_group(name)`` share something outside the process (a
    Redis queue, PostgreSQL's connection slots): only one of each group runs at a
    time on this machine, whether in the workers of one run or in two runs side by
    side. pytest-xdist's own ``--dist loadgroup`` no longer keeps a group on one
    worker with pytest 9 (it renames node ids that pytest no longer reads), so a
    lock file in the machine's temporary folder does it."""
    marker = request.node.get_closest_marker("xdist_group")
    if marker is None:
        yield
        return
    name = marker.args[0] if marker.args else marker.kwargs.get("name", "default")
    lock_path = Path(tempfile.gettempdir()) / f"anmalan-tests-{name}.lock"
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


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


def _use_redis(settings):
    from django.core.cache import cache

    from tests.redis_support import reachable, redis_cache_settings, redis_url, unavailable

    url = redis_url()
    reason = reachable(url)
    if reason:
        unavailable(reason)
    settings.CACHES = redis_cache_settings(url)
    cache.clear()


@pytest.fixture
def redis_cache(settings):
    """The default cache on the local Redis (tests/redis_support.py); skips without it."""
    from django.core.cache import cache

    _use_redis(settings)
    yield cache
    cache.clear()


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings):
    """Runs a test with the local-memory cache and once more on Redis (skipped
    with the reason where Redis is missing)."""
    from django.core.cache import cache

    if request.param == "redis":
        _use_redis(settings)
    yield request.param
    cache.clear()


@pytest.fixture
def committed(settings, django_capture_on_commit_callbacks):
    """Make a request whose transaction commits; each e-mail task then runs at once.

    (tests/messaging has its own ``committed``, for calling a service.)"""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    def call(request, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(*args, **kwargs)

    return call


@pytest.fixture
def rendered():
    """The names of the templates rendered while the test runs (clear it to start over)."""
    from django.test.signals import template_rendered

    names = []

    def listen(sender, template, **kwargs):
        names.append(template.name)

    template_rendered.connect(listen)
    yield names
    template_rendered.disconnect(listen)
