"""The one atomic-write helper: whole files or nothing, random temporary names, the umask."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.atomic import atomic_directory, atomic_file
from desktop.core.errors import UserError, cannot_write
from desktop.core.export.atomic import ExportError
from desktop.core.export.atomic import atomic_file as export_atomic_file

ROOT = Path(__file__).resolve().parents[2]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_file_replaces_the_target_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    with atomic_file(target) as tmp:
        assert tmp.parent == tmp_path and tmp != target
        tmp.write_text("new", encoding="utf-8")
        assert target.read_text(encoding="utf-8") == "old"  # untouched until the end
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_a_failure_keeps_the_old_file_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(ValueError, match="half-way"), atomic_file(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise ValueError("half-way")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_two_writers_of_one_target_never_share_a_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    with atomic_file(target) as first, atomic_file(target) as second:
        assert first != second
        first.write_text(json.dumps({"writer": 1}), encoding="utf-8")
        second.write_text(json.dumps({"writer": 2}), encoding="utf-8")
    assert json.loads(target.read_text(encoding="utf-8")) in ({"writer": 1}, {"writer": 2})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_files_and_folders_get_the_umask_like_a_plain_open(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        with atomic_file(tmp_path / "file.txt") as tmp:
            tmp.write_text("x", encoding="utf-8")
        with atomic_directory(tmp_path / "folder") as folder:
            (folder / "inside.txt").write_text("x", encoding="utf-8")
    finally:
        os.umask(previous)
    assert _mode(tmp_path / "file.txt") == 0o640
    assert _mode(tmp_path / "folder") == 0o750
    assert (tmp_path / "folder" / "inside.txt").read_text(encoding="utf-8") == "x"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_an_exact_mode_is_kept(tmp_path: Path) -> None:
    with atomic_file(tmp_path / "original.jpg", mode=0o444, prefix=".incoming-",
                     suffix="") as tmp:
        assert tmp.name.startswith(".incoming-")
        tmp.write_bytes(b"bytes")
    assert _mode(tmp_path / "original.jpg") == 0o444


def test_importing_the_helpers_leaves_the_umask_alone() -> None:
    code = ("import os; os.umask(0o077); import desktop.core.atomic, desktop.core.export.atomic;"
            " print(oct(os.umask(0o022)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.strip() == "0o77"


def test_a_failed_folder_is_removed_with_its_content(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), atomic_directory(tmp_path / "bag") as folder:
        (folder / "data.txt").write_text("x", encoding="utf-8")
        raise RuntimeError("stop")
    assert list(tmp_path.iterdir()) == []


def test_os_errors_become_the_callers_error(tmp_path: Path) -> None:
    missing = tmp_path / "no such folder" / "out.json"
    with pytest.raises(UserError, match=r"cannot write .*out\.json"), \
            atomic_file(missing, error=cannot_write):
        pass
    with pytest.raises(FileNotFoundError), atomic_file(missing):
        pass
    with pytest.raises(ExportError, match="does not exist"), export_atomic_file(missing):
        pass
