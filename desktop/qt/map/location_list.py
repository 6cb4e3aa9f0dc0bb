"""The map's points as a list: keyboard access, selection in step with the map, renaming.

Selecting rows selects the same points on the map (Ctrl/Shift for several, to measure);
double-click or F2 renames a stored location (an undoable edit made by the panel).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from desktop.core.geo import format_dms
from desktop.qt.map.markers import MapPoint, kind_styles, legend_pixmap

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
        self._points: dict[str, MapPoint] = {}
        self.itemSelectionChanged.connect(self._on_selection)
        self.itemChanged.connect(self._on_item_changed)

    def set_points(self, points: Sequence[MapPoint]) -> None:
        """Show these points (sorted by kind, then label), keeping the selection."""
        selected = set(self.selected_keys())
        styles = kind_styles()
        ratio = self.devicePixelRatioF()
        order = {"claimed": 0, "geolocated": 1, "camera": 2}
        icons = {kind: legend_pixmap(style, 14, ratio) for kind, style in styles.items()}
        with QSignalBlocker(self):
            self.clear()
            self._points = {p.key: p for p in points}
            for point in sorted(points, key=lambda p: (order.get(p.kind, 3), p.label.casefold())):
                style = styles.get(point.kind, styles["claimed"])
                icon = icons.get(point.kind, icons["claimed"])
                item = QListWidgetItem(icon, point.title, self)
                item.setToolTip(f"{style.title}\n{format_dms(point.lat, point.lon)}")
                item.setData(ROLE_KEY, point.key)
                if point.location_id is not None:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                item.setSelected(point.key in selected)

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
