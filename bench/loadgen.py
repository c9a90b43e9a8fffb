"""Load generators: wrk for plain throughput, Python threads for multi-step flows.

wrk (Debian's ``wrk`` package) drives single URLs: it is written in C and leaves
the CPU to the server, which matters on a small machine. Flows that need state
(a CSRF token from the form, a POST, the redirect) run in Python threads, each
a closed loop: one client does one flow at a time, as many clients as asked.
"""

import math
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field

# --- statistics ---------------------------------------------------------------


def percentile(values, p):
    """The p-th percentile by the nearest-rank method: the smallest value with at
    least p percent of the values at or below it. None for no values."""
    if not values:
        return None
    if not 0 < p <= 100:
        raise ValueError("p must be in (0, 100]")
    ordered = sorted(values)
    rank = math.ceil(p / 100 * len(ordered))
    return ordered[rank - 1]


@dataclass
class LoadResult:
    """What one measurement saw. Latencies in milliseconds."""

    completed: int  # successful requests or flows in the measured window
    errors: int
    seconds: float
    p50_ms: float | None
    p99_ms: float | None
    tool: str
    error_samples: list = field(default_factory=list)
    client_cpu_seconds: float | None = None

    @property
    def per_second(self):
        return self.completed / self.seconds if self.seconds else 0.0


# --- wrk ----------------------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
_LATENCY_LINE = re.compile(r"^\s*(50|75|90|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", re.M)
_REQUESTS = re.compile(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m),", re.M)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s*(\d+)")
_SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


def have_wrk():
    return shutil.which("wrk") is not None


def parse_wrk(output):
    """A LoadResult from ``wrk --latency`` output.

    Errors are non-2xx/3xx answers plus connect, write and timeout errors. Read
    errors are left out: gunicorn's sync workers close every connection after
    the response, which wrk may count as a read error on a connection it
    wanted to reuse, though the response was complete.
    """
    latencies = {int(p): float(v) * _UNITS_MS[unit] for p, v, unit in _LATENCY_LINE.findall(output)}
    match = _REQUESTS.search(output)
    if not match or 50 not in latencies:
        raise ValueError(f"unexpected wrk output:\n{output}")
    total = int(match.group(1))
    seconds = float(match.group(2)) * _UNITS_MS[match.group(3)] / 1000
    non_2xx = int(m.group(1)) if (m := _NON_2XX.search(output)) else 0
    socket = _SOCKET_ERRORS.search(output)
    hard_errors = 0
    if socket:
        connect, _read, write, timeout = (int(n) for n in socket.groups())
        hard_errors = connect + write + timeout
    return LoadResult(
        completed=total - non_2xx,
        errors=non_2xx + hard_errors,
        seconds=seconds,
        p50_ms=latencies.get(50),
        p99_ms=latencies.get(99),
        tool="wrk",
    )


POST_SCRIPT = 'wrk.method = "POST"\nwrk.body = ""\n'


def run_wrk(url, *, clients, seconds, threads=2, method="GET", headers=()):
    """Run wrk against one URL for ``seconds`` with ``clients`` connections."""
    seconds = max(1, round(seconds))  # wrk takes whole seconds
    command = ["wrk", f"-t{min(threads, clients)}", f"-c{clients}", f"-d{seconds}s", "--latency"]
    command += ["--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if method == "POST":
            script.write(POST_SCRIPT)
            script.flush()
            command += ["-s", script.name]
        command.append(url)
        finished = subprocess.run(  # noqa: S603 - our own command line
            command, capture_output=True, text=True, check=True, timeout=seconds + 30
        )
    return parse_wrk(finished.stdout)


# --- Python closed-loop clients -------------------------------------------------


class FlowError(Exception):
    """A flow did not end where it should (wrong status, form error, no answer)."""


def run_for(flow, *, clients, seconds, warmup=0.0, window=None):
    """Run ``flow(client_number, iteration)`` in ``clients`` threads, each in a
    closed loop, for ``warmup + seconds``; count the flows that finished in the
    last ``seconds``. A flow raises to fail.

    The clients run on from the warm-up into the measured window, so the window
    starts with flows in progress, as it ends (steady state at both ends).
    ``window``, if given, has ``start()`` and ``stop()``, called at the window's
    start and end (e.g. a CPU meter).
    """
    started = time.perf_counter()
    window_start = started + warmup
    deadline = window_start + seconds
    return _run(
        flow, clients, lambda: time.perf_counter() < deadline, window_start, deadline, window
    )


def run_count(flow, *, clients, total):
    """Run ``total`` flows in ``clients`` threads (a rush: all at once, then done)."""
    lock = threading.Lock()
    issued = [0]

    def more():
        with lock:
            if issued[0] >= total:
                return False
            issued[0] += 1
            return True

    return _run(flow, clients, more, time.perf_counter(), None)


def _sleep_until(moment):
    time.sleep(max(0.0, moment - time.perf_counter()))


def _run(flow, clients, more, window_start, deadline, window=None):
    lock = threading.Lock()
    latencies, errors, samples = [], [0], []
    cpu_before = time.process_time()

    def client(number):
        iteration = 0
        while more():
            begun = time.perf_counter()
            try:
                flow(number, iteration)
            except Exception as error:  # every failure of a flow is an error, whatever it is
                failed = True
                message = f"{type(error).__name__}: {error}"
            else:
                failed = False
            ended = time.perf_counter()
            iteration += 1
            if ended < window_start or (deadline is not None and ended > deadline):
                continue  # finished outside the measured window
            with lock:
                if failed:
                    errors[0] += 1
                    if len(samples) < 5:
                        samples.append(message[:300])
                else:
                    latencies.append((ended - begun) * 1000)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    if window is not None:
        _sleep_until(window_start)
        window.start()
        _sleep_until(deadline)
        window.stop()
    for thread in threads:
        thread.join()
    finished = time.perf_counter()
    seconds = (deadline if deadline is not None else finished) - window_start
    return LoadResult(
        completed=len(latencies),
        errors=errors[0],
        seconds=seconds,
        p50_ms=percentile(latencies, 50),
        p99_ms=percentile(latencies, 99),
        tool="python",
        error_samples=samples,
        client_cpu_seconds=time.process_time() - cpu_before,
    )
