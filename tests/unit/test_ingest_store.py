"""The import workers write each new original into the store; nothing else is left there."""

from __future__ import annotations

import stat
from pathlib import Path

from desktop.core.casefile import CaseFile
from desktop.core.ingest import import_paths, plan_import
from desktop.core.store import sha256_file
from tests.unit.import_helpers import jpeg_bytes, write


def _store_files(case: CaseFile) -> list[Path]:
    return sorted(p for p in case.originals.root.rglob("*") if p.is_file())


def test_workers_store_each_new_file_once_and_leave_no_temporary(
        new_case: CaseFile, tmp_path: Path) -> None:
    src = tmp_path / "in"
    for i in range(4):
        write(src / f"{i}.jpg", jpeg_bytes((40, 30), seed=i, noise=True))
    write(src / "copy_of_0.jpg", (src / "0.jpg").read_bytes())  # a duplicate in the import
    write(src / "notes.txt", b"not a photo")
    report = import_paths(new_case, [src])
    assert (report.count("imported"), report.count("duplicate"),
            report.count("rejected")) == (4, 1, 1)
    stored = _store_files(new_case)
    assert len(stored) == 4 and not [p for p in stored if p.name.startswith(".incoming-")]
    for path in stored:
        assert sha256_file(path) == path.name.split(".")[0]
        assert not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    again = import_paths(new_case, [src])  # every file already in the case
    assert again.count("duplicate") == 5
    assert _store_files(new_case) == stored


def test_a_cancelled_import_leaves_nothing_in_the_store(
        new_case: CaseFile, tmp_path: Path) -> None:
    src = tmp_path / "in"
    for i in range(6):
        write(src / f"{i}.jpg", jpeg_bytes((40, 30), seed=i, noise=True))
    done: list[int] = []
    report = import_paths(new_case, [src], progress=lambda n, _total, _path: done.append(n),
                          cancel=lambda: len(done) >= 2)
    assert report.cancelled and report.results == []
    assert _store_files(new_case) == []


def test_a_plan_without_a_store_writes_nothing(new_case: CaseFile, tmp_path: Path) -> None:
    write(tmp_path / "a.jpg", jpeg_bytes((40, 30), seed=1, noise=True))
    plan = plan_import([tmp_path / "a.jpg"])
    assert plan.files[0].status == "new" and plan.files[0].incoming is None
    assert _store_files(new_case) == []
