"""Common base for the investigation panels: follow the open case and its changes.

A panel keeps only ids and DTOs; whenever the case is replaced or a mutation touches one of
the kinds it shows, it re-reads everything it displays through the core queries.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.core.changes import Changes
from desktop.qt.context import AppContext


class CasePanel(QWidget):
    """A widget bound to an ``AppContext`` that refreshes when its kinds change."""

    #: Kinds of objects (table names) whose change makes this panel re-read.
    watched_kinds: tuple[str, ...] = ()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.bus.case_changed.connect(self._on_case_changed)
        ctx.bus.changes_applied.connect(self._on_changes)

    def _on_case_changed(self, _case: object) -> None:
        self.refresh()

    def _on_changes(self, changes: Changes) -> None:
        if not self.watched_kinds or changes.touches(*self.watched_kinds):
            self.refresh()

    def refresh(self) -> None:
        """Re-read what the panel shows from the open case (override)."""
