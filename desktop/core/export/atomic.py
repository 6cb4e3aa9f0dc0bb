"""Write exports atomically: to a temporary sibling, then ``os.replace`` onto the target.

A failure removes the temporary file or folder, so no partial export is ever left behind,
and the ``OSError`` becomes one sentence a user can act on.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.core.errors import FragmentError


class ExportError(FragmentError):
    """An export could not be written; nothing was left behind."""


def describe_os_error(exc: OSError, target: Path) -> str:
    """One sentence saying why ``target`` could not be written."""
    code = exc.errno
    winerror = getattr(exc, "winerror", None)
    if code in (errno.ENOSPC, errno.EDQUOT):
        return f"cannot write {target.name}: the disk is full"
    if code in (errno.EACCES, errno.EPERM):
        return f"cannot write {target.name}: no permission to write in {target.parent}"
    if code == errno.EROFS:
        return f"cannot write {target.name}: {target.parent} is on a read-only disk"
    if code in (errno.EBUSY, errno.ETXTBSY) or winerror in (32, 33):
        return f"cannot write {target.name}: the file is open in another program; close it"
    if code == errno.ENOENT:
        return f"cannot write {target.name}: the folder {target.parent} does not exist"
    if code == errno.EISDIR:
        return f"cannot write {target.name}: a folder with that name is in the way"
    if code == errno.ENAMETOOLONG:
        return f"cannot write {target.name}: the file name is too long"
    return f"cannot write {target.name}: {exc.strerror or exc}"


def _fsync_dir(directory: Path) -> None:
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


def _read_umask() -> int:
    # os.umask can only be read by setting it; done once at import, before worker threads.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def _default_mode(base: int) -> int:
    """The permissions a plain ``open()`` or ``mkdir()`` would give under the umask."""
    return base & ~_UMASK


@contextmanager
def atomic_file(target: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success it replaces ``target``.

    The caller writes the whole file to the yielded path. Any exception removes it and
    leaves ``target`` as it was; an ``OSError`` is re-raised as ``ExportError``.
    """
    target = Path(target)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise ExportError(describe_os_error(exc, target)) from exc
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, _default_mode(0o666))  # mkstemp makes 0600; exports are shared
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except OSError as exc:
        raise ExportError(describe_os_error(exc, target)) from exc
    finally:
        if tmp.exists():
            tmp.unlink()


@contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """Yield a temporary folder next to ``target``; on success it is renamed to ``target``.

    ``target`` must not exist, or be an empty folder. On any failure the temporary folder
    and everything in it are removed.
    """
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ExportError(f"{target} already exists and is not empty; choose a new folder")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent))
    except OSError as exc:
        raise ExportError(describe_os_error(exc, target)) from exc
    try:
        yield tmp
        os.chmod(tmp, _default_mode(0o777))  # mkdtemp makes 0700
        if target.is_dir():
            target.rmdir()
        os.rename(tmp, target)
        _fsync_dir(target.parent)
    except OSError as exc:
        raise ExportError(describe_os_error(exc, target)) from exc
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def copy_file_atomically(source: Path, target: str | os.PathLike[str]) -> Path:
    """Copy ``source`` to ``target`` through ``atomic_file``; returns the target path."""
    target = Path(target)
    if target.is_dir():
        raise ExportError(f"{target} is a folder; give a file name")
    with atomic_file(target) as tmp:
        shutil.copyfile(source, tmp)
    return target
