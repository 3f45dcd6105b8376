"""bench/run works end to end at a tiny size (no timing assertions: machines here are noisy)."""

import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="bench/run needs the sqlite3 shell (.ci/run installs it)")
def test_bench_run_at_a_tiny_size(tmp_path):
    report = tmp_path / "BENCHMARKS.md"
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "run"), "--fraction", "0.003", "--report", str(report)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr + r.stdout
    text = report.read_text(encoding="utf-8")
    for figure in ("import", "--region", "whole country", "linearity", "first paint", "scroll step",
                   "peak memory, dashboard", "start-up"):
        assert figure in text, figure
    assert "| figure | value | floor | ratio | target |" in text
    assert "--import-runs 3" in text  # the import's best of three, ectui and sqlite3 in turns


def test_bench_run_refuses_no_import_runs(tmp_path):
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "run"), "--import-runs", "0", "--work", str(tmp_path)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "--import-runs must be at least 1" in r.stderr and not list(tmp_path.iterdir())
