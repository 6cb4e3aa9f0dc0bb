"""The map's points as a list: keyboard access, selection in step with the map, renaming.

Selecting rows selects the same points on the map (Ctrl/Shift for several, to measure);
double-click or F2 renames a stored location (an undoable edit made by the panel).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from desktop.core.geo import format_dms
from desktop.qt.map.map_view import NEXT_TURN_MS
from desktop.qt.map.markers import MapPoint, kind_styles, legend_pixmap

SLICE_S = 0.008  # the most a slice of a sliced fill holds the event loop

ROLE_KEY = Qt.ItemDataRole.UserRole


class LocationList(QListWidget):
    """One row per map point: kind icon, name, coordinates."""

    #: The selected rows changed (argument: tuple of keys in row order).
    keys_selected = Signal(object)
    #: The user renamed a stored location (location id, new name).
    renamed = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setAccessibleName(self.tr("Locations"))
        # Every row is an icon and one line: without these the view lays out the text of
        # every row at once to size them (a quarter of a second for 5,000 points).
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self._points: dict[str, MapPoint] = {}
        self._fill_token = 0
        self.itemSelectionChanged.connect(self._on_selection)
        self.itemChanged.connect(self._on_item_changed)

    def set_points(self, points: Sequence[MapPoint], *, batch: int = 0) -> None:
        """Show these points (sorted by kind, then label), keeping the selection.

        With ``batch`` the rows are added that many per turn of the event loop; a later
        call abandons an unfinished fill."""
        selected = set(self.selected_keys())
        styles = kind_styles()
        ratio = self.devicePixelRatioF()
        order = {"claimed": 0, "geolocated": 1, "camera": 2}
        icons = {kind: legend_pixmap(style, 14, ratio) for kind, style in styles.items()}
        with QSignalBlocker(self):
            self.clear()
        self._points = {p.key: p for p in points}
        rows = sorted(points, key=lambda p: (order.get(p.kind, 3), p.label.casefold()))
        self._fill_token += 1
        self._add_rows(self._fill_token, rows, 0, batch if batch > 0 else max(len(rows), 1),
                       icons, selected)

    def _add_rows(self, token: int, rows: list[MapPoint], start: int, batch: int,
                  icons: dict[str, QPixmap], selected: set[str]) -> None:
        if token != self._fill_token:
            return
        styles = kind_styles()
        deadline = time.perf_counter() + SLICE_S
        end = start
        with QSignalBlocker(self):
            for point in rows[start:start + batch]:
                end += 1
                style = styles.get(point.kind, styles["claimed"])
                icon = icons.get(point.kind, icons["claimed"])
                item = QListWidgetItem(icon, point.title, self)
                item.setToolTip(f"{style.title}\n{format_dms(point.lat, point.lon)}")
                item.setData(ROLE_KEY, point.key)
                if point.location_id is not None:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                item.setSelected(point.key in selected)
                if batch < len(rows) and time.perf_counter() > deadline:
                    break  # a slice never holds the window for long
        if end < len(rows):
            QTimer.singleShot(NEXT_TURN_MS, self, lambda: self._add_rows(
                token, rows, end, batch, icons, selected))

    def selected_keys(self) -> list[str]:
        """Keys of the selected rows."""
        return [str(item.data(ROLE_KEY)) for item in self.selectedItems()]

    def select_keys(self, keys: Sequence[str]) -> None:
        """Select exactly these rows, silently."""
        wanted = set(keys)
        with QSignalBlocker(self):
            for row in range(self.count()):
                item = self.item(row)
                item.setSelected(item.data(ROLE_KEY) in wanted)
                if item.data(ROLE_KEY) in wanted:
                    self.scrollToItem(item)

    def _on_selection(self) -> None:
        self.keys_selected.emit(tuple(self.selected_keys()))

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        point = self._points.get(str(item.data(ROLE_KEY)))
        if point is None or point.location_id is None:
            return
        name = item.text().strip()
        if point.tag and name.startswith(point.tag):  # the label is shown, not edited
            name = name[len(point.tag):].strip()
        if name != point.label:
            self.renamed.emit(point.location_id, name)
