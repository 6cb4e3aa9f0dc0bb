"""kill -9 during an export: the half-written bag is removed by the next run.

The temporary folder is named after the bag and the writer's process id; once that process
is gone, the next export (or import) to the same place recognises it and removes it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.cli import run_cli
from tests.conftest import ROOT
from tests.unit.exportcase import make_export_case

CHILD = """
import sys, time
from pathlib import Path
import bagit
from desktop.cli import run_cli

def main():
    case, bag, marker = sys.argv[1:4]
    real = bagit.make_bag

    def make_then_pause(*args, **kwargs):
        result = real(*args, **kwargs)  # the bag's temporary folder is full by now
        Path(marker).write_text("paused")
        time.sleep(600)
        return result

    bagit.make_bag = make_then_pause
    run_cli(["export", case, "--bag", bag, "--investigator", "T"])

if __name__ == "__main__":
    main()
"""


@pytest.mark.skipif(os.name != "posix", reason="kill -9 and process ids are POSIX here")
def test_a_bag_left_half_written_by_a_killed_export_is_removed_next_time(
        tmp_path: Path) -> None:
    case = make_export_case(tmp_path)
    root = case.root
    case.close()
    out = tmp_path / "out"
    out.mkdir()
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    marker = tmp_path / "paused"
    child = subprocess.Popen([sys.executable, str(script), str(root), str(out / "bag"),
                              str(marker)], env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             start_new_session=True)
    deadline = time.monotonic() + 180
    while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), child.stderr.read().decode() if child.stderr else ""
    os.killpg(child.pid, signal.SIGKILL)
    child.wait(30)
    leftovers = [p.name for p in out.iterdir()]
    assert len(leftovers) == 1 and leftovers[0].startswith(f".bag.{child.pid}-")
    assert run_cli(["export", str(root), "--bag", str(out / "bag"),
                    "--investigator", "T"]) == 0
    assert [p.name for p in out.iterdir()] == ["bag"]
