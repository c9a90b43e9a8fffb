"""Gunicorn servers for the bench: started the same way for Anmälan and for the
baseline, stopped for certain at the end (also when a measurement fails)."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# Gunicorn's defaults as a deployment would use them (README, "Deployment"),
# only the log quieter: an access log line per request would measure the log.
GUNICORN_OPTIONS = ["--worker-class", "sync", "--timeout", "30", "--log-level", "warning"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """``with Gunicorn("config.wsgi", env=..., workers=4) as server: server.url``"""

    def __init__(self, wsgi, *, env, workers, ready_path, log_path=None, port=None):
        self.wsgi = wsgi
        self.env = env
        self.workers = workers
        self.ready_path = ready_path
        self.log_path = log_path
        self.port = port or free_port()
        self.process = None
        self._log = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def command(self):
        return [
            str(BIN / "gunicorn"),
            self.wsgi,
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            *GUNICORN_OPTIONS,
        ]

    def __enter__(self):
        self._log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            self.command(),
            cwd=BASE_DIR,
            env=self.env,
            stdout=self._log,
            stderr=self._log,
            start_new_session=True,
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def _wait_until_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.wsgi} exited; see {self.log_path}")
            if self._answers():
                return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn {self.wsgi} did not answer within {timeout} s")

    def _answers(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", self.ready_path, headers={"X-Forwarded-Proto": "https"})
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()

    def stop(self):
        """Stop gunicorn and its workers: TERM (graceful), then KILL after 10 s."""
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
            except ProcessLookupError:
                pass
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()
            self._log = None
