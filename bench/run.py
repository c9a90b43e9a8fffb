"""``make bench``: Anmälan under load, beside a bare Django baseline.

One run, a few minutes, on this machine:

1. recreates the PostgreSQL database named in BENCH_DATABASE_URL (its name must
   contain "bench"), migrates it, loads the demo data, collects static files;
2. serves Anmälan (production settings) and the bare baseline (bench/baseline/)
   with the same gunicorn command line, on loopback;
3. measures, each beside its baseline (bench/paired.py: the baseline half before
   and half after, CPU time per request on both sides): the demo conference's
   event page (wrk),
   complete signups (Python clients: form, POST, confirmation), a registration
   rush (500 signups for 50 seats, then counted in the database), exports of
   100,000 registrations (time and peak memory of the management command),
   and the event page with 1, 2 and 4 workers;
4. prints a Markdown table and writes bench/results.json.

Targets not met are reported, not failed; the exit status is 1 only when a
measurement could not be made or the rush's counts are wrong.
"""

import argparse
import contextlib
import csv
import itertools
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from . import loadgen, machine, paired, report
from .client import FIRST_CHOICE, Browser, sign_up
from .server import BASE_DIR, Gunicorn

PYTHON = sys.executable
RESULTS = Path(__file__).resolve().parent / "results.json"
LOG_DIR = Path(__file__).resolve().parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/anmalan_bench"
EVENT_SLUG = "aktuell-socialpolitik-2019"  # the demo conference, three days of programme
SIGNUP_SLUG = "aktuell-socialpolitik-2027"  # its upcoming edition: prices, workshops, questions
TARGETS = {
    "event_page": 0.50,
    "signup": 0.10,
    "lock_p99_ms": 5,
    "csv": {"seconds": 3, "peak_rss_mb": 150},
}


def arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8, help="measured seconds per run")
    parser.add_argument("--warmup", type=float, default=2, help="warm-up seconds per run")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--rush-signups", type=int, default=2000)
    parser.add_argument("--rush-seats", type=int, default=200)
    parser.add_argument("--rush-clients", type=int, default=64)
    parser.add_argument("--export-rows", type=int, default=100_000)
    parser.add_argument("--scaling", default="1,2,4", help="worker counts to compare")
    parser.add_argument("--output", default=str(RESULTS))
    return parser.parse_args(argv)


# --- preparation ----------------------------------------------------------------


def database_url():
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    name = urlsplit(url).path.lstrip("/")
    if urlsplit(url).scheme not in {"postgres", "postgresql"} or "bench" not in name:
        sys.exit(f"BENCH_DATABASE_URL must be a PostgreSQL database named *bench*: {url}")
    return url


