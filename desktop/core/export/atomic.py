"""Atomic writes for exports (``desktop.core.atomic``) with errors a user can act on.

A failure removes the temporary file or folder, so no partial export is ever left behind,
and the ``OSError`` becomes an ``ExportError``: one sentence saying why.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.core import atomic
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


# Failures of the machine rather than of the user's choice: exit 1, as in ``failures``.
_MACHINE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO})


def _export_error(exc: OSError, target: Path) -> ExportError:
    error = ExportError(describe_os_error(exc, target))
    if exc.errno in _MACHINE_ERRNOS:
        error.exit_code = 1
    return error


@contextmanager
def atomic_file(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success it replaces ``target``.

    The caller writes the whole file to the yielded path. Any exception removes it and
    leaves ``target`` as it was; an ``OSError`` is re-raised as ``ExportError``.
    """
    with atomic.atomic_file(target, error=_export_error) as tmp:
        yield tmp


@contextmanager
def atomic_directory(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary folder next to ``target``; on success it is renamed to ``target``.

    ``target`` must not exist, or be an empty folder. On any failure the temporary folder
    and everything in it are removed.
    """
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ExportError(f"{target} already exists and is not empty; choose a new folder")
    with atomic.atomic_directory(target, error=_export_error) as tmp:
        yield tmp


def copy_file_atomically(source: Path, target: str | os.PathLike[str]) -> Path:
    """Copy ``source`` to ``target`` through ``atomic_file``; returns the target path."""
    target = Path(target)
    if target.is_dir():
        raise ExportError(f"{target} is a folder; give a file name")
    with atomic_file(target) as tmp:
        shutil.copyfile(source, tmp)
    return target
