"""Wall time and peak memory of one command.

``python -m bench.measure -- CMD ARGS...`` runs CMD as its only child and prints
one JSON line: ``{"seconds": ..., "cpu_seconds": ..., "peak_rss_mb": ...,
"returncode": ...}`` (CPU time: user + system, which other work on the machine
disturbs less than wall time).
A process of its own, because ``getrusage(RUSAGE_CHILDREN)`` reports the largest
child ever waited for: in the bench's own process that would be gunicorn's.
"""

import json
import resource
import subprocess
import sys
import time


def measure(command, **popen_options):
    """Run ``command``; return ``{seconds, cpu_seconds, peak_rss_mb, returncode}``.

    Call it in a process that has had no other children (see the module doc).
    """
    started = time.perf_counter()
    finished = subprocess.run(command, check=False, **popen_options)  # noqa: S603
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # ru_maxrss is in KiB on Linux
        "returncode": finished.returncode,
    }


def main(argv):
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        sys.exit("usage: python -m bench.measure -- COMMAND [ARGS...]")
    print(json.dumps(measure(argv, stdout=subprocess.DEVNULL)))


if __name__ == "__main__":
    main(sys.argv[1:])
