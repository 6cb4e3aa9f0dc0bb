"""A big case: the benchmark runs, and the statements a panel issues to fill do not grow
with the number of photos and locations (no query per row)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_bigcase_benchmark_runs_and_reports_every_figure(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests/benchmarks/bench_bigcase.py"), "--quick"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    for figure in ("window created and shown", "window shows the case",
                   "every panel filled in", "longest event-loop stall", "photos --json",
                   "photo browser", "map", "claims"):
        assert figure in done.stdout
    assert "500 photos, 5000 annotations" in done.stdout
