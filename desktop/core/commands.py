"""Undoable commands over a case: the core half of every undo step.

A command is created with everything it needs (plain values, never ORM objects), and its
``redo(case)`` / ``undo(case)`` each run one write transaction through core ops verbs and
return the ``Changes`` to broadcast. The Qt layer wraps commands in ``QUndoCommand``s;
tests and the CLI call them directly. A cascade is a ``CompositeCommand`` of children,
whose redo and undo each run all children in one write transaction (all or nothing).
Commands remember ids they created on the first ``redo`` so that undo can remove them and a
second ``redo`` re-creates the same content.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from desktop.core.casefile import CaseFile
from desktop.core.changes import NO_CHANGES, Changes


class Command(Protocol):
    """One user action that can be undone."""

    @property
    def text(self) -> str:
        """Short description for the Edit menu ("Move annotation 3")."""
        ...

    def redo(self, case: CaseFile) -> Changes:
        """Apply (or re-apply) the action."""
        ...

    def undo(self, case: CaseFile) -> Changes:
        """Revert exactly what ``redo`` did."""
        ...


@dataclass
class CompositeCommand:
    """Children applied in order and undone in reverse order, as one undo step.

    Each of ``redo`` and ``undo`` is one write transaction around all the children (their
    verbs join it, see ``CaseFile.write_session``), with every child's audit events in it.
    If any child fails, the transaction rolls back, so the database and the audit log are
    as before, and every child's memory (created ids, snapshots) is put back as it was, so
    the command can be retried or dropped without leaving anything half-done.
    """

    text: str
    children: list[Command] = field(default_factory=list)

    def redo(self, case: CaseFile) -> Changes:
        """Apply every child in order, in one transaction."""
        return self._atomically(case, [child.redo for child in self.children])

    def undo(self, case: CaseFile) -> Changes:
        """Revert every child in reverse order, in one transaction."""
        return self._atomically(case, [child.undo for child in reversed(self.children)])

    def _atomically(self, case: CaseFile,
                    steps: list[Callable[[CaseFile], Changes]]) -> Changes:
        memory = [_memory_of(child) for child in self.children]
        changes = NO_CHANGES
        try:
            with case.write_session():
                for step in steps:
                    changes = changes | step(case)
        except BaseException:
            for child, saved in zip(self.children, memory, strict=True):
                _restore_memory(child, saved)
            raise
        return changes


def _memory_of(command: object) -> dict[str, Any] | None:
    """A deep copy of a command's attributes (plain values by the command contract)."""
    attributes = getattr(command, "__dict__", None)
    return None if attributes is None else copy.deepcopy(attributes)


def _restore_memory(command: object, saved: dict[str, Any] | None) -> None:
    if saved is not None:
        vars(command).clear()
        vars(command).update(saved)
