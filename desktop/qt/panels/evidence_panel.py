"""The evidence for and against the selected claim."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.qt.context import AppContext
from desktop.qt.panels.case_panel import CasePanel


class EvidencePanel(CasePanel):
    """The evidence for and against the selected claim."""

    watched_kinds = ("link", "claim", "annotation",)

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
