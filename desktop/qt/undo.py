"""Adapter from core commands to Qt's undo stack.

``push_command(ctx, command)`` wraps a ``desktop.core.commands.Command`` in a
``QUndoCommand``: ``redo``/``undo`` run the core command against the open case and broadcast
its ``Changes`` once on the bus. A failure is reported on the bus and the command is marked
obsolete, so ``QUndoStack`` drops it: a first redo that fails is never pushed, and an undo
that fails removes the step (its effect stays, as the database still holds it). Nothing is
half-applied because the core runs each redo and each undo, composites included, as one
write transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from desktop.core.commands import Command
from desktop.core.errors import FragmentError

if TYPE_CHECKING:
    from desktop.core.casefile import CaseFile
    from desktop.core.changes import Changes
    from desktop.qt.context import AppContext


class CoreUndoCommand(QUndoCommand):
    """A ``QUndoCommand`` that delegates to a core command."""

    def __init__(self, ctx: AppContext, command: Command) -> None:
        super().__init__(command.text)
        self._ctx = ctx
        self.command = command
        self.error: FragmentError | None = None
        self.notice = ""
        """After the first redo: the core's sentence when the edit was merged with someone
        else's change (``UpdateCommand.notice``), also shown in the status bar."""
        self._ran = False

    def redo(self) -> None:
        first, self._ran = not self._ran, True
        self._run(self.command.redo)
        if self.command.text != self.text():  # a text naming what was made ("A9")
            self.setText(self.command.text)
        notice = getattr(self.command, "notice", "")
        if first and self.error is None and isinstance(notice, str) and notice:
            self.notice = notice[:1].upper() + notice[1:]
            self._ctx.bus.status_message.emit(self.notice)

    def undo(self) -> None:
        self._run(self.command.undo)

    def _run(self, step: Callable[[CaseFile], Changes]) -> None:
        case = self._ctx.case
        if case is None:
            self.setObsolete(True)
            return
        try:
            changes = step(case)
        except FragmentError as exc:
            self.error = exc
            self.setObsolete(True)
            self._ctx.bus.status_message.emit(str(exc))
            return
        if changes:
            self._ctx.bus.changes_applied.emit(changes)


def push_command(ctx: AppContext, command: Command) -> CoreUndoCommand:
    """Run ``command`` and put it on the undo stack (QUndoStack.push calls redo once).

    Returns the wrapper; check ``wrapper.error`` to learn whether the first redo failed,
    and ``wrapper.notice`` whether it was merged with someone else's change.
    """
    wrapper = CoreUndoCommand(ctx, command)
    ctx.undo_stack.push(wrapper)
    return wrapper
