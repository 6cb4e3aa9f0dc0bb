"""Issue 11: a temporary is swept only once its writer is gone, told by the OS lock the
writer holds beside it (the same on every platform, whatever process ids are reused)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.atomic import atomic_file, remove_stale_temporaries
from desktop.core.writer_lock import hold, lock_path, taken
from tests.killing import kill_group, start_and_pause

WRITER = """
import sys, time
from pathlib import Path
from desktop.core.atomic import atomic_directory, atomic_file

target, kind, marker = sys.argv[1:4]
if kind == "file":
    with atomic_file(target) as tmp:
        tmp.write_bytes(b"half a dossier")
        Path(marker).write_text("paused")
        time.sleep(600)
else:
    with atomic_directory(target) as tmp:
        (tmp / "data").mkdir()
        (tmp / "data" / "photo.jpg").write_bytes(b"half a bag")
        Path(marker).write_text("paused")
        time.sleep(600)
"""

HOLDER = """
import sys, time
from pathlib import Path
from desktop.core.writer_lock import hold

lock, marker = sys.argv[1:3]
held = hold(Path(lock))
Path(marker).write_text("paused")
time.sleep(600)
"""


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_a_live_writer_is_never_swept_and_a_killed_one_is(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / ("dossier.pdf" if kind == "file" else "bag")
    child = start_and_pause(tmp_path, WRITER, str(target), kind)
    try:
        left = _hidden(out)
        assert len(left) == 2 and left[1] == left[0] + ".lock"  # the temporary, its lock
        assert left[0].startswith(f".{target.name}.{child.pid}-")
        for _ in range(3):  # the writer still holds its lock: nothing is touched
            assert remove_stale_temporaries(target) == []
        assert _hidden(out) == left
        temporary = out / left[0]
        assert temporary.exists() and (kind == "file" or (temporary / "data").is_dir())
    finally:
        kill_group(child)
    assert remove_stale_temporaries(target) == [out / left[0]]
    assert list(out.iterdir()) == []  # the temporary and then its lock file


def test_a_reused_process_id_does_not_keep_a_leftover(tmp_path: Path) -> None:
    # A temporary named after a process that runs now (this one: its id was "reused"),
    # whose writer lock nobody holds: its writer is gone, so it goes.
    target = tmp_path / "report.pdf"
    temporary = tmp_path / f".report.pdf.{os.getpid()}-{os.urandom(8).hex()}.part"
    temporary.write_bytes(b"%PDF-")
    lock_path(temporary).write_bytes(b"")
    assert remove_stale_temporaries(target) == [temporary]
    assert list(tmp_path.iterdir()) == []


def test_the_lock_decides_not_the_process_id(tmp_path: Path) -> None:
    # A held lock keeps a temporary whose name carries the id of a process long gone.
    target = tmp_path / "out" / "tables.csv"
    target.parent.mkdir()
    temporary = target.parent / f".tables.csv.{_dead_pid()}-{os.urandom(8).hex()}.part"
    temporary.write_text("a,b\n")
    holder = start_and_pause(tmp_path, HOLDER, str(lock_path(temporary)))
    try:
        assert remove_stale_temporaries(target) == []
        assert temporary.exists() and lock_path(temporary).exists()
        with taken(lock_path(temporary)) as free:
            assert not free
    finally:
        kill_group(holder)  # kill -9: the system releases the lock
    assert remove_stale_temporaries(target) == [temporary]
    assert list(target.parent.iterdir()) == []


def test_a_lock_file_whose_temporary_is_gone_is_removed(tmp_path: Path) -> None:
    # A sweep killed between removing a temporary and its lock file leaves the lock file.
    orphan = tmp_path / f".bag.{_dead_pid()}-{os.urandom(8).hex()}.part.lock"
    orphan.write_bytes(b"")
    assert remove_stale_temporaries(tmp_path / "bag") == [orphan]
    assert not orphan.exists()


@pytest.mark.skipif(os.name != "posix", reason="earlier names are checked by process id "
                    "on POSIX only; elsewhere they are left for the user")
def test_temporaries_named_the_earlier_way_are_checked_by_process_id(tmp_path: Path) -> None:
    gone = tmp_path / f".bag.{_dead_pid()}-{os.urandom(8).hex()}.part"
    (gone / "data").mkdir(parents=True)
    alive = tmp_path / f".bag.{os.getpid()}-{os.urandom(8).hex()}.part"
    alive.mkdir()
    assert remove_stale_temporaries(tmp_path / "bag") == [gone]
    assert _hidden(tmp_path) == [alive.name]


def test_a_writer_leaves_no_lock_file_and_its_own_sweep_spares_it(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    with atomic_file(target) as tmp:
        assert lock_path(tmp).exists()
        assert remove_stale_temporaries(target) == []  # a writer in this very process
        tmp.write_text("{}")
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]
    with pytest.raises(RuntimeError), atomic_file(target) as tmp:
        raise RuntimeError("the export failed")
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]
    held = hold(tmp_path / "x.lock")
    with pytest.raises(FileExistsError):
        hold(tmp_path / "x.lock")
    held.release()
    assert not (tmp_path / "x.lock").exists()
