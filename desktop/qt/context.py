"""What every window part shares: the open case, the bus, the undo stack, the thread pool.

Ownership: the main window owns the ``AppContext``; panels receive it in their constructor
and keep no other reference to each other. ``case`` is only replaced on the GUI thread.
Workers receive the ``CaseFile`` (thread-safe: each opens its own sessions) and return DTOs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QUndoStack

from desktop.core.casefile import CaseFile
from desktop.qt.bus import EventBus


@dataclass
class AppContext:
    """Shared state of one main window."""

    bus: EventBus
    undo_stack: QUndoStack
    pool: QThreadPool = field(default_factory=QThreadPool.globalInstance)
    case: CaseFile | None = None

    def set_case(self, case: CaseFile | None) -> None:
        """Replace the open case (closing the old one), clear undo, and announce it."""
        if self.case is not None and self.case is not case:
            self.case.close()
        self.case = case
        self.undo_stack.clear()
        self.bus.case_changed.emit(case)
