"""Write every file atomically: to a temporary sibling, then ``os.replace`` onto the target.

This is the one place the app writes a file or a folder it hands to a user, a reader or
itself later: exports, the case's originals store, settings, catalog files, case JSON,
thumbnails. A reader never sees half a file, a crash or a failure leaves the target as it
was, and the temporary file or folder is removed.

- Temporary names are random (``O_EXCL``), so two processes writing the same target never
  share a temporary file; the last rename wins, whole. A default-named temporary (files and
  folders handed to users) has a lock file beside it that the writer holds while it
  writes, so a later run removes it only once its writer is gone (``writer_lock``).
- The temporary file is created with mode 0666 and the folder with 0777, so the process's
  umask applies exactly as for a plain ``open()`` or ``mkdir()`` (no umask is read or set).
- The file's bytes are flushed to disk (``fsync``) before the rename and the folder's entry
  after it, so a power cut leaves either the old file or the new one. ``durable=False`` skips
  both for caches that can be rebuilt (thumbnails).

Errors are ``OSError`` unless the caller passes ``error``, which turns one into the
exception the caller's users should see (``ExportError``, ``UserError``...).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.core.writer_lock import LOCK_SUFFIX, WriterLock, hold, lock_path, taken

ErrorFactory = Callable[[OSError, Path], Exception]
"""Turns an ``OSError`` met while writing ``target`` into the exception to raise."""

_ATTEMPTS = 100


def fsync_dir(directory: Path) -> None:
    """Flush a folder's entries to disk (POSIX; best effort, a no-op elsewhere)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _temporary_name(target: Path, prefix: str | None, suffix: str) -> Path:
    # The writer's process id stays in the default name (earlier versions told a killed
    # writer's temporary by it alone; now its lock file does, see ``writer_lock``).
    head = f".{target.name}.{os.getpid()}-" if prefix is None else prefix
    return target.parent / f"{head}{secrets.token_hex(8)}{suffix}"


def remove_stale_temporaries(target: Path, suffix: str = ".part") -> list[Path]:
    """Remove temporaries of ``target`` whose writer is gone (killed during an export or
    an import-bag); returns what was removed.

    A temporary has a lock file beside it that its writer holds (``writer_lock``): one
    whose lock can be taken is removed, then its lock file (and a lock file whose
    temporary is already gone). A temporary named the way earlier versions named them,
    with only the writer's process id, is removed when that process no longer runs, which
    only POSIX can check cheaply: elsewhere it is left.
    """
    removed: list[Path] = []
    if not target.parent.is_dir():
        return removed
    head = f".{target.name}."
    names: set[str] = set()
    for path in target.parent.iterdir():
        name = path.name.removesuffix(LOCK_SUFFIX)
        if name.startswith(head) and name.endswith(suffix) and name[len(head):][:1].isdigit():
            names.add(name)
    for name in sorted(names):
        path = target.parent / name
        lock = lock_path(path)
        if os.path.lexists(lock):
            existed = os.path.lexists(path)
            with taken(lock) as free:
                if free:
                    _remove(path)
            if free:  # the lock file goes last, once closed (Windows removes no open file)
                with contextlib.suppress(OSError):
                    lock.unlink()
                removed.append(path if existed else lock)
            continue
        pid_text = name[len(head):].split("-", 1)[0]
        if os.name != "posix" or not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        _remove(path)
        removed.append(path)
    return removed


def _remove(path: Path) -> None:
    """Remove a temporary file or folder (nothing when it is gone already)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def _create_file(target: Path, prefix: str | None, suffix: str,
                 ) -> tuple[Path, WriterLock | None]:
    """A new empty temporary file beside ``target``; a default-named one comes with its
    writer lock, taken first (a temporary is never without its held lock)."""
    for _ in range(_ATTEMPTS):
        tmp = _temporary_name(target, prefix, suffix)
        try:
            lock = hold(lock_path(tmp)) if prefix is None else None
        except FileExistsError:
            continue
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         0o666)
        except FileExistsError:
            if lock is not None:
                lock.release()
            continue
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        os.close(fd)
        return tmp, lock
    raise FileExistsError(f"no free temporary name next to {target}")


def _create_directory(target: Path) -> tuple[Path, WriterLock]:
    for _ in range(_ATTEMPTS):
        tmp = _temporary_name(target, None, ".part")
        try:
            lock = hold(lock_path(tmp))
        except FileExistsError:
            continue
        try:
            os.mkdir(tmp, 0o777)
        except FileExistsError:
            lock.release()
            continue
        except BaseException:
            lock.release()
            raise
        return tmp, lock
    raise FileExistsError(f"no free temporary name next to {target}")


@contextmanager
def _reported(target: Path, error: ErrorFactory | None) -> Iterator[None]:
    """Let an ``OSError`` through ``error`` when the caller gave one."""
    try:
        yield
    except OSError as exc:
        if error is None:
            raise
        raise error(exc, target) from exc


@contextmanager
def atomic_file(target: str | os.PathLike[str], *, error: ErrorFactory | None = None,
                mode: int | None = None, durable: bool = True, prefix: str | None = None,
                suffix: str = ".part", sync_dir: bool = True) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success it replaces ``target``.

    The caller writes the whole file to the yielded path (it exists, empty). Any exception
    removes it and leaves ``target`` as it was; an ``OSError`` goes through ``error`` when
    given. ``mode`` sets exact permissions (the store's read-only originals); by default the
    umask applies. The temporary name is ``.<target name>.<random>.part`` unless ``prefix``
    and ``suffix`` say otherwise. ``sync_dir=False`` leaves the folder's fsync to the caller,
    who syncs each folder once after writing many files (before relying on any of them).
    """
    target = Path(target)
    if prefix is None:
        remove_stale_temporaries(target, suffix)
    with _reported(target, error):
        tmp, lock = _create_file(target, prefix, suffix)
    try:
        with _reported(target, error):
            yield tmp
            if durable:
                _fsync_file(tmp)
            if mode is not None:
                os.chmod(tmp, mode)
            os.replace(tmp, target)
            if durable and sync_dir:
                fsync_dir(target.parent)
    finally:
        if tmp.exists():
            tmp.unlink()
        if lock is not None:
            lock.release()


def durable_temporary(target: Path, data: bytes, *, prefix: str, mode: int) -> Path:
    """Write ``data`` to a new temporary file beside ``target``, fsynced, with ``mode``.

    The first half of an atomic write, for when another process decides about the rename
    (the import workers write originals the parent adopts). Nothing is left on failure.
    """
    tmp, _ = _create_file(target, prefix, "")
    try:
        with open(tmp, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


@contextmanager
def atomic_directory(target: str | os.PathLike[str], *,
                     error: ErrorFactory | None = None) -> Iterator[Path]:
    """Yield a temporary folder next to ``target``; on success it is renamed to ``target``.

    ``target`` must not exist, or be an empty folder (the caller checks; an occupied
    target fails the rename). On any failure the temporary folder and everything in it are
    removed; an ``OSError`` goes through ``error`` when given.
    """
    target = Path(target)
    remove_stale_temporaries(target)
    with _reported(target, error):
        tmp, lock = _create_directory(target)
    try:
        with _reported(target, error):
            yield tmp
            if target.is_dir():
                target.rmdir()
            os.rename(tmp, target)
            fsync_dir(target.parent)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
        lock.release()
