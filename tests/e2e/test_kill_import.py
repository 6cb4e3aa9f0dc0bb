"""kill -9 in the middle of ``fragment add``: the case opens, verifies, and re-import heals.

An original is copied into the store before its row commits, so a kill can leave originals
without rows ("orphans", reported by verify as notes) but never a row without its original.
Importing the same files again adopts the orphans.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Photo
from desktop.core.casefile import CaseFile
from desktop.core.ingest import import_paths
from desktop.core.verify import verify_case
from tests.conftest import ROOT
from tests.killing import kill_group, start_and_pause
from tests.unit.import_helpers import jpeg_bytes, write

FILES = 300
KILL_AFTER = 260  # originals copied: the first batch of 200 committed, the second one open

# The child imports for real; it only pauses (forever) right after the KILL_AFTER-th original
# is put in place (renamed from what a worker wrote) so that the kill lands at a known point:
# inside the open write transaction of batch two, with the workers' files of the rest of
# that batch still ".incoming-".
CHILD = """
import sys, time
from pathlib import Path
from desktop.core.casefile import CaseFile
from desktop.core.ingest import import_paths
from desktop.core.store import OriginalStore

def main():
    root, src, after, marker = sys.argv[1:5]
    real_adopt = OriginalStore.adopt
    copies = 0

    def adopt_and_maybe_pause(self, incoming, sha256, ext, byte_size):
        nonlocal copies
        path = real_adopt(self, incoming, sha256, ext, byte_size)
        copies += 1
        if copies == int(after):
            Path(marker).write_text("paused")
            time.sleep(600)
        return path

    OriginalStore.adopt = adopt_and_maybe_pause
    with CaseFile.open(root, investigator="T") as case:
        import_paths(case, [src])

if __name__ == "__main__":
    main()
"""


def _stored(case_root: Path) -> int:
    """Originals: not the temporaries nor the import session's lock file."""
    return sum(1 for p in (case_root / "originals").rglob("*")
               if p.is_file() and not p.name.startswith("."))


def _incoming(case_root: Path) -> list[Path]:
    return list((case_root / "originals").rglob(".incoming-*"))


@pytest.mark.skipif(os.name != "posix", reason="kill -9 of a process group is POSIX-only")
def test_kill_during_import_leaves_a_sound_case(tmp_path: Path) -> None:
    src = tmp_path / "photos"
    for i in range(FILES):
        write(src / f"{i:04d}.jpg", jpeg_bytes((24, 16), seed=i, noise=True))
    case_dir = tmp_path / "Killed"
    CaseFile.create(case_dir, title="killed", investigator="T").close()
    root = tmp_path / "Killed.fragment"

    child = start_and_pause(tmp_path, CHILD, str(root), str(src), str(KILL_AFTER))
    assert child.poll() is None  # paused inside the open transaction, not finished
    kill_group(child)
    stored_at_kill = _stored(root)
    assert stored_at_kill == KILL_AFTER
    # the workers wrote every file once; the rest of batch two was not yet put in place
    assert len(_incoming(root)) == FILES - KILL_AFTER

    raw = sqlite3.connect(root / "case.sqlite")
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    verify = subprocess.run([sys.executable, str(ROOT / "main.py"), "verify", str(root)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr

    with CaseFile.open(root, investigator="T") as case:  # the dead process's lock is gone
        with case.read_session() as s:
            rows = s.execute(select(Photo.sha256, Photo.ext)).all()
        for sha, ext in rows:  # no row without its original
            assert case.originals.path_for(sha, ext).is_file()
        report = verify_case(case)
        assert report.ok
        assert len(rows) == 200  # the open batch was rolled back as a whole
        # opening for writing removed the originals the rolled-back batch had stored
        assert _stored(root) == len(rows) < stored_at_kill
        assert not [n for n in report.notes if n.startswith("orphan")]
        assert not _incoming(root)
        assert not list((root / "originals").glob(".import-*.lock"))  # the dead session's

        again = import_paths(case, [src])
        assert again.count("rejected") == 0
        assert again.count("imported") + again.count("duplicate") == FILES
        final = verify_case(case)
        assert final.ok and final.checked == FILES and final.notes == ()
