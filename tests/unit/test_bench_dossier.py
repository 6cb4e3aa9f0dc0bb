"""The dossier benchmark runs and reports every figure (``--quick``; timings not asserted)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_benchmark_quick_mode_reports_its_figures(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_dossier", "--quick",
                           "--photos-dir", str(tmp_path / "photos")], capture_output=True,
                          text=True, timeout=600, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    events = int(re.search(r"audit events: (\d+)", out).group(1))  # type: ignore[union-attr]
    assert events > 900  # 300 rows and 600 annotations, an event each: more than printed
    for figure in ("verify before the export", "floor (decode+downscale once",
                   "dossier build:", "dossier size:"):
        assert figure in out, f"{figure!r} missing from:\n{out}"
