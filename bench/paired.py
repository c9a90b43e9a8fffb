"""A measurement of Anmälan beside its baseline, in the same minute.

Order: the baseline for half its time, then Anmälan, then the baseline's other
half (B A B). When other work on the machine comes or goes during the
measurement, both sides see it alike, to first order. Beside the throughput,
each side's CPU time per request (gunicorn + PostgreSQL, from /proc) is kept:
it moves far less with the machine's load than throughput does.

The baseline's two halves are combined: requests and CPU time add up exactly;
its p50 is the mean of the halves' p50s and its p99 the higher of the two.
"""

from dataclasses import dataclass
from typing import Any

from . import loadgen
from .client import Browser
from .cpu import CpuMeter

HEADERS = ("X-Forwarded-Proto: https",)  # as behind the TLS proxy of a deployment


@dataclass
class Side:
    """What to measure on one server: a URL for wrk, or a flow for Python clients."""

    server: Any  # server.Gunicorn
    path: str = ""
    method: str = "GET"
    flow: Any = None  # flow(client, iteration) for loadgen.run_for

    def run(self, config, seconds, *, warmup=0.0):
        """One measurement of ``seconds`` after ``warmup``: (LoadResult, CpuMeter)."""
        meter = CpuMeter(self.server.process.pid, config.database_url)
        flow = self.flow or (None if loadgen.have_wrk() else self._one_request)
        if flow is not None:
            result = loadgen.run_for(
                flow, clients=config.clients, seconds=seconds, warmup=warmup, window=meter
            )
            return result, meter
        url = f"{self.server.url}{self.path}"
        if warmup:
            loadgen.run_wrk(url, clients=config.clients, seconds=warmup, headers=HEADERS)
        with meter:
            result = loadgen.run_wrk(
                url, clients=config.clients, seconds=seconds, method=self.method, headers=HEADERS
            )
        return result, meter

    def _one_request(self, client, iteration):
        """Without wrk: one request per iteration from a Python client."""
        status = Browser(self.server.url).request(self.method, self.path)[0]
        if status != 200:
            raise loadgen.FlowError(f"{self.method} {self.path}: {status}")


def combined(parts):
    """One side's figures from its measurements ``[(LoadResult, CpuMeter), ...]``."""
    results = [result for result, _ in parts]
    completed = sum(result.completed for result in results)
    seconds = sum(result.seconds for result in results)
    p50s = [result.p50_ms for result in results if result.p50_ms is not None]
    p99s = [result.p99_ms for result in results if result.p99_ms is not None]
    client_cpu = [r.client_cpu_seconds for r in results if r.client_cpu_seconds is not None]
    server_cpu = sum(meter.server_seconds for _, meter in parts)
    database_cpu = sum(meter.database_seconds for _, meter in parts)
    return {
        "per_second": round(completed / seconds, 1) if seconds else 0.0,
        "completed": completed,
        "errors": sum(result.errors for result in results),
        "seconds": round(seconds, 2),
        "p50_ms": round(sum(p50s) / len(p50s), 1) if p50s else None,
        "p99_ms": round(max(p99s), 1) if p99s else None,
        "tool": results[0].tool,
        "error_samples": [sample for result in results for sample in result.error_samples][:5],
        "client_cpu_seconds": round(sum(client_cpu), 2) if client_cpu else None,
        "server_cpu_ms": round(server_cpu * 1000 / completed, 2) if completed else None,
        "database_cpu_ms": round(database_cpu * 1000 / completed, 2) if completed else None,
    }


def _cpu_ms(figures):
    if figures.get("server_cpu_ms") is None:
        return None
    return figures["server_cpu_ms"] + figures["database_cpu_ms"]


def compare(app, baseline, target=None):
    """The throughput ratio, and beside it the ratio of CPU time per request
    (baseline's over Anmälan's)."""
    ratio = app["per_second"] / baseline["per_second"] if baseline["per_second"] else None
    app_cpu, baseline_cpu = _cpu_ms(app), _cpu_ms(baseline)
    section = {
        "app": app,
        "baseline": baseline,
        "ratio": None if ratio is None else round(ratio, 4),
        "cpu_ratio": round(baseline_cpu / app_cpu, 4) if app_cpu and baseline_cpu else None,
    }
    if target is not None:
        section["target"] = target
        section["met"] = ratio is not None and ratio >= target and app["errors"] == 0
    return section


def measure(app, baseline, config, *, target=None):
    """Anmälan (``app``, a Side) between two halves of its baseline (a Side)."""
    half = config.seconds / 2
    first = baseline.run(config, half, warmup=config.warmup)
    measured = app.run(config, config.seconds, warmup=config.warmup)
    second = baseline.run(config, half)
    return compare(combined([measured]), combined([first, second]), target)
