"""CPU time spent by the server and by PostgreSQL during a measurement.

Throughput depends on everything else the machine runs at the time; the CPU
time a request costs much less so. Both are recorded: CPU milliseconds per
request of the gunicorn processes and of the PostgreSQL backends serving them
(read from /proc; Linux only, and PostgreSQL on the same machine).
"""

import os
from pathlib import Path

import psycopg

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid):
    """``(parent pid, CPU seconds)`` of a process, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()  # after "pid (name)": state, ppid, ...
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def _all_processes():
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(entry.name)) is not None:
            found[int(entry.name)] = stat
    return found


def process_tree_cpu(root_pid):
    """CPU seconds of a process and its children, by pid."""
    processes = _all_processes()
    pids = {root_pid} | {pid for pid, (parent, _) in processes.items() if parent == root_pid}
    return {pid: processes[pid][1] for pid in pids if pid in processes}


def backends_cpu(database_url):
    """CPU seconds of the PostgreSQL backends connected to the database, by pid."""
    try:
        with psycopg.connect(database_url) as connection:
            pids = [
                row[0]
                for row in connection.execute(
                    "SELECT pid FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ]
    except psycopg.Error:
        return {}
    return {pid: stat[1] for pid in pids if (stat := _stat(pid)) is not None}


def used(before, after):
    """CPU seconds used between two snapshots (processes started since count whole)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


class CpuMeter:
    """``with CpuMeter(server_pid, database_url) as meter: ...`` (or ``start()``
    and ``stop()``); then ``meter.per_request(n)`` gives CPU ms per request."""

    def __init__(self, server_pid, database_url):
        self.server_pid = server_pid
        self.database_url = database_url
        self.server_seconds = self.database_seconds = 0.0

    def start(self):
        self._server = process_tree_cpu(self.server_pid)
        self._database = backends_cpu(self.database_url)

    def stop(self):
        self.server_seconds = used(self._server, process_tree_cpu(self.server_pid))
        self.database_seconds = used(self._database, backends_cpu(self.database_url))

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def per_request(self, requests):
        if not requests:
            return {"server_cpu_ms": None, "database_cpu_ms": None}
        return {
            "server_cpu_ms": round(self.server_seconds * 1000 / requests, 2),
            "database_cpu_ms": round(self.database_seconds * 1000 / requests, 2),
        }
