"""The benchmark harness runs (a few seconds, small numbers). No timing is asserted: benchmarks
are run by hand and their figures published in docs/performance.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_benchmark(tmp_path, *extra):
    out = tmp_path / "figures.json"
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "fanout.py"), "--meetings", "2", "--people",
                             "3", "--seconds", "2", "--arrival", "0", "--json", str(out), *extra],
                            capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(out.read_text())


def test_the_app_benchmark_runs_and_delivers_everything(tmp_path):
    figures = run_benchmark(tmp_path, "--stalled")
    assert figures["mode"] == "meeting room app" and figures["sockets"] == 6
    assert figures["edits"] > 0 and figures["post_errors"] == 0
    assert figures["incomplete_deliveries"] == 0
    assert figures["renders_per_edit"] is not None


def test_the_bare_broadcast_baseline_runs(tmp_path):
    figures = run_benchmark(tmp_path, "--baseline")
    assert figures["mode"] == "bare websockets broadcast" and figures["incomplete_deliveries"] == 0
