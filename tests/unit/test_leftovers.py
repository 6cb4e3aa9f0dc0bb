"""Issue 11: temporaries left by a killed export (or import-bag) are removed when the case
is next opened for writing, wherever the export went."""

from __future__ import annotations

import os
from pathlib import Path

from desktop.core.casefile import CaseFile
from desktop.core.leftovers import export_targets
from tests.killing import kill_group, start_and_pause
from tests.unit.investigation_fixtures import add_photo

CHILD = """
import sys, time
from pathlib import Path
import desktop.core.export.csv_export as csv_export
from desktop.core.casefile import CaseFile
from desktop.core.export.service import export_csv

root, out, marker = sys.argv[1:4]
real = csv_export._write

def paused(path, header, rows):
    real(path, header, rows)  # the temporary is written, not yet renamed
    Path(marker).write_text("paused")
    time.sleep(600)

csv_export._write = paused
with CaseFile.open(root, investigator="T") as case:
    export_csv(case, out)
"""


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_a_killed_export_leaves_nothing_once_the_case_is_opened(tmp_path: Path) -> None:
    with CaseFile.create(tmp_path / "Case", title="t", investigator="T") as case:
        add_photo(case, tmp_path)
        root = case.root
    out = tmp_path / "elsewhere" / "tables"
    out.mkdir(parents=True)
    child = start_and_pause(tmp_path, CHILD, str(root), str(out))
    kill_group(child)
    left = _parts(out)
    # one temporary per table: annotations, claims, links, photos
    assert len(left) == 4 and all(f".{child.pid}-" in name for name in left)
    assert all((out / f"{name}.lock").exists() for name in left)  # each with its lock file
    assert export_targets(root) == [out.resolve()]
    # an import-bag killed beside the case leaves a hidden folder named the same way
    beside = root.parent / f".Imported.fragment.{child.pid}-{os.urandom(8).hex()}.part"
    (beside / "originals").mkdir(parents=True)
    # a temporary of a process that still runs (this one) is left alone
    alive = root.parent / f".report.pdf.{os.getpid()}-{os.urandom(8).hex()}.part"
    alive.write_bytes(b"%PDF-")
    with CaseFile.open(root, readonly=True):
        assert _parts(out) == left  # a read-only open removes nothing
    with CaseFile.open(root, investigator="T"):
        pass
    assert _parts(out) == [] and not beside.exists() and alive.exists()
    assert list(out.iterdir()) == []  # nothing half-written, no lock file left
