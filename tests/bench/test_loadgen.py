"""The bench's load generators and statistics (no timing is asserted)."""

import threading

import pytest

from bench.loadgen import FlowError, parse_wrk, percentile, run_count, run_for

WRK_OUTPUT = """\
Running 8s test @ http://127.0.0.1:40383/read/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.31ms    4.10ms  80.20ms   91.00%
    Req/Sec   650.12     40.00   700.00     80.00%
  Latency Distribution
     50%   11.52ms
     75%   13.80ms
     90%   16.02ms
     99%    1.20s
  10400 requests in 8.00s, 1.90MB read
  Socket errors: connect 1, read 7, write 2, timeout 3
  Non-2xx or 3xx responses: 40
Requests/sec:   1300.00
Transfer/sec:    243.00KB
"""


def test_percentile_uses_the_nearest_rank():
    values = [40, 15, 50, 35, 20]

    assert percentile(values, 30) == 20
    assert percentile(values, 40) == 20
    assert percentile(values, 50) == 35
    assert percentile(values, 100) == 50


def test_percentile_p99_of_a_hundred_values_is_the_ninety_ninth():
    assert percentile(list(range(100, 0, -1)), 99) == 99


def test_percentile_of_nothing_is_none():
    assert percentile([], 50) is None


def test_percentile_outside_0_to_100_is_refused():
    with pytest.raises(ValueError, match=r"\(0, 100\]"):
        percentile([1, 2], 0)


def test_parse_wrk_reads_requests_latencies_and_errors():
    result = parse_wrk(WRK_OUTPUT)

    assert result.completed == 10360
    assert result.errors == 40 + 1 + 2 + 3  # read errors are closed connections, not failures
    assert result.seconds == 8.0
    assert result.p50_ms == 11.52
    assert result.p99_ms == 1200.0
    assert result.per_second == 1295.0


def test_parse_wrk_without_errors_counts_every_request():
    output = WRK_OUTPUT.replace("  Socket errors: connect 1, read 7, write 2, timeout 3\n", "")
    output = output.replace("  Non-2xx or 3xx responses: 40\n", "")

    result = parse_wrk(output)

    assert (result.completed, result.errors) == (10400, 0)


def test_parse_wrk_refuses_output_it_does_not_know():
    with pytest.raises(ValueError, match="unexpected wrk output"):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")


def test_run_count_runs_each_flow_once():
    seen, lock = [], threading.Lock()

    def flow(client, iteration):
        with lock:
            seen.append((client, iteration))

    result = run_count(flow, clients=4, total=50)

    assert (result.completed, result.errors) == (50, 0)
    assert len(set(seen)) == 50
    assert {client for client, _ in seen} <= {0, 1, 2, 3}


def test_run_count_counts_failed_flows_as_errors_with_samples():
    counter, lock = [0], threading.Lock()

    def flow(client, iteration):
        with lock:
            counter[0] += 1
            number = counter[0]
        if number % 2 == 0:
            raise FlowError("POST /anmalan/: 500")

    result = run_count(flow, clients=3, total=20)

    assert (result.completed, result.errors) == (10, 10)
    assert result.error_samples == ["FlowError: POST /anmalan/: 500"] * 5


def test_run_for_with_only_failures_completes_nothing():
    def flow(client, iteration):
        raise FlowError("GET /: 503")

    result = run_for(flow, clients=2, seconds=0.2)

    assert result.completed == 0
    assert result.errors > 0
    assert result.per_second == 0.0
    assert result.p50_ms is None
