"""Issue 11: an import session lock tells a live import's ``.incoming-`` files in the store
from a killed one's, in team cases (age rules on top, for shares that do not pass locks)
as in local ones (everything of a dead session at once)."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from desktop.core import store_sessions
from desktop.core.store import OriginalStore
from desktop.core.store_sessions import (
    LEGACY_SHARED_STALE_AFTER_S,
    SHARED_STALE_AFTER_S,
    session_lock_path,
    sweep_incoming,
)
from desktop.core.writer_lock import hold
from tests.killing import kill_group, start_and_pause

# A real import session in another process: three files staged, then it waits to be killed.
STAGER = """
import hashlib, sys, time
from pathlib import Path
from desktop.core.store import OriginalStore

root, marker = sys.argv[1:3]
store = OriginalStore(Path(root))
with store.session() as session:
    for i in range(3):
        data = b"staged bytes %d" % i
        store.stage(data, hashlib.sha256(data).hexdigest(), "jpg", session=session.id)
    Path(marker).write_text(session.id)
    time.sleep(600)
"""


def _leftovers(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob(".*") if p.is_file())


def _age(paths: list[Path], seconds: float) -> None:
    """Set the files' modification times ``seconds`` into the past."""
    when = time.time() - seconds
    for path in paths:
        os.utime(path, (when, when))


def _staged_by_a_child(tmp_path: Path):  # type: ignore[no-untyped-def]
    root = tmp_path / "originals"
    root.mkdir()
    child = start_and_pause(tmp_path, STAGER, str(root))
    session = (tmp_path / "paused").read_text()
    files = _leftovers(root)
    assert len(files) == 4  # three staged files and the session's lock file
    assert session_lock_path(root, session) in files
    assert all(session in p.name for p in files)
    return child, root, session, files


@pytest.mark.parametrize("shared", [False, True], ids=["local", "team"])
def test_a_live_sessions_files_are_kept_however_old(tmp_path: Path, shared: bool) -> None:
    child, root, _session, files = _staged_by_a_child(tmp_path)
    try:
        _age(files, 2 * LEGACY_SHARED_STALE_AFTER_S)  # the lock, not the age, keeps them
        for _ in range(3):
            assert sweep_incoming(root, shared=shared) == []
        assert _leftovers(root) == files
    finally:
        kill_group(child)


def test_a_killed_sessions_files_go_at_once_in_a_local_case(tmp_path: Path) -> None:
    child, root, session, files = _staged_by_a_child(tmp_path)
    kill_group(child)
    lock = session_lock_path(root, session)
    staged = [p for p in files if p != lock]
    assert sweep_incoming(root, shared=False) == [*staged, lock]  # the files, then the lock
    assert _leftovers(root) == []


def test_a_killed_sessions_files_go_in_a_team_case_once_nothing_moved_for_15_minutes(
        tmp_path: Path) -> None:
    child, root, session, files = _staged_by_a_child(tmp_path)
    kill_group(child)
    lock = session_lock_path(root, session)
    staged = [p for p in files if p != lock]
    # Its lock can be taken, but a share may not pass locks between machines: fresh files
    # may be a live import's elsewhere.
    assert sweep_incoming(root, shared=True) == []
    # Old files, but the lock file's heartbeat is recent: still kept.
    _age(staged, SHARED_STALE_AFTER_S + 60)
    assert sweep_incoming(root, shared=True) == []
    # Neither changed for more than 15 minutes: the files go, then the lock file.
    _age([lock], SHARED_STALE_AFTER_S + 60)
    assert sweep_incoming(root, shared=True) == [*staged, lock]
    assert _leftovers(root) == []


