"""Import sessions: which ``.incoming-`` files in the store belong to a live import.

Every process that stages files into a case's store (an import, a load, an import-bag, or
one copy by ``OriginalStore.put_file``) first opens a session: it creates
``originals/.import-<session>.lock`` and holds an OS lock on it (``writer_lock.hold``),
and every ``.incoming-`` file written for it, by its worker processes too, is named
``.incoming-<session>-<random>``. The system releases the lock however the process ends,
so a sweep tells a live import's files from a killed one's by trying to take the lock
(``writer_lock.taken``), in team cases as in local ones.

The sweep (``sweep_incoming``) never touches the files of a session whose lock is held.
In a local (SQLite) case it runs under the case's write lock, so everything else goes at
once. In a team case the store is a shared folder, and some SMB and NFS mounts do not
pass locks between machines: a lock another machine holds may look free. So there a
leftover is removed only when, in addition, neither it nor its session's lock file has
been modified for ``SHARED_STALE_AFTER_S`` (15 minutes). A live session touches its lock
file every ``HEARTBEAT_S`` (a minute), and staging one file takes seconds, so a live
import on another machine is never broken, even where locks are not shared and its
first staged files wait an hour for the end of its planning. ``.incoming-`` files with no
session in their name (written by earlier versions) go at once in a local case and only
after ``LEGACY_SHARED_STALE_AFTER_S`` (a day) in a team case. Ages are measured against
the share's own clock (``share_now``: the time stamp the file system gives a file written
there just now), never this machine's, so a machine whose clock is off cannot make a live
import's files look old.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Set
from pathlib import Path
from typing import Literal

from desktop.core.writer_lock import WriterLock, hold, taken

INCOMING_PREFIX = ".incoming-"
SESSION_LOCK_PREFIX = ".import-"
SHARED_STALE_AFTER_S = 15 * 60.0
"""In a team case, a leftover of a session whose lock can be taken is removed only once
neither it nor the session's lock file changed for this long: some network shares do not
pass locks between machines, and a live session touches its lock file every minute."""
LEGACY_SHARED_STALE_AFTER_S = 24 * 3600.0
"""In a team case, an ``.incoming-`` file with no session (an earlier version's) is removed
only once it is this old: nothing tells whether its import still runs."""
HEARTBEAT_S = 60.0
_ATTEMPTS = 100

_SESSION_FILE = re.compile(r"^\.incoming-(?P<session>[0-9a-f]{16})-[0-9a-f]{16}$")
_SESSION_LOCK = re.compile(r"^\.import-(?P<session>[0-9a-f]{16})\.lock$")

State = Literal["live", "dead", "gone"]


def session_lock_path(root: Path, session: str) -> Path:
    """The lock file of ``session`` in the store at ``root``."""
    return root / f"{SESSION_LOCK_PREFIX}{session}.lock"


def incoming_prefix(session: str) -> str:
    """The name prefix of the ``.incoming-`` files staged for ``session``."""
    return f"{INCOMING_PREFIX}{session}-"


def is_session_lock(name: str) -> bool:
    """True for the name of an import session's lock file (not an original)."""
    return _SESSION_LOCK.match(name) is not None


class ImportSession:
    """A held import session: ``id`` goes into every ``.incoming-`` name staged for it."""

    def __init__(self, root: Path, session: str, lock: WriterLock) -> None:
        self.root = root
        self.id = session
        self._lock = lock

    def close(self) -> None:
        """Release the lock and remove its file (idempotent)."""
        _heartbeat.discard(self._lock.path)
        self._lock.release()


def open_session(root: Path) -> ImportSession:
    """Open an import session in the store at ``root`` (``OSError`` when its lock file
    cannot be made); the caller closes it however it ends (``OriginalStore.session``)."""
    root.mkdir(parents=True, exist_ok=True)
    for _ in range(_ATTEMPTS):
        session = secrets.token_hex(8)
        try:
            lock = hold(session_lock_path(root, session))
        except FileExistsError:
            continue
        if not lock.in_place():  # a sweep removed the new file before it was locked
            lock.release()
            continue
        _heartbeat.add(lock.path)
        return ImportSession(root, session, lock)
    raise FileExistsError(f"no free import session name in {root}")


class _Heartbeat:
    """One daemon thread that touches every open session's lock file each ``HEARTBEAT_S``
    (so its age says the session is alive where a share does not pass locks)."""

    def __init__(self) -> None:
        self._paths: set[Path] = set()
        self._guard = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, path: Path) -> None:
        with self._guard:
            self._paths.add(path)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True,
                                                name="fragment-import-heartbeat")
                self._thread.start()

    def holds(self, path: Path) -> bool:
        """True when this process has the session of this lock file open."""
        with self._guard:
            return path in self._paths

    def discard(self, path: Path) -> None:
        with self._guard:
            self._paths.discard(path)
            if not self._paths:
                self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait(HEARTBEAT_S)
            with self._guard:
                self._wake.clear()
                if not self._paths:
                    self._thread = None
                    return
                paths = list(self._paths)
            for path in paths:
                with contextlib.suppress(OSError):
                    os.utime(path)


