"""Every benchmark runs in its quick mode and reports every figure (never the times: the
machines tests run on are shared; tests/benchmarks/README.md has the measured figures)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "tests" / "benchmarks"

# benchmark -> (arguments of its quick mode, the start of every line it must print)
QUICK: dict[str, tuple[list[str], list[str]]] = {
    "bench_load.py": (["--quick"], [
        "document: 40 photos", "floor (hash + copy every photo", "load:",
        "load CPU time", "verify:", "verify memory:", "verify runs"]),
    "bench_import.py": (["--quick"], [
        "files: 6", "photos: 3 of 1200x900", "floor (read + sha256 + copy with fsync",
        "floor + one reduced decode", "import (workers", "ratio import/floor",
        "fragment add (new process)", "CPU time"]),
    "bench_basemap.py": (["--quick"], [
        "basemap ", "  floor (read + json.loads)", "  decode_topojson"]),
    "bench_browser.py": (["--quick"], [
        "list_photos() query", "model.set_photos()", "sort by name", "sort by date taken",
        "filter 'nikon'", "data() for every row", "scroll ", "per painted page"]),
    "bench_dossier.py": (["--quick"], [
        "audit events:", "verify before the export", "floor (decode+downscale once",
        "dossier build, median", "ratio of medians", "run 1:", "dossier size:"]),
    "bench_viewer.py": (["--quick"], [
        "first sharp paint", "page down after a look", "page back after a look",
        "zoom 1:1, full resolution", "RSS before paging", "RSS peak while paging",
        "RSS after paging", "decoded-picture cache"]),
    "bench_bigcase.py": (["--quick"], [
        "window created and shown", "open: window shows the case",
        "open: every panel filled in", "open: longest event-loop stall",
        "open: longest stall while it fills in",
        "map raised:", "evidence raised: longest event-loop stall", "photos --json",
        "SQL statements"]),
    "bench_search.py": (["--quick"], ["| `9M27K`", "| `zzzz`", "slowest query:"]),
    "bench_checks.py": (["--quick"], [
        "reference images", "index per image:", "lookup within", "run_checks, 10 photos"]),
}


def test_every_benchmark_is_listed_here() -> None:
    found = {p.name for p in BENCHMARKS.glob("bench_*.py")}
    assert found == set(QUICK), "a benchmark needs its quick mode and figures listed here"


def test_every_benchmark_runs_quick_and_reports_every_figure(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen",
               FRAGMENT_CONFIG_DIR=str(tmp_path / "config"),
               FRAGMENT_LOG_DIR=str(tmp_path / "logs"))
    running: list[tuple[str, subprocess.Popen[str]]] = []
    done: dict[str, tuple[int, str, str]] = {}
    names = list(QUICK)
    while names or running:  # two at a time: the quick modes are small, the cores few
        while names and len(running) < 2:
            name = names.pop(0)
            args, _ = QUICK[name]
            running.append((name, subprocess.Popen(
                [sys.executable, str(BENCHMARKS / name), *args], cwd=tmp_path, env=env,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
        name, proc = running.pop(0)
        out, err = proc.communicate(timeout=600)
        done[name] = (proc.returncode, out, err)
    for name, (code, out, err) in done.items():
        assert code == 0, f"{name} --quick failed:\n{err[-3000:]}"
        lines = [line for line in out.splitlines() if line.strip()]
        for figure in QUICK[name][1]:
            assert any(line.startswith(figure) or figure in line for line in lines), (
                f"{name}: {figure!r} missing from:\n{out}")
