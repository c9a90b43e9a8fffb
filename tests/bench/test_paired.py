"""Combining the halves of a baseline, and comparing the two sides."""

from dataclasses import dataclass

from bench.loadgen import LoadResult, run_for
from bench.paired import combined, compare


@dataclass
class Meter:
    server_seconds: float
    database_seconds: float


def result(completed, seconds, p50, p99, errors=0, samples=()):
    return LoadResult(completed, errors, seconds, p50, p99, "wrk", list(samples))


def test_combined_adds_requests_and_cpu_and_keeps_the_worse_p99():
    first = (result(4000, 4.0, 10.0, 30.0), Meter(3.2, 0.4))
    second = (result(2000, 4.0, 14.0, 50.0, errors=2, samples=["x"]), Meter(2.8, 0.2))

    figures = combined([first, second])

    assert figures == {
        "per_second": 750.0,
        "completed": 6000,
        "errors": 2,
        "seconds": 8.0,
        "p50_ms": 12.0,
        "p99_ms": 50.0,
        "tool": "wrk",
        "error_samples": ["x"],
        "client_cpu_seconds": None,
        "server_cpu_ms": 1.0,
        "database_cpu_ms": 0.1,
    }


def test_combined_of_nothing_completed_has_no_cpu_per_request():
    figures = combined([(result(0, 8.0, None, None, errors=5), Meter(1.0, 0.1))])

    assert (figures["per_second"], figures["server_cpu_ms"], figures["p50_ms"]) == (0.0, None, None)


def test_compare_gives_both_ratios_and_whether_the_target_is_met():
    app = {"per_second": 50.0, "errors": 0, "server_cpu_ms": 15.0, "database_cpu_ms": 3.0}
    baseline = {"per_second": 1000.0, "errors": 0, "server_cpu_ms": 0.8, "database_cpu_ms": 0.1}

    section = compare(app, baseline, target=0.4)

    assert (section["ratio"], section["cpu_ratio"], section["met"]) == (0.05, 0.05, False)


def test_compare_with_errors_does_not_meet_the_target():
    app = {"per_second": 900.0, "errors": 1, "server_cpu_ms": None}
    baseline = {"per_second": 1000.0, "errors": 0, "server_cpu_ms": None}

    section = compare(app, baseline, target=0.4)

    assert (section["ratio"], section["cpu_ratio"], section["met"]) == (0.9, None, False)


def test_run_for_opens_and_closes_the_window_once_in_order():
    calls = []

    class Window:
        def start(self):
            calls.append("start")

        def stop(self):
            calls.append("stop")

    run_for(lambda client, iteration: None, clients=2, seconds=0.1, warmup=0.05, window=Window())

    assert calls == ["start", "stop"]
