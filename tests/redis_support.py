"""Redis for the tests: the local one (REDIS_URL, by default db 9 of
127.0.0.1:6379) for the cache, rate-limit and page-cache tests, and private
servers of their own for the tests that stop Redis.

Where Redis is missing those tests skip with the reason, or fail when
REDIS_TESTS_REQUIRED is set (as in CI). Each test process keeps its keys under
its own prefix and clears only those, so tests in parallel processes never see
each other's counts.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from config.cache import ResilientRedisCache

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/9"


def redis_url():
    return os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)


def unavailable(reason):
    if os.environ.get("REDIS_TESTS_REQUIRED"):
        pytest.fail(f"{reason} (REDIS_TESTS_REQUIRED is set)", pytrace=False)
    pytest.skip(reason)


def reachable(url):
    """Why Redis at ``url`` cannot be used, or ''."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        client.close()
    except redis.RedisError as error:
        return f"Redis not reachable at {url} ({error}): set REDIS_URL or start redis-server"
    return ""


class PrefixClearingRedisCache(ResilientRedisCache):
    """The site's Redis cache whose ``clear()`` removes only its own keys (its
    KEY_PREFIX), not the whole Redis database that parallel tests share."""

    def clear(self):
        def remove():
            client = self._cache.get_client(write=True)
            keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
            return True

        return self._attempt(remove, lambda: False)


def redis_cache_settings(url, **options):
    """A CACHES setting for Redis at ``url``, under a prefix of this process."""
    return {
        "default": {
            "BACKEND": "tests.redis_support.PrefixClearingRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1, **options},
        }
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server of our own on a free port, keeping nothing on disk, that
    a test may stop and start: ``with PrivateRedis() as r: r.url; r.stop(); r.start()``."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = Path(tempfile.mkdtemp(prefix="anmalan-redis-"))
        self.process = None

    @staticmethod
    def missing():
        """Why a private Redis cannot be started here, or ''."""
        if not shutil.which("redis-server"):
            return "redis-server not installed (apt-get install redis-server)"
        return ""

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 (Debian's redis-server, options we chose)
            [
                shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", str(self.dir),
            ],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if not reachable(self.url):
                return
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def client(self):
        import redis

        return redis.Redis.from_url(self.url)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        with contextlib.suppress(OSError):
            shutil.rmtree(self.dir)
