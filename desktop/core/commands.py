"""Undoable commands over a case: the core half of every undo step.

A command is created with everything it needs (plain values, never ORM objects), and its
``redo(case)`` / ``undo(case)`` each run one write transaction through core ops verbs and
return the ``Changes`` to broadcast. The Qt layer wraps commands in ``QUndoCommand``s;
tests and the CLI call them directly. A cascade is a ``CompositeCommand`` of children.
Commands remember ids they created on the first ``redo`` so that undo can remove them and a
second ``redo`` re-creates the same content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

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
    """Children applied in order and undone in reverse order, as one undo step."""

    text: str
    children: list[Command] = field(default_factory=list)

    def redo(self, case: CaseFile) -> Changes:
        changes = NO_CHANGES
        for child in self.children:
            changes = changes | child.redo(case)
        return changes

    def undo(self, case: CaseFile) -> Changes:
        changes = NO_CHANGES
        for child in reversed(self.children):
            changes = changes | child.undo(case)
        return changes
