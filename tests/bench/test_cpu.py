"""CPU accounting of the server's processes (Linux /proc)."""

import os
import subprocess
import sys
import time

import pytest

from bench.cpu import process_tree_cpu, used

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="needs Linux /proc")

BURN = "import time\nend = time.process_time() + 0.6\nwhile time.process_time() < end: pass"


def test_process_tree_cpu_counts_the_children_of_a_process():
    child = subprocess.Popen([sys.executable, "-c", BURN + "\ninput()"], stdin=subprocess.PIPE)  # noqa: S603
    give_up = time.monotonic() + 60
    try:
        after = process_tree_cpu(os.getpid())
        while after.get(child.pid, 0) < 0.5 and time.monotonic() < give_up:
            time.sleep(0.05)
            after = process_tree_cpu(os.getpid())
    finally:
        child.communicate(b"\n")

    assert {os.getpid(), child.pid} <= set(after)
    assert after[child.pid] >= 0.5


def test_used_counts_new_processes_whole_and_old_ones_by_difference():
    assert used({1: 2.0, 2: 1.0}, {1: 2.5, 3: 0.25}) == 0.75
