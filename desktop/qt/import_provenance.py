"""The optional provenance section of the Import dialog (folded until asked for).

The same fields as ``fragment add --taken-by ... --source S``; ``values()`` checks them with
the core (``import_provenance``) and returns the column values for every photo imported,
or None with the reason shown when one is refused.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import ValidationError
from desktop.core.ops.provenance import TIME_EXAMPLE, import_provenance
from desktop.core.queries.photos import source_choices
from desktop.qt.context import AppContext
from desktop.qt.panels.provenance_editor import acquisition_label
from desktop.qt.theme import color_style


class ImportProvenanceForm(QWidget):
    """A fold-out form: taken by, provided by, how obtained, URL, obtained at, source."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.toggle = QToolButton(self)
        self.toggle.setText(self.tr("&Provenance of these photos (optional)"))
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setCheckable(True)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        layout.addWidget(self.toggle)
        self.body = QWidget(self)
        form = QFormLayout(self.body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.taken_by = QLineEdit(self.body)
        self.taken_by.setPlaceholderText(self.tr("Who took the photos"))
        form.addRow(self.tr("Taken by"), self.taken_by)
        self.provided_by = QLineEdit(self.body)
        self.provided_by.setPlaceholderText(self.tr("Who provided them (received from)"))
        form.addRow(self.tr("Provided by"), self.provided_by)
        self.acquisition = QComboBox(self.body)
        for value in ("unknown", "received", "downloaded", "taken_by_team"):
            self.acquisition.addItem(acquisition_label(value), value)
        form.addRow(self.tr("How obtained"), self.acquisition)
        self.url = QLineEdit(self.body)
        self.url.setPlaceholderText(self.tr("https://… where they were found"))
        form.addRow(self.tr("Original URL"), self.url)
        self.obtained_at = QLineEdit(self.body)
        self.obtained_at.setPlaceholderText(self.tr("{0} (Z or an offset)").format(TIME_EXAMPLE))
        form.addRow(self.tr("Obtained at"), self.obtained_at)
        self.source = QComboBox(self.body)
        self.source.addItem(self.tr("none"), None)
        if ctx.case is not None:
            for choice in ctx.case.read(source_choices):
                self.source.addItem(choice.text, choice.id)
        form.addRow(self.tr("Source"), self.source)
        layout.addWidget(self.body)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(color_style("error"))
        self.error.hide()
        layout.addWidget(self.error)
        self.body.hide()
        self.toggle.toggled.connect(self.set_expanded)

    def set_expanded(self, expanded: bool) -> None:
        """Show or fold the fields."""
        self.toggle.setChecked(expanded)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)
        window = self.window()
        if window is not None and window is not self:
            hint = window.sizeHint()
            window.resize(max(window.width(), hint.width()), hint.height())

    def values(self) -> dict[str, Any] | None:
        """Checked column values for every imported photo ({} when nothing was filled in),
        or None when a value is refused (the sentence is shown, the fields unfolded)."""
        if self.ctx.case is None:
            return None
        acquisition = self.acquisition.currentData()
        try:
            values = import_provenance(
                self.ctx.case, taken_by=self.taken_by.text() or None,
                provided_by=self.provided_by.text() or None,
                acquisition=None if acquisition == "unknown" else acquisition,
                url=self.url.text() or None, obtained_at=self.obtained_at.text() or None,
                source=self.source.currentData())
        except ValidationError as exc:
            self.set_expanded(True)
            names = {"--taken-by": self.tr("Taken by"), "--provided-by": self.tr("Provided by"),
                     "--acquisition": self.tr("How obtained"), "--url": self.tr("Original URL"),
                     "--obtained-at": self.tr("Obtained at"), "--source": self.tr("Source")}
            self.error.setText(self.tr("{0}: {1} (nothing was imported).").format(
                names.get(exc.path, exc.path), exc.reason.rstrip(".")))
            self.error.show()
            return None
        self.error.hide()
        return values
