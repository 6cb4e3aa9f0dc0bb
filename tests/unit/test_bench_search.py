"""The search benchmark runs in its quick mode and reports every figure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.benchmarks.bench_search import QUERIES

ROOT = Path(__file__).resolve().parents[2]


def test_the_search_benchmark_runs_and_reports_every_query() -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests/benchmarks/bench_search.py"), "--quick"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == [query for query, _ in QUERIES]
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[2].endswith(" ms") and cells[3].endswith(" ms")
        if cells[0] != "`zzzz`":
            assert int(cells[5]) > 0, row  # every query but the last finds something
    assert "slowest query:" in done.stdout
