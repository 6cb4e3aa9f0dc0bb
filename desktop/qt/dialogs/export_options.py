"""Pieces of the Export dialog: one row per output (check box, path, Browse…) and a
checkable list with All / None buttons for choosing photos and claims."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExportDialog", text)


class OutputRow:
    """A check box, a path field and a Browse… button in one row of a grid."""

    def __init__(self, grid: QGridLayout, row: int, label: str, *, folder: bool,
                 file_filter: str = "", tooltip: str = "") -> None:
        parent = grid.parentWidget()
        self.folder = folder
        self.file_filter = file_filter
        self.check = QCheckBox(label, parent)
        self.check.setToolTip(tooltip)
        self.path = QLineEdit(parent)
        self.path.setClearButtonEnabled(True)
        self.path.setPlaceholderText(_tr("Folder to create") if folder else _tr("File to write"))
        self.path.setMinimumWidth(320)
        self.browse = QPushButton(_tr("Browse…"), parent)
        grid.addWidget(self.check, row, 0)
        grid.addWidget(self.path, row, 1)
        grid.addWidget(self.browse, row, 2)
        self.browse.clicked.connect(self.choose)
        self.check.toggled.connect(self._sync)
        self._sync(self.check.isChecked())

    def _sync(self, checked: bool) -> None:
        self.path.setEnabled(checked)

    def choose(self) -> None:
        """Ask for the path with the platform's file dialog (tests set ``path`` instead)."""
        parent = self.path.window()
        current = self.path.text().strip()
        if self.folder:
            # the bag or CSV folder is created by the export: choose where it goes, keep the name
            start = str(Path(current).parent) if current else ""
            chosen = QFileDialog.getExistingDirectory(parent, _tr("Choose where to create the "
                                                                  "folder"), start)
            if chosen:
                name = Path(current).name if current else self.check.text()
                chosen = str(Path(chosen) / name)
        else:
            chosen, _ = QFileDialog.getSaveFileName(parent, self.check.text(), current,
                                                    self.file_filter)
        if chosen:
            self.path.setText(chosen)
            self.check.setChecked(True)

    def chosen_path(self) -> Path | None:
        """The path when this output is checked and has one, else None."""
        text = self.path.text().strip()
        return Path(text).expanduser() if self.check.isChecked() and text else None

    def set_enabled(self, enabled: bool) -> None:
        """Lock the row while exporting."""
        self.check.setEnabled(enabled)
        self.browse.setEnabled(enabled)
        self.path.setEnabled(enabled and self.check.isChecked())


class CheckList(QWidget):
    """A titled list of checkable items (all checked at first) with All and None buttons."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.title = QLabel(title, self)
        self.count = QLabel(self)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.count)
        self.list = QListWidget(self)
        self.list.setUniformItemSizes(True)
        # long claim statements are elided (the tooltip has them in full), never scrolled
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMinimumHeight(110)
        buttons = QHBoxLayout()
        self.all_button = QPushButton(_tr("All"), self)
        self.none_button = QPushButton(_tr("None"), self)
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.none_button)
        buttons.addStretch(1)
        layout.addLayout(head)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.all_button.clicked.connect(lambda: self.set_all(True))
        self.none_button.clicked.connect(lambda: self.set_all(False))
        self.list.itemChanged.connect(lambda _item: self._update_count())
        self._update_count()

    def fill(self, rows: Sequence[tuple[int, str, str]]) -> None:
        """Replace the items with ``(id, text, tooltip)`` rows, all checked."""
        self.list.blockSignals(True)
        self.list.clear()
        for item_id, text, tooltip in rows:
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, item_id)
            item.setToolTip(tooltip)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        self.list.blockSignals(False)
        self._update_count()

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def set_all(self, checked: bool) -> None:
        """Check or uncheck every item."""
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for item in self._items():
            item.setCheckState(state)

    def set_checked(self, item_id: int, checked: bool) -> None:
        """Check or uncheck the item with this id."""
        for item in self._items():
            if item.data(Qt.ItemDataRole.UserRole) == item_id:
                item.setCheckState(Qt.CheckState.Checked if checked
                                   else Qt.CheckState.Unchecked)

    def selected_ids(self) -> tuple[int, ...] | None:
        """The checked ids, or None when every item is checked (meaning "all")."""
        items = self._items()
        ids = tuple(int(item.data(Qt.ItemDataRole.UserRole)) for item in items
                    if item.checkState() == Qt.CheckState.Checked)
        return None if len(ids) == len(items) else ids

    def _update_count(self) -> None:
        total = self.list.count()
        chosen = sum(1 for item in self._items() if item.checkState() == Qt.CheckState.Checked)
        self.count.setText(_tr("{0} of {1}").format(chosen, total))



def shorten(text: str, limit: int = 90) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"
