"""Failures of the machine rather than of the input: one sentence for the user, details
in the log file.

A full disk, a locked or damaged database, an unreachable team server or a read-only drive
can reach any command. The CLI and the GUI turn them into one sentence with
``describe_failure`` and keep the traceback in ``fragment.log`` (``write_log``).
"""

from __future__ import annotations

import errno
from datetime import UTC, datetime
from pathlib import Path

from desktop import __version__
from desktop.core.settings import log_dir

# (text in the database driver's message, what the user is told)
_DATABASE_MESSAGES: tuple[tuple[str, str], ...] = (
    ("database or disk is full", "the disk is full, so nothing was saved; free some space "
                                 "and try again"),
    ("disk i/o error", "the disk could not be read or written (disk I/O error); check the "
                       "drive and that it is not full"),
    ("database is locked", "the case is busy in another program (its database is locked); "
                           "try again when that has finished"),
    ("file is not a database", "the case database is damaged or is not a database"),
    ("database disk image is malformed", "the case database is damaged; restore it from a "
                                         "backup or a bag"),
    ("unable to open database file", "the case database cannot be opened (it is missing, "
                                     "or you may not read it)"),
    ("attempt to write a readonly database", "the case is on a read-only disk or folder, "
                                             "so nothing was saved"),
    ("connection refused", "the team database server cannot be reached (connection "
                           "refused); check that it is running"),
    ("could not translate host name", "the team database server's name cannot be resolved"),
    ("password authentication failed", "the team database refused the password"),
)


def describe_failure(exc: BaseException) -> str | None:
    """One sentence for a known failure of the machine, or None when it is not one."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    if _is_database_error(exc):
        for needle, sentence in _DATABASE_MESSAGES:
            if needle in text:
                return sentence
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return f"the database reported an error: {first}"
    if isinstance(exc, OSError):
        name = Path(exc.filename).name if exc.filename else "a file"
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return f"the disk is full, so {name} could not be written"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return f"no permission to use {name}"
        if exc.errno == errno.EROFS:
            return f"{name} is on a read-only disk"
        return f"{name}: {exc.strerror or exc}"
    return None


def _is_database_error(exc: BaseException) -> bool:
    import sqlite3

    from sqlalchemy.exc import DBAPIError

    return isinstance(exc, DBAPIError | sqlite3.Error)


def write_log(details: str) -> Path | None:
    """Append ``details`` to ``fragment.log`` in the log directory; returns its path."""
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "fragment.log"
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {stamp} Fragment {__version__}\n{details}\n")
        return path
    except OSError:
        return None
