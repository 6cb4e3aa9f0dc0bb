"""Link an annotation to a claim with a stance and a rationale."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from desktop.qt.context import AppContext


class LinkClaimDialog(QDialog):
    """Choose a claim, a stance (supports / contradicts / context) and a rationale."""

    def __init__(
        self, ctx: AppContext, annotation_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.annotation_id = annotation_id
        self.setWindowTitle(self.tr("Link to claim"))
        layout = QVBoxLayout(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