def recreate_database(url):
    """Drop and create the bench database (through the server's ``postgres`` database)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return admin.execute("SHOW server_version").fetchone()[0]


def environments(url, static_root, lock_log):
    app = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_STATIC_ROOT": static_root,
        "BENCH_LOCK_LOG": lock_log,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": url,
        "EMAIL_URL": "dummymail://",
        # Behind one proxy, as deployed: limits per client address then count each
        # visitor by the address the proxy saw (X-Forwarded-For), not all as 127.0.0.1.
        "TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
    }
    return app, {**app, "DJANGO_SETTINGS_MODULE": "bench.baseline.settings"}


LOAD_SAMPLES = []


def step(message):
    """Say what is measured next, and note how busy the machine is."""
    LOAD_SAMPLES.append(round(os.getloadavg()[0], 2))
    print(f"== {message}", flush=True)


def manage(env, *args, capture=False):
    command = [PYTHON, "manage.py", *args]
    finished = subprocess.run(  # noqa: S603 - our own command line
        command, cwd=BASE_DIR, env=env, check=True, capture_output=capture, text=True
    )
    return finished.stdout


def python_module(env, module, *args):
    finished = subprocess.run(  # noqa: S603 - our own command line
        [PYTHON, "-m", module, *args],
        cwd=BASE_DIR,
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    if finished.returncode != 0:
        last_lines = " / ".join(finished.stderr.strip().splitlines()[-3:])
        raise RuntimeError(f"python -m {module} {' '.join(args)} failed: {last_lines}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def prepare(app_env, baseline_env, seats):
    step("migrate, load the demo data, collect static files")
    manage(app_env, "migrate", "--noinput", "-v0")
    manage(baseline_env, "migrate", "--noinput", "-v0")
    manage(app_env, "load_seeds", capture=True)
    manage(app_env, "collectstatic", "--noinput", "-v0")
    rush = python_module(app_env, "bench.setup_data", "rush", str(seats))
    pages = python_module(app_env, "bench.setup_data", "inspect", EVENT_SLUG, SIGNUP_SLUG)
    return rush, pages


# --- measurements -----------------------------------------------------------------


def measure_event_page(app, baseline, config):
    step(f"event page and the one-query baseline, {config.clients} clients")
    page = paired.Side(app, f"/evenemang/{EVENT_SLUG}/")
    found = paired.measure(
        page, paired.Side(baseline, "/read/"), config, target=TARGETS["event_page"]
    )
    return {"clients": config.clients, **found}


def person(prefix, number):
    first = ["Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Anders"][number % 8]
    return {
        "contact-first_name": first,
        "contact-last_name": "Bänkström",
        "contact-email": f"{prefix}-{number}@example.org",
        "contact-is_participant": "on",
        "participant-0-organisation": "Kinda kommun",
        "participant-0-role": "Socialsekreterare",
        "booking-consent": "on",
    }


INVOICE = {
    "booking-price_option": FIRST_CHOICE,
    "booking-invoice_organisation": "Kinda kommun",
    "booking-invoice_organisation_number": "212000-0514",
    "booking-invoice_address": "Box 1\n590 40 Kisa",
    "booking-invoice_reference": "IFO 4711",
}


def visitor_address(number):
    """An address of its own for each visitor, in 198.18.0.0/15 (set aside for
    benchmarks, RFC 2544)."""
    return f"198.{18 + number // 65536 % 2}.{number // 256 % 256}.{number % 256}"


def signup_flow(app, slug, prefix, extra=None):
    path = f"/evenemang/{slug}/anmalan/"
    numbers = itertools.count()  # a new e-mail address for every signup, warm-up included

    def flow(client, iteration):
        number = next(numbers)
        browser = Browser(app.url, address=visitor_address(number))
        sign_up(browser, path, {**person(prefix, number), **(extra or {})})

    return flow


def lock_times(lock_log, since):
    """p50/p99 of the event lock's hold time (ms) of the signups logged after ``since``."""
    with open(lock_log, encoding="ascii") as log:
        log.seek(since)
        values = [float(line) for line in log if line.strip()]
    if not values:
        return None
    p99 = loadgen.percentile(values, 99)
    return {
        "signups": len(values),
        "p50_ms": round(loadgen.percentile(values, 50), 2),
        "p99_ms": round(p99, 2),
        "target_p99_ms": TARGETS["lock_p99_ms"],
        "met": p99 < TARGETS["lock_p99_ms"],
    }


def log_size(path):
    return os.path.getsize(path) if os.path.exists(path) else 0


def measure_signups(app, baseline, config):
    step(f"complete signups and the one-INSERT baseline, {config.clients} clients")
    signups = paired.Side(app, flow=signup_flow(app, SIGNUP_SLUG, "signup", INVOICE))
    inserts = paired.Side(baseline, "/insert/", method="POST")
    since = log_size(config.lock_log)
    found = paired.measure(signups, inserts, config, target=TARGETS["signup"])
    return {"clients": config.clients, **found, "lock": lock_times(config.lock_log, since)}


def measure_rush(app, url, rush, config):
    total, clients = config.rush_signups, config.rush_clients
    step(f"rush: {total} signups for {rush['capacity']} seats, {clients} clients")
    flow = signup_flow(app, rush["slug"], "rush")
    since = log_size(config.lock_log)
    started = time.perf_counter()
    result = loadgen.run_count(flow, clients=clients, total=total)
    seconds = time.perf_counter() - started
    with psycopg.connect(url) as connection:
        counts = dict(
            connection.execute(
                "SELECT r.status, count(*) FROM registrations_registration r "
                "JOIN events_event e ON e.id = r.event_id WHERE e.slug = %s GROUP BY r.status",
                (rush["slug"],),
            ).fetchall()
        )
    seats = rush["capacity"]
    found = {
        "signups": total,
        "seats": seats,
        "clients": clients,
        "completed": result.completed,
        "errors": result.errors,
        "error_samples": result.error_samples,
        "confirmed": counts.pop("confirmed", 0),
        "waitlisted": counts.pop("waitlisted", 0),
        "other_statuses": counts,
        "seconds": round(seconds, 1),
        "signups_per_second": round(result.completed / seconds, 1),
        "p50_ms": round(result.p50_ms or 0, 1),
        "p99_ms": round(result.p99_ms or 0, 1),
        "lock": lock_times(config.lock_log, since),
    }
    found["met"] = (
        found["confirmed"] == seats
        and found["waitlisted"] == total - seats
        and not counts
        and result.errors == 0
        and result.completed == total
    )
    return found


