"""kill -9 during an export: the half-written bag is removed by the next run.

The temporary folder is named after the bag and the writer's process id, with a lock file
beside it that the writer holds; once the writer is gone (its lock released by the system),
the next export (or import) to the same place recognises it and removes it, then the lock
file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.cli import run_cli
from tests.killing import kill_group, start_and_pause
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
    child = start_and_pause(tmp_path, CHILD, str(root), str(out / "bag"))
    kill_group(child)
    leftovers = sorted(p.name for p in out.iterdir())  # the folder and its lock file
    assert len(leftovers) == 2 and leftovers[0].startswith(f".bag.{child.pid}-")
    assert leftovers[1] == leftovers[0] + ".lock"
    assert run_cli(["export", str(root), "--bag", str(out / "bag"),
                    "--investigator", "T"]) == 0
    assert [p.name for p in out.iterdir()] == ["bag"]
