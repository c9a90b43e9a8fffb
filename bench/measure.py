"""Wall time and peak memory of one command.

``python -m bench.measure -- CMD ARGS...`` runs CMD as its only child and prints
one JSON line: ``{"seconds": ..., "peak_rss_mb": ..., "returncode": ...}``.
A process of its own, because ``getrusage(RUSAGE_CHILDREN)`` reports the largest
child ever waited for: in the bench's own process that would be gunicorn's.
"""

import json
import resource
import subprocess
import sys
import time


def measure(command, **popen_options):
    """Run ``command``; return ``(seconds, peak RSS in MB, returncode)``.

    Call it in a process that has had no other children (see the module doc).
    """
    started = time.perf_counter()
    finished = subprocess.run(command, check=False, **popen_options)  # noqa: S603
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    return seconds, peak_kb / 1024, finished.returncode


def main(argv):
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        sys.exit("usage: python -m bench.measure -- COMMAND [ARGS...]")
    seconds, peak_mb, returncode = measure(argv, stdout=subprocess.DEVNULL)
    result = {"seconds": round(seconds, 3), "peak_rss_mb": round(peak_mb, 1)}
    print(json.dumps({**result, "returncode": returncode}))


if __name__ == "__main__":
    main(sys.argv[1:])
