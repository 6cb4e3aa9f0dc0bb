"""The offline map of every location in the case."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.qt.context import AppContext
from desktop.qt.panels.case_panel import CasePanel


class MapPanel(CasePanel):
    """The offline map of every location in the case."""

    watched_kinds = ("location", "photo", "claim",)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self._placeholder = QLabel(self)
        layout.addWidget(self._placeholder)
        self.refresh()

    def refresh(self) -> None:
        """Re-read from the open case."""
        self._placeholder.setText(
            self.tr("No case open.") if self.ctx.case is None else ""
        )
