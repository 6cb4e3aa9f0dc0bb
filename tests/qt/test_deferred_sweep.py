"""Opening a case with its store's sweep deferred (the window runs it in a worker)."""

from __future__ import annotations

import hashlib
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from desktop.core.casefile import CaseFile
from desktop.core.store import OriginalStore
from desktop.core.store_sessions import SHARED_STALE_AFTER_S
from tests.unit.test_postgres import pg_url  # noqa: F401  (the team-case fixture)


def _orphan(case_root: Path, content: bytes) -> Path:
    """An original named by its own hash that no record refers to: what an import killed
    before its commit leaves."""
    sha = hashlib.sha256(content).hexdigest()
    path = case_root / "originals" / sha[:2] / sha[2:4] / f"{sha}.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    os.chmod(path, stat.S_IRUSR)
    return path


def _new_case(tmp_path: Path) -> Path:
    root = tmp_path / "Sweep.fragment"
    CaseFile.create(root, title="Sweep", investigator="T").close()
    return root


def test_opening_sweeps_at_once_unless_deferred(tmp_path: Path) -> None:
    root = _new_case(tmp_path)
    orphan = _orphan(root, b"left by a killed import")
    with CaseFile.open(root, defer_sweep=True) as case:
        assert orphan.is_file()  # left for the caller's worker
        case.sweep_store()
        assert not orphan.exists()
        again = _orphan(root, b"left by a killed import")
        case.sweep_store()  # once per opening
        assert again.is_file()
    with CaseFile.open(root):
        assert not again.exists()  # the default: swept while opening


def test_a_write_before_the_deferred_sweep_runs_it_first(tmp_path: Path) -> None:
    root = _new_case(tmp_path)
    orphan = _orphan(root, b"orphan bytes")
    source = tmp_path / "new.jpg"
    source.write_bytes(b"a new original")
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    with CaseFile.open(root, defer_sweep=True) as case:
        stored = case.originals.put_file(source, sha, "jpg")
        assert not orphan.exists()  # swept before the write, in the writer's thread
        assert stored.is_file()
        case.sweep_store()  # the worker's turn comes later: nothing left to do
        assert stored.is_file()


def test_the_sweep_runs_once_when_a_worker_and_a_writer_race(tmp_path: Path) -> None:
    root = _new_case(tmp_path)
    orphans = [_orphan(root, f"orphan {i}".encode()) for i in range(50)]
    with CaseFile.open(root, defer_sweep=True) as case:
        threads = [threading.Thread(target=case.sweep_store) for _ in range(4)]
        for thread in threads:
            thread.start()
        with case.originals.session():  # waits for, or runs, the sweep
            assert not any(p.exists() for p in orphans)
        for thread in threads:
            thread.join()


def test_a_read_only_open_sweeps_nothing(tmp_path: Path) -> None:
    root = _new_case(tmp_path)
    orphan = _orphan(root, b"kept")
    with CaseFile.open(root, readonly=True) as case:
        case.sweep_store()
        assert orphan.is_file()


def test_the_window_opens_at_once_and_sweeps_in_a_worker(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.qt.main_window import MainWindow

    root = _new_case(tmp_path)
    orphan = _orphan(root, b"left by a killed import")
    window = MainWindow.create()
    qtbot.addWidget(window)
    try:
        assert window.open_case_path(root)
        assert window.ctx.case is not None
        qtbot.waitUntil(lambda: not orphan.exists() and window.jobs.running == 0,
                        timeout=20000)
    finally:
        window.jobs.cancel_all()
        window.jobs.wait()
        window.close_case()


@pytest.mark.postgres
def test_opening_a_team_case_removes_dead_imports_files_by_the_age_rules(
        tmp_path: Path, pg_url: str) -> None:  # noqa: F811
    CaseFile.create(tmp_path / "Team", title="Team", investigator="Ana",
                    database_url=pg_url).close()
    root = tmp_path / "Team.fragment"
    store = OriginalStore(root / "originals")
    with store.session() as session:  # a session whose files outlived it (a killed one's
        old = store.stage(b"old bytes", "ab" * 32, "jpg", session=session.id)
        fresh = store.stage(b"fresh bytes", "cd" * 32, "jpg", session=session.id)
    assert old is not None and fresh is not None
    when = time.time() - SHARED_STALE_AFTER_S - 60
    os.utime(old, (when, when))
    unreferenced = _orphan(root, b"another investigator's import, not committed yet")
    with CaseFile.open(root, defer_sweep=True) as case:
        assert old.exists()
        case.sweep_store()
        assert not old.exists()  # dead and old on the share's clock
        assert fresh.exists()  # maybe a live import elsewhere: kept until it is old
        assert unreferenced.exists()  # a shared store never loses what has no row yet