def measure_export(app_env, config, work_dir):
    rows = config.export_rows
    step(f"export: {rows:,} registrations (bulk-created) to CSV and XLSX")
    created = python_module(app_env, "bench.setup_data", "bulk", str(rows))
    found = {"rows": created["rows"], "setup_seconds": created["seconds"]}
    for kind in ("csv", "xlsx"):
        output = Path(work_dir) / f"export.{kind}"
        command = [PYTHON, "manage.py", "export_registrations", created["slug"]]
        command += ["--format", kind, "--output", str(output)]
        measured = python_module(app_env, "bench.measure", "--", *command)
        item = {**measured, "bytes": output.stat().st_size if output.exists() else 0}
        if kind == "csv" and output.exists():
            with open(output, newline="", encoding="utf-8-sig") as exported:
                item["data_rows"] = sum(1 for _ in csv.reader(exported)) - 1
        target = TARGETS.get(kind)
        if target:
            item["target"] = target
            item["met"] = (
                measured["returncode"] == 0
                and measured["seconds"] < target["seconds"]
                and measured["peak_rss_mb"] < target["peak_rss_mb"]
                and item.get("data_rows") == rows
            )
        found[kind] = item
    return found


def measure_scaling(app_env, baseline_env, config):
    found = []
    for workers in [int(n) for n in config.scaling.split(",")]:
        step(f"event page with {workers} worker(s)")
        with serve(app_env, baseline_env, workers) as (app, baseline):
            page = paired.Side(app, f"/evenemang/{EVENT_SLUG}/")
            found.append(
                {
                    "workers": workers,
                    **paired.measure(page, paired.Side(baseline, "/read/"), config),
                }
            )
    return found


@contextlib.contextmanager
def serve(app_env, baseline_env, workers):
    app = Gunicorn(
        "config.wsgi",
        env=app_env,
        workers=workers,
        ready_path=f"/evenemang/{EVENT_SLUG}/",
        log_path=LOG_DIR / "gunicorn-app.log",
    )
    baseline = Gunicorn(
        "bench.baseline.wsgi",
        env=baseline_env,
        workers=workers,
        ready_path="/read/",
        log_path=LOG_DIR / "gunicorn-baseline.log",
    )
    with app, baseline:
        yield app, baseline


# --- the run ----------------------------------------------------------------------


def attempt(results, name, measurement, *args):
    """Run one measurement; a failure is recorded and the run goes on."""
    try:
        results[name] = measurement(*args)
    except Exception as error:  # one failed measurement must not lose the others
        traceback.print_exc()
        results[name] = {"error": f"{type(error).__name__}: {error}"}


def main(argv=None):
    config = arguments(sys.argv[1:] if argv is None else argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # servers stop in `finally`s
    url = config.database_url = database_url()
    started = time.perf_counter()
    step(f"recreate the database {urlsplit(url).path.lstrip('/')}")
    postgres = recreate_database(url)
    results = {"machine": machine.facts(postgres)}
    results["settings"] = {
        "workers": config.workers,
        "clients": config.clients,
        "measured_seconds": config.seconds,
        "warmup_seconds": config.warmup,
        "load_generator": "wrk" if loadgen.have_wrk() else "python",
        "gunicorn": "--worker-class sync --timeout 30 --log-level warning",
    }
    with tempfile.TemporaryDirectory(prefix="anmalan-bench-") as work_dir:
        config.lock_log = str(Path(work_dir) / "lock.log")
        app_env, baseline_env = environments(url, str(Path(work_dir) / "static"), config.lock_log)
        rush, results["pages"] = prepare(app_env, baseline_env, config.rush_seats)
        with serve(app_env, baseline_env, config.workers) as (app, baseline):
            attempt(results, "event_page", measure_event_page, app, baseline, config)
            attempt(results, "signup", measure_signups, app, baseline, config)
            attempt(results, "rush", measure_rush, app, url, rush, config)
        attempt(results, "workers", measure_scaling, app_env, baseline_env, config)
        attempt(results, "export", measure_export, app_env, config, work_dir)
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    results["machine"]["load_average_1min_during"] = LOAD_SAMPLES
    Path(config.output).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print()
    print(report.table(results))
    print()
    print("Machine:", report.machine_line(results["machine"]))
    print(report.load_line(results["machine"]))
    print(f"Whole run: {results['total_seconds']:.0f} s; figures in {config.output}")
    failed = [
        name for name, value in results.items() if isinstance(value, dict) and "error" in value
    ]
    if failed or not results.get("rush", {}).get("met"):
        print("Failed:", ", ".join(failed) or "the rush's counts", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