def test_files_whose_session_lock_is_gone(tmp_path: Path) -> None:
    root = tmp_path / "originals"
    store = OriginalStore(root)
    with store.session() as session:
        staged = store.stage(b"bytes", "ab" * 32, "jpg", session=session.id)
    assert staged is not None and staged.exists()  # ended without removing it (a bug, a
    assert not session_lock_path(root, session.id).exists()  # worker killed mid-write)
    assert sweep_incoming(root, shared=True) == []  # recent: maybe a remote live import
    _age([staged], SHARED_STALE_AFTER_S + 60)
    assert sweep_incoming(root, shared=True) == [staged]
    with store.session() as session:
        staged = store.stage(b"bytes", "ab" * 32, "jpg", session=session.id)
    assert sweep_incoming(root, shared=False) == [staged]


def test_files_of_earlier_versions_without_a_session(tmp_path: Path) -> None:
    root = tmp_path / "originals"
    (root / "ab" / "cd").mkdir(parents=True)
    old = root / "ab" / "cd" / ".incoming-0123456789abcdef"
    old.write_bytes(b"half a photo")
    _age([old], SHARED_STALE_AFTER_S + 60)
    assert sweep_incoming(root, shared=True) == []  # a team case: kept for a day
    _age([old], LEGACY_SHARED_STALE_AFTER_S + 60)
    assert sweep_incoming(root, shared=True) == [old]
    old.write_bytes(b"half a photo")
    assert sweep_incoming(root, shared=False) == [old]  # a local case: at once


def test_the_sweep_never_takes_this_processs_own_session(tmp_path: Path) -> None:
    root = tmp_path / "originals"
    store = OriginalStore(root)
    with store.session() as session:
        staged = store.stage(b"bytes", "cd" * 32, "png", session=session.id)
        lock = session_lock_path(root, session.id)
        _age([lock, *([staged] if staged else [])], 2 * LEGACY_SHARED_STALE_AFTER_S)
        assert sweep_incoming(root, shared=False) == []
        assert sweep_incoming(root, shared=True) == []
        assert lock.exists()
    assert not lock.exists()  # closing the session removes its lock file


def test_a_live_session_keeps_its_lock_file_fresh(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_sessions, "HEARTBEAT_S", 0.05)
    root = tmp_path / "originals"
    with OriginalStore(root).session() as session:
        lock = session_lock_path(root, session.id)
        _age([lock], 3600)
        deadline = time.monotonic() + 30
        while time.time() - lock.stat().st_mtime > 60 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert time.time() - lock.stat().st_mtime < 60


def test_a_lock_file_removed_before_it_was_locked_is_noticed(tmp_path: Path) -> None:
    lock = hold(tmp_path / ".import-0123456789abcdef.lock")
    assert lock.in_place()
    lock.path.unlink()  # what a sweep that took the new, empty file for an instant does
    assert not lock.in_place()
    lock.release()


def test_store_listings_skip_session_lock_files(tmp_path: Path) -> None:
    root = tmp_path / "originals"
    store = OriginalStore(root)
    data = b"an original"
    sha = hashlib.sha256(data).hexdigest()
    source = tmp_path / "a.jpg"
    source.write_bytes(data)
    with store.session() as session:
        stored = store.put_file(source, sha, "jpg", session=session.id)
        assert list(store.iter_files()) == [stored]  # not the session's lock file
        assert store.remove_unreferenced({sha}) == []
        assert session_lock_path(root, session.id).exists()
    assert sorted(p for p in root.rglob("*") if p.is_file()) == [stored]


def test_ages_are_read_on_the_shares_clock_not_this_machines(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    child, root, session, files = _staged_by_a_child(tmp_path)
    kill_group(child)  # a lock that can be taken: what a share that passes no locks shows
    real_time = time.time
    # This machine's clock two hours ahead of the share's: fresh files must stay fresh.
    monkeypatch.setattr(store_sessions.time, "time", lambda: real_time() + 7200)
    assert sweep_incoming(root, shared=True) == []
    assert _leftovers(root) == files  # nothing left by the clock reading either
    monkeypatch.setattr(store_sessions.time, "time", real_time)
    _age(files, SHARED_STALE_AFTER_S + 60)  # old on the share's clock: they go
    lock = session_lock_path(root, session)
    assert sweep_incoming(root, shared=True) == [*[p for p in files if p != lock], lock]
