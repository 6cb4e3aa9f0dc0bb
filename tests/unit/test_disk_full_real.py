"""A real full disk: a 2 MB filesystem (tmpfs) is mounted for the test and filled by
``fragment add``, by an export and by a database commit. Each ends in one sentence, exit 1,
nothing half-written; once there is room again the case verifies and holds no orphan.

Mounting needs root (CI runs as root on a fresh Debian); elsewhere the test is skipped with
that reason and ``test_failures.py`` still fills the database through SQLite's
``max_page_count``.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.cli import run_cli
from desktop.core.casefile import CaseFile
from desktop.core.verify import verify_case
from tests.conftest import CANNOT_MOUNT
from tests.unit.exportcase import make_export_case
from tests.unit.import_helpers import jpeg_bytes, write


def _mount(point: Path, size: str) -> None:
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "fragment-test",
                           str(point)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"{CANNOT_MOUNT}: {done.stderr.strip() or done.returncode}")


def _resize(point: Path, size: str) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(point)], check=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB filesystem, unmounted afterwards."""
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip(f"{CANNOT_MOUNT}: not running as root")
    point = tmp_path / "disk"
    point.mkdir()
    _mount(point, "2m")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def _new_case(disk: Path) -> Path:
    case = CaseFile.create(disk / "Case", title="t", investigator="T")
    case.close()
    return case.root


def _one_sentence(err: str) -> str:
    """The error line (progress lines of an export aside): exactly one, no traceback."""
    errors = [line for line in err.splitlines() if not line.startswith("  ")]
    assert len(errors) == 1 and errors[0].startswith("fragment: "), err
    assert "Traceback" not in err
    return errors[0]


def _fill(disk: Path, leave: int) -> Path:
    """A file taking all the room on ``disk`` but ``leave`` bytes."""
    filler = disk / "filler"
    stat = os.statvfs(disk)
    filler.write_bytes(b"\0" * max(0, stat.f_bavail * stat.f_frsize - leave))
    return filler


def test_add_filling_the_disk_is_one_sentence_and_leaves_no_orphan(
        small_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _new_case(small_disk)
    photos = [write(tmp_path / "in" / f"{i}.jpg", jpeg_bytes((640, 480), seed=i, noise=True))
              for i in range(6)]  # about 5 MB of incompressible JPEG for 2 MB of disk
    capsys.readouterr()
    code = run_cli(["add", str(root), *map(str, photos), "--investigator", "T"])
    captured = capsys.readouterr()
    # what fitted is imported; the rest is rejected, each file with one line saying why
    # (or, if the disk filled at the commit itself, one sentence for the whole import)
    rejected = [line for line in captured.out.splitlines() if line.startswith("rejected")]
    if rejected:
        assert all(line.endswith(": the disk is full") for line in rejected), rejected
    else:
        assert "the disk is full" in _one_sentence(captured.err)
    assert code == 1
    _resize(small_disk, "64m")  # room again
    with CaseFile.open(root, investigator="T") as case:
        report = verify_case(case)
        assert report.ok, report.problems
    stored = [p for p in (root / "originals").rglob("*") if p.is_file()]
    assert len(stored) == report.checked  # every stored original has its row, and back
    assert run_cli(["add", str(root), *map(str, photos), "--investigator", "T"]) == 0
    with CaseFile.open(root, investigator="T") as case:
        assert verify_case(case).checked == 6


def test_an_export_filling_the_disk_leaves_nothing_there(
        small_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = make_export_case(tmp_path)
    root = case.root
    case.close()
    filler = _fill(small_disk, 300_000)  # the bag needs more than that
    capsys.readouterr()
    code = run_cli(["export", str(root), "--bag", str(small_disk / "bag"),
                    "--investigator", "T"])
    err = _one_sentence(capsys.readouterr().err)
    assert "disk is full" in err, (code, err)
    assert code == 1, err
    assert list(small_disk.iterdir()) == [filler]  # no bag, no temporary folder
    with CaseFile.open(root, investigator="T") as case:
        assert verify_case(case).ok


def test_a_commit_on_a_full_disk_is_one_sentence_and_changes_nothing(
        small_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _new_case(small_disk)
    filler = _fill(small_disk, 100_000)
    doc = tmp_path / "doc.json"  # 600 claims of 2 KB: well over 100 KB, in one transaction
    doc.write_text(json.dumps({"format": "fragment-case", "version": 1,
                               "case": {"title": "t"},
                               "claims": [{"key": f"c{i}", "statement": "x" * 2000}
                                          for i in range(600)]}), encoding="utf-8")
    capsys.readouterr()
    code = run_cli(["load", str(root), str(doc)])
    err = _one_sentence(capsys.readouterr().err)
    assert code == 1 and "the disk is full, so nothing was saved" in err
    filler.unlink()
    with CaseFile.open(root, investigator="T") as case:
        report = verify_case(case)
        assert report.ok, report.problems
        with case.read_session() as session:
            count = session.connection().exec_driver_sql("SELECT COUNT(*) FROM claim")
            assert count.scalar() == 0


def test_a_case_on_a_full_disk_says_so_when_opened(
        small_disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _new_case(small_disk)
    filler = _fill(small_disk, 0)  # not a byte left: SQLite cannot create its WAL index
    for command in (["claims", str(root)], ["verify", str(root)]):
        capsys.readouterr()
        code = run_cli(command)
        err = _one_sentence(capsys.readouterr().err)
        assert code == 1, err
        assert err == ("fragment: the disk holding Case.fragment is full, so the case cannot "
                       "be opened; free some space and try again")
    filler.unlink()
    assert run_cli(["verify", str(root)]) == 0
