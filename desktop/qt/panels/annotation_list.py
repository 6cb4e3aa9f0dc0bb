"""The shown photo's annotations, selection synced both ways with the canvas."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.core.changes import Changes
from desktop.core.queries.investigation import list_annotations
from desktop.qt.canvas.items import KIND_COLORS, kind_label
from desktop.qt.context import AppContext


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class AnnotationListPanel(QWidget):
    """"3 · index code · 9М723" rows for the photo in the viewer."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.photo_id = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Annotations on this photo"))
        layout.addWidget(self.list)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.list.currentItemChanged.connect(self._current_changed)
        ctx.bus.photo_selected.connect(self._photo_selected)
        ctx.bus.case_changed.connect(lambda _c: self._photo_selected(0))
        ctx.bus.changes_applied.connect(self._on_changes)
        ctx.bus.annotation_selected.connect(self._annotation_selected)
        self.refresh()

    def _photo_selected(self, photo_id: int) -> None:
        self.photo_id = photo_id
        self.refresh()

    def _on_changes(self, changes: Changes) -> None:
        if self.photo_id and changes.touches("annotation", "catalog_entry"):
            self.refresh()

    def refresh(self) -> None:
        """Re-read the photo's annotations."""
        selected = self.selected_id()
        rows = []
        if self.photo_id and self.ctx.case is not None:
            rows = self.ctx.case.read(list_annotations, self.photo_id)
        blocker = QSignalBlocker(self.list)
        self.list.clear()
        for a in rows:
            text = f"{a.label} · {kind_label(a.kind)}"
            if a.transcription:
                text += f" · {a.transcription}"
            if a.measured:  # a measurement's value, a reference's size: not a marking
                text += f"  = {a.measured}"
            elif a.matches:
                text += f"  → {a.matches[0].system}"
            item = QListWidgetItem(_swatch(KIND_COLORS.get(a.kind, "#888")), text)
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            self.list.addItem(item)
            if a.id == selected:
                self.list.setCurrentItem(item)
        del blocker
        if not self.photo_id:
            self.empty.setText(self.tr("No photo shown."))
        elif not rows:
            self.empty.setText(self.tr("No annotations on this photo yet."))
        else:
            self.empty.setText(self.tr("{0} annotations").format(len(rows)))

    def selected_id(self) -> int:
        """The annotation selected in the list (0 for none)."""
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else 0

    def _current_changed(self, current: QListWidgetItem | None, _prev: object) -> None:
        if current is not None:
            self.ctx.bus.annotation_selected.emit(int(current.data(Qt.ItemDataRole.UserRole)))

    def _annotation_selected(self, annotation_id: int) -> None:
        if annotation_id == self.selected_id():
            return
        blocker = QSignalBlocker(self.list)
        self.list.setCurrentItem(None)  # type: ignore[call-overload]  # Qt takes a null item; the stub omits None
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == annotation_id:
                self.list.setCurrentItem(item)
        del blocker
