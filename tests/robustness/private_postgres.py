"""A private, throw-away PostgreSQL server and a gunicorn serving Anmälan on it,
for tests that restart the database under load without disturbing the shared
server other tests use.

``with PrivatePostgres() as pg: pg.url; pg.restart(); pg.stop(); pg.start(); pg.query(sql)``
``with AppServer(database_url=pg.url) as app: app.base``
``Browser(app.base).open(path, data)``, ``signup_data(form_html, email)``
"""

import contextlib
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
TOOLS = ("initdb", "pg_ctl", "createdb", "psql")


def missing_tools():
    """Why a private PostgreSQL cannot be started here, or ''."""
    absent = [tool for tool in TOOLS if not (PG_BIN / tool).exists() and not shutil.which(tool)]
    if absent:
        return f"PostgreSQL server tools not installed: {', '.join(absent)}"
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root without runuser: initdb refuses to run as root"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run initdb as"
    return ""


def _tool(name):
    path = PG_BIN / name
    return str(path) if path.exists() else shutil.which(name)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivatePostgres:
    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="anmalan-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/anmalan"

    def _run(self, *command, timeout=60):
        if os.geteuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        # Our own fixed commands: the PostgreSQL tools with paths we chose.
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=timeout)  # noqa: S603

    def __enter__(self):
        if os.geteuid() == 0:
            shutil.chown(self.dir, user="postgres", group="postgres")
        try:
            self._run(
                _tool("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--no-sync",
            )  # fmt: skip
            self._pg_ctl("start")
            self._run(_tool("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
                      "postgres", "anmalan")  # fmt: skip
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _pg_ctl(self, action, *options):
        server_options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=40"
        )
        self._run(
            _tool("pg_ctl"), action, "-D", str(self.data), "-l", str(self.log), "-w",
            "-t", "30", "-o", server_options, *options,
        )  # fmt: skip

    def stop(self):
        """Stop (disconnecting every client); the data stays for ``start()``."""
        self._pg_ctl("stop", "-m", "fast")

    def start(self):
        """Start again; returns when it accepts connections."""
        self._pg_ctl("start")

    def restart(self):
        """Stop (disconnecting every client) and start again; returns when it accepts
        connections."""
        self._pg_ctl("restart", "-m", "fast")

    def query(self, sql):
        """Rows of ``sql`` as lists of strings (psql, unaligned)."""
        result = self._run(
            _tool("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
            "-d", "anmalan", "-At", "-F", "\t", "-c", sql,
        )  # fmt: skip
        return [line.split("\t") for line in result.stdout.splitlines() if line]

    def __exit__(self, *exc):
        if self.data.exists():
            with contextlib.suppress(subprocess.SubprocessError):
                self._run(_tool("pg_ctl"), "stop", "-D", str(self.data), "-m", "immediate", "-w")
        shutil.rmtree(self.dir, ignore_errors=True)


class AppServer:
    """gunicorn serving config.wsgi against ``database_url`` on a free port;
    ``env`` adds to or overrides its environment (CACHE_URL, rate limits)."""

    def __init__(self, *, database_url, workers=2, threads=4, env=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.threads = threads
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in {"DJANGO_ENV"}},
            "DATABASE_URL": database_url,
            "DEBUG": "1",  # static files from the app, no collectstatic needed
            "RATELIMIT_ENABLE": "0",  # every request of the burst comes from 127.0.0.1
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "LOG_LEVEL": "WARNING",
            **(env or {}),
        }
        self.log = None
        self.process = None

    def manage(self, *args, timeout=120):
        return subprocess.run(  # noqa: S603 (this interpreter, our manage.py)
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def python(self, code, timeout=60):
        prelude = "import django; django.setup()\n"
        return subprocess.run(  # noqa: S603 (this interpreter, the test's own code)
            [sys.executable, "-c", prelude + code],
            cwd=ROOT,
            env={**self.env, "DJANGO_SETTINGS_MODULE": "config.settings"},
            check=True,
            capture_output=True,
            text=True,
            timeout=timeout,
        ).stdout

    def __enter__(self):
        self.log = tempfile.NamedTemporaryFile(prefix="anmalan-gunicorn-", suffix=".log")
        self.process = subprocess.Popen(  # noqa: S603 (this interpreter's gunicorn)
            [
                sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(self.workers),
                "--threads", str(self.threads), "--bind", f"127.0.0.1:{self.port}",
                "--timeout", "30",
            ],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                # Our own server on the loopback address.
                with urllib.request.urlopen(self.base + "/tillganglighet/", timeout=2):  # noqa: S310
                    return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log:
            self.log.close()

    def log_text(self):
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")


class Browser:
    """A visitor's browser: cookies kept between requests, redirects followed.
    ``open`` answers (status, headers, text, final url); status 0 when the
    server could not be reached at all."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def open(self, path, data=None):
        url = self.base + path
        encoded = urllib.parse.urlencode(data).encode() if data is not None else None
        # Our own server on the loopback address.
        request = urllib.request.Request(url, data=encoded, headers={"Referer": url})  # noqa: S310
        try:
            with self.opener.open(request, timeout=15) as response:
                return response.status, response.headers, response.read().decode(), response.url
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode(), url
        except (urllib.error.URLError, OSError):
            return 0, {}, "", url


def field(html, name):
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    return match.group(1) if match else ""


def signup_data(form, email):
    """What a browser sends for one participant, from the signup page ``form``."""
    return {
        "csrfmiddlewaretoken": field(form, "csrfmiddlewaretoken"),
        "booking-submission_key": field(form, "booking-submission_key"),
        "booking-consent": "on",
        "contact-first_name": "Karin",
        "contact-last_name": "Kontakt",
        "contact-email": email,
        "participant-TOTAL_FORMS": "1",
        "participant-INITIAL_FORMS": "0",
        "participant-MIN_NUM_FORMS": "1",
        "participant-MAX_NUM_FORMS": "20",
        "participant-0-first_name": "Karin",
        "participant-0-last_name": "Kontakt",
        "participant-0-email": email,
        "participant-0-organisation": "Kinda kommun",
    }
