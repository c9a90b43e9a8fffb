"""The results table and the bench's own data helpers."""

from bench.report import load_line, lock_rows, rows
from bench.setup_data import _code

RESULTS = {
    "event_page": {
        "clients": 16,
        "app": {
            "per_second": 412.3,
            "p50_ms": 38.1,
            "p99_ms": 95.25,
            "errors": 0,
            "server_cpu_ms": 9.06,
            "database_cpu_ms": 0.84,
        },
        "baseline": {"per_second": 1650.0, "p50_ms": 9.6, "p99_ms": 21.0, "errors": 0},
        "ratio": 0.2499,
        "cpu_ratio": 0.1234,
        "target": 0.4,
        "met": False,
    },
    "rush": {
        "signups": 500,
        "seats": 50,
        "clients": 32,
        "confirmed": 50,
        "waitlisted": 450,
        "errors": 0,
        "seconds": 21.4,
        "met": True,
    },
    "export": {
        "rows": 100000,
        "csv": {
            "seconds": 3.21,
            "peak_rss_mb": 96.4,
            "cpu_seconds": 2.94,
            "target": {"seconds": 5, "peak_rss_mb": 150},
            "met": True,
        },
    },
    "workers": [
        {
            "workers": 1,
            "app": {"per_second": 120.0, "errors": 3},
            "baseline": {"per_second": 600.0, "errors": 0},
            "ratio": 0.2,
        }
    ],
}


def test_rows_show_each_measurement_beside_its_baseline_and_target():
    assert rows(RESULTS)[2:] == [
        "| Event page (demo conference, 16 clients) "
        "| 412 req/s; p50 38 ms, p99 95 ms; CPU 9.1 + 0.8 ms "
        "| 1,650 req/s; p50 10 ms, p99 21 ms "
        "| 25.0% (CPU 12.3%) | ≥ 40% | **no** |",
        "| Rush: 500 signups for 50 seats, 32 clients "
        "| 50 confirmed, 450 waitlisted, 0 errors, in 21.4 s | – | – | 50 / 450 / 0 | yes |",
        "| Export 100,000 registrations to CSV | 3.2 s, peak 96 MB; CPU 2.9 s | – | – "
        "| < 5 s, < 150 MB | yes |",
        "| Event page, 1 worker | 120 req/s; 3 errors | 600 req/s | 20.0% | – | – |",
    ]


def test_rows_of_a_failed_measurement_say_so():
    failed = {"signup": {"error": "RuntimeError: gunicorn config.wsgi exited | see the log"}}

    assert rows(failed)[2:] == [
        "| Complete signups | failed: RuntimeError: gunicorn config.wsgi exited / see the log "
        "| – | – | – | **no** |"
    ]


def test_code_gives_unique_references_in_the_reference_format():
    codes = [_code("R", n) for n in (0, 1, 31, 32, 33)]

    assert codes == ["RAAA-AAAA", "RAAA-AAAB", "RAAA-AAA9", "RAAA-AABA", "RAAA-AABB"]


def test_load_line_warns_when_the_machine_was_busy():
    busy = {"cores": 2, "load_average_1min_during": [0.4, 3.1, 1.2]}
    quiet = {"cores": 2, "load_average_1min_during": [0.2, 0.6]}

    assert load_line(busy) == (
        "Load average (1 min) during the run: 0.4–3.1 on 2 cores; the machine was busy: "
        "compare the CPU ratios rather than the throughput"
    )
    assert load_line(quiet) == "Load average (1 min) during the run: 0.2–0.6 on 2 cores"


def test_lock_times_reads_only_what_was_logged_since_and_reports_p50_and_p99(tmp_path):
    from bench.run import lock_times

    log = tmp_path / "lock.log"
    log.write_text("99.0\n")
    since = log.stat().st_size
    with log.open("a") as more:
        more.write("".join(f"{ms}\n" for ms in [1.0] * 98 + [2.0, 7.5]))

    found = lock_times(str(log), since)

    assert found == {
        "signups": 100,
        "p50_ms": 1.0,
        "p99_ms": 2.0,
        "target_p99_ms": 5,
        "met": True,
    }
    assert lock_times(str(log), log.stat().st_size) is None


def test_the_lock_row_shows_p50_p99_and_the_target():
    lock = {"signups": 120, "p50_ms": 0.8, "p99_ms": 6.25, "target_p99_ms": 5, "met": False}

    [line] = lock_rows({"rush": {"lock": lock}, "signup": {}})

    assert line == (
        "| Event lock held per signup, the rush (120 signups) | p50 0.80 ms, p99 6.25 ms "
        "| – | – | p99 < 5 ms | **no** |"
    )
