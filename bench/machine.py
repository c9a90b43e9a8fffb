"""What the figures were measured on."""

import os
import platform
import subprocess
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _first_line_starting(path, prefix):
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def _command_output(command):
    """The first line a command prints, or None when it fails."""
    try:
        finished = subprocess.run(  # noqa: S603 - fixed commands (wrk, git)
            command, capture_output=True, text=True, check=False, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = (finished.stdout or finished.stderr).strip().splitlines()
    return lines[0] if finished.returncode in (0, 1) and lines else None


def facts(postgres_version):
    memory_kb = _first_line_starting("/proc/meminfo", "MemTotal")
    try:
        usable_cores = len(os.sched_getaffinity(0))
    except AttributeError:
        usable_cores = os.cpu_count()
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu": _first_line_starting("/proc/cpuinfo", "model name") or platform.processor(),
        "cores": usable_cores,
        "ram_gb": round(int(memory_kb.split()[0]) / 1024 / 1024, 1) if memory_kb else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": postgres_version,
        "django": version("django"),
        "gunicorn": version("gunicorn"),
        "psycopg": version("psycopg"),
        "wrk": _command_output(["wrk", "--version"]),
        "load_average_1min": round(os.getloadavg()[0], 2),
        # BENCH_COMMIT names the commit when the tree is an export (git archive), not a clone.
        "commit": os.environ.get("BENCH_COMMIT")
        or _command_output(["git", "-C", str(BASE_DIR), "rev-parse", "--short", "HEAD"]),
    }
