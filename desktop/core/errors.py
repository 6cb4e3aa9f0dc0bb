"""Errors the user can act on. Their message is one clear sentence, shown as is."""

from __future__ import annotations

from pathlib import Path


class FragmentError(Exception):
    """Base for expected failures; ``exit_code`` is what the CLI returns."""

    exit_code = 2


class UserError(FragmentError):
    """Bad usage or input: nothing was changed."""


def cannot_write(exc: OSError, target: Path) -> UserError:
    """``cannot write <target>: <why>``, for ``atomic_file(..., error=cannot_write)``."""
    return UserError(f"cannot write {target}: {exc.strerror or exc}")


class CaseError(FragmentError):
    """A case folder cannot be created, opened or upgraded."""


class CaseLockedError(CaseError):
    """The case is open for writing in another window or process."""


class ConflictError(UserError):
    """Someone else changed the object since it was shown or last touched here; nothing
    was written, so their change stands."""


class ValidationError(UserError):
    """A value or document failed validation; ``path`` names where, e.g. ``claims[3].actor``."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.reason = message
