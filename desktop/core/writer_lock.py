"""The OS lock a writer holds beside its temporary, so that a sweep can tell a temporary
still being written from one left by a killed process, on every platform.

A writer creates ``<temporary>.lock`` (``O_EXCL``) and locks it before it creates the
temporary, and holds the lock until the temporary is renamed into place or removed; then
it closes and removes the lock file. The operating system releases the lock when the
process ends, however it ends (``kill -9``, a crash, a power-off of the process), so a lock
that can be taken means that the writer is gone. Unlike a process-id check, this cannot be
fooled by another process that was given the same id later, and it needs no process API
(on Windows ``os.kill`` terminates a process instead of testing it).

``fcntl.flock`` on POSIX, ``msvcrt.locking`` (one byte) on Windows; both are released by
the system with the file handle. The ``filelock`` package (used for the case lock) wraps
the same calls, but it removes its file on release on Windows only and hides whether a
lock was contended or the file could not be opened; the sweep needs both answers exactly.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_SUFFIX = ".lock"
_BUSY = (errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK, errno.EDEADLK)
_RETRIES = 50  # a sweep may hold a new lock for an instant (see ``hold``)


def lock_path(temporary: Path) -> Path:
    """The lock file of ``temporary``: ``<temporary>.lock`` beside it."""
    return temporary.with_name(temporary.name + LOCK_SUFFIX)


def _try_lock(fd: int) -> bool:
    """Lock ``fd`` without waiting; False when another process holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in _BUSY:
            return False
        raise
    return True


def _unlock_and_close(fd: int) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


class WriterLock:
    """A held writer lock; ``release`` unlocks it and removes its file."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    def in_place(self) -> bool:
        """True while ``path`` is the very file this lock holds: a sweep that took a new
        lock file for an instant before it was locked may have removed it (``hold``)."""
        if self._fd is None:
            return False
        try:
            return os.path.samestat(os.fstat(self._fd), os.stat(self.path))
        except OSError:
            return False

    def release(self) -> None:
        """Unlock, close and remove the lock file (idempotent; the file is closed before
        it is removed, which Windows requires)."""
        if self._fd is None:
            return
        _unlock_and_close(self._fd)
        self._fd = None
        with contextlib.suppress(OSError):
            self.path.unlink()


def hold(path: Path) -> WriterLock:
    """Create the lock file ``path`` (it must not exist: ``FileExistsError``) and lock it
    for this process.

    A sweep that saw the new, empty file before it was locked may take the lock for an
    instant (and then remove the file, which is harmless: the temporary is not created
    yet); the lock is retried for about a second before giving up.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        for _ in range(_RETRIES):
            if _try_lock(fd):
                return WriterLock(path, fd)
            time.sleep(0.02)
        raise OSError(errno.EBUSY, "the temporary's lock file stays locked", str(path))
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            path.unlink()
        raise


@contextmanager
def taken(path: Path) -> Iterator[bool]:
    """Try to take an existing lock file: yields True while this process holds it (its
    writer is gone), False when a live writer holds it or it cannot be opened. The file is
    left in place; the caller removes it after leaving the block (when True)."""
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except OSError:
        yield False
        return
    try:
        locked = _try_lock(fd)
    except OSError:
        locked = False
    if not locked:
        os.close(fd)
        yield False
        return
    try:
        yield True
    finally:
        _unlock_and_close(fd)
