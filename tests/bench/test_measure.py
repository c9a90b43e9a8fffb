"""Peak memory and time of a command, as the export benchmark measures them."""

import json
import subprocess
import sys

from bench.server import BASE_DIR

ALLOCATE_80_MB = "data = b'x' * (80 * 1024 * 1024)"


def measured(*command):
    finished = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.measure", "--", *command],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(finished.stdout)


def test_measure_reports_the_peak_memory_of_the_command():
    result = measured(sys.executable, "-c", ALLOCATE_80_MB)

    assert result["returncode"] == 0
    assert result["peak_rss_mb"] >= 80
    assert sorted(result) == ["cpu_seconds", "peak_rss_mb", "returncode", "seconds"]


def test_measure_reports_a_failing_command_by_its_exit_status():
    result = measured(sys.executable, "-c", "raise SystemExit(3)")

    assert result["returncode"] == 3
    assert result["peak_rss_mb"] < 80
