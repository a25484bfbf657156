"""The benchmark harness runs (a few seconds, small numbers). No timing is asserted: benchmarks
are run by hand and their figures published in docs/performance.md."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_benchmark(tmp_path, *extra):
    out = tmp_path / "figures.json"
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "fanout.py"), "--meetings", "2", "--people",
                             "3", "--seconds", "2", "--arrival", "0", "--settle", "0", "--json", str(out), *extra],
                            capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(out.read_text())


def test_the_app_benchmark_runs_and_delivers_everything_and_reports_minute_by_minute(tmp_path):
    """Issue 28, point 4: a long run (a soak) shows growth minute by minute ("minutes" of one
    second here, so that the smoke run stays short)."""
    figures = run_benchmark(tmp_path, "--stalled", "--seconds", "3", "--minute", "1")
    assert figures["mode"] == "meeting room app" and figures["sockets"] == 6
    assert figures["edits"] > 0 and figures["post_errors"] == 0
    assert figures["incomplete_deliveries"] == 0
    assert figures["renders_per_edit"] is not None
    rows = figures["per_minute"]
    assert [row["minute"] for row in rows][:3] == [1, 2, 3]
    assert sum(row["edits"] for row in rows) == figures["edits"]
    assert all(row["server_cpu_ms_per_edit"] > 0 for row in rows if row["edits"])
    assert figures["deliveries_over_100_ms"] == sum(row["over_100_ms"] for row in rows)


def test_the_bare_broadcast_baseline_runs(tmp_path):
    figures = run_benchmark(tmp_path, "--baseline", "--seed", "5")
    assert figures["mode"] == "bare websockets broadcast" and figures["incomplete_deliveries"] == 0
    assert figures["seed"] == 5 and figures["busiest_40_ms"] >= 1


def test_the_meetings_phases_are_seeded_so_that_servers_meet_the_same_bursts():
    spec = importlib.util.spec_from_file_location("fanout_for_test", ROOT / "benchmarks" / "fanout.py")
    fanout = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = fanout  # (its dataclasses look their module up there)
    try:
        spec.loader.exec_module(fanout)
    finally:
        del sys.modules[spec.name]
    fanout.SEED = 7
    first = fanout.phases(100, 2.0)
    assert first == fanout.phases(100, 2.0) and all(0 <= p < 0.5 for p in first)
    # 100 meetings in half a second: some 40 ms window holds at least the average, 8.
    assert 8 <= fanout.busiest(100, 2.0) <= 100
    fanout.SEED = 8
    assert fanout.phases(100, 2.0) != first


def test_the_floor_of_the_stack_runs(tmp_path):
    """`--floor`: the same form posts and sockets, served by a Starlette app that only writes
    each post's frame to the meeting's sockets (what target 1 of issue 28 is read against)."""
    figures = run_benchmark(tmp_path, "--floor")
    assert figures["mode"] == "floor: form post and frames" and figures["sockets"] == 6
    assert figures["edits"] > 0 and figures["post_errors"] == 0 and figures["posts_unanswered"] == 0
    assert figures["incomplete_deliveries"] == 0  # (its CPU can round to 0 in so short a run: 10 ms ticks)


def test_the_writer_and_readers_load_runs(tmp_path):
    figures = run_benchmark(tmp_path, "--writer-readers", "3", "--writers", "2")
    assert figures["mode"] == "writer and readers" and figures["readers"] == 3
    assert figures["edits"] > 0 and figures["post_errors"] == 0 and figures["posts_unanswered"] == 0
    assert figures["incomplete_deliveries"] == 0
    assert figures["reader_ms_p99"] >= figures["reader_ms_p50"] > 0 and figures["writer_answer_ms_p50"] > 0


def test_the_capacity_search_raises_the_rate_and_stops_at_a_failure(tmp_path):
    held = run_benchmark(tmp_path, "--find-capacity", "--start-rate", "4", "--max-rate", "8",
                         "--bisect", "0")
    assert held["mode"] == "find capacity" and [s["total_rate"] for s in held["steps"]] == [4.0, 8.0]
    assert all(s["incomplete_deliveries"] == 0 and s["edits"] > 0 for s in held["steps"])
    # A p99 no run can keep: the first step fails, so nothing held and the search stops there.
    failed = run_benchmark(tmp_path, "--find-capacity", "--start-rate", "4", "--target-ms",
                           "0.001", "--bisect", "1")
    assert failed["capacity_edits_per_second"] == 0 and failed["lowest_failing_edits_per_second"] == 2.0
    assert [(s["total_rate"], s["held"]) for s in failed["steps"]] == [(4.0, False), (2.0, False)]  # then halved


def test_the_benchmark_makes_pdfs_alongside_the_live_load(tmp_path):
    pytest.importorskip("weasyprint")
    figures = run_benchmark(tmp_path, "--pdfs", "1", "--pdf-items", "3")
    assert figures["pdfs_made"] > 0 and figures["incomplete_deliveries"] == 0 and figures["post_errors"] == 0


def test_each_meeting_pinned_to_one_of_two_processes(tmp_path, pg_url):
    """`--affinity`: two app processes on one PostgreSQL database, each meeting's people on one
    of them (as a proxy with meeting affinity would): each edit drawn once, not once a process."""
    figures = run_benchmark(tmp_path, "--workers", "2", "--affinity", "--database-url", pg_url)
    assert figures["edits"] > 0 and figures["post_errors"] == 0 and figures["incomplete_deliveries"] == 0
    assert figures["renders_per_edit"] is not None
    assert figures["postgresql_checkpoint_before"] is True  # no timed checkpoint inside some runs only


def test_the_capacity_search_with_two_pinned_processes(tmp_path, pg_url):
    """Issue 28, point 3: the capacity of one process and of two is found the same way."""
    found = run_benchmark(tmp_path, "--find-capacity", "--workers", "2", "--affinity", "--database-url", pg_url,
                          "--start-rate", "4", "--max-rate", "4", "--bisect", "0", "--seconds", "1")
    assert found["pinned_by_meeting"] and found["app_processes"] == 2
    assert [(s["total_rate"], s["incomplete_deliveries"]) for s in found["steps"]] == [(4.0, 0)]
    assert found["steps"][0]["edits"] > 0 and found["steps"][0]["refused_or_unanswered"] == 0