_heartbeat = _Heartbeat()


def sweep_incoming(root: Path, *, shared: bool, keep: Set[Path] = frozenset()
                   ) -> list[Path]:
    """Remove the ``.incoming-`` files of imports that are gone (never ``keep``), then
    their lock files; returns what was removed.

    ``shared`` (a team case): see the module docstring for the age rules; otherwise the
    caller holds the case's write lock and every file not of a live session goes.
    """
    if not root.is_dir():
        return []
    now = share_now(root) if shared else time.time()
    states: dict[str, tuple[State, float]] = {}

    def state_of(session: str) -> tuple[State, float]:
        if session not in states:
            states[session] = _session_state(session_lock_path(root, session))
        return states[session]

    removed: list[Path] = []
    kept: Counter[str] = Counter()
    for path in sorted(root.rglob(f"{INCOMING_PREFIX}*")):
        if path in keep:
            continue
        match = _SESSION_FILE.match(path.name)
        if match is None:
            if not shared or now - _mtime(path) >= LEGACY_SHARED_STALE_AFTER_S:
                _unlink(path, removed)
            continue
        session = match.group("session")
        state, beat = state_of(session)
        stale = not shared or now - max(_mtime(path), beat) >= SHARED_STALE_AFTER_S
        if state == "live" or not stale or not _unlink(path, removed):
            kept[session] += 1
    for entry in sorted(root.iterdir()):
        match = _SESSION_LOCK.match(entry.name)
        if match is None or kept[match.group("session")]:
            continue
        state, beat = state_of(match.group("session"))
        if state == "dead" and (not shared or now - beat >= SHARED_STALE_AFTER_S):
            _remove_lock(entry, removed)
    return removed


def share_now(root: Path) -> float:
    """The time as the file system of ``root`` stamps files (on a network share, the
    server's clock, which stamps every file there): the modification time of a file
    written there just now, then removed; this machine's clock if none can be written.
    The file's name is one the sweep removes if a kill leaves it."""
    try:
        with tempfile.NamedTemporaryFile(prefix=f"{INCOMING_PREFIX}clock-", dir=root) as f:
            f.write(b"0")
            f.flush()
            return os.fstat(f.fileno()).st_mtime
    except OSError:
        return time.time()


def remove_session_files(root: Path, session: str) -> list[Path]:
    """Remove every ``.incoming-`` file of ``session`` (its holder's own clean-up, after
    its workers were stopped: a cancelled import)."""
    removed: list[Path] = []
    if root.is_dir():
        for path in sorted(root.rglob(f"{incoming_prefix(session)}*")):
            _unlink(path, removed)
    return removed


def _session_state(lock: Path) -> tuple[State, float]:
    """``live`` when a process holds the lock, ``dead`` when it can be taken (or cannot be
    opened: another user's file on a share, judged by its age), ``gone`` when there is
    no lock file; with the lock file's modification time (its last heartbeat)."""
    if _heartbeat.holds(lock):  # this process's own: never opened again here (on a share
        return "live", time.time()  # emulating flock with POSIX locks, closing would free it)
    try:
        beat = lock.stat().st_mtime
    except FileNotFoundError:
        return "gone", 0.0
    except OSError:
        return "live", time.time()  # cannot even look at it: assume the worst
    if not os.access(lock, os.R_OK | os.W_OK):
        return "dead", beat
    with taken(lock) as free:
        return ("dead" if free else "live"), beat


def _remove_lock(lock: Path, removed: list[Path]) -> None:
    """Remove a dead session's lock file, while holding it where the system allows that
    (POSIX): a new session whose file a sweep removed before it was locked notices and
    starts again (``WriterLock.in_place``); Windows removes no open file, so there it is
    removed after closing, and a new session's own open handle keeps it."""
    with taken(lock) as free:
        if free:
            with contextlib.suppress(OSError):
                lock.unlink()
    if free:
        with contextlib.suppress(OSError):
            lock.unlink()
        if not lock.exists():
            removed.append(lock)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return time.time()


def _unlink(path: Path, removed: list[Path]) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    removed.append(path)
    return True
