"""The central area of the main window: the viewer and the investigation views as tabs.

The photo viewer, Claims, Sources, Evidence and Map each need the room of the central
area (a matrix of evidence or a map is unreadable in a 200 px bottom dock), so they are
tabs of one ``QTabWidget`` instead of docks. Pages are named ("photo", "claims",
"sources", "evidence", "map"); the window and the panels bring one forward by name.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QWidget

PAGES = ("photo", "claims", "sources", "evidence", "map", "checks")


class Workspace(QTabWidget):
    """Named pages in tabs; ``page_shown(name)`` when another tab comes forward."""

    page_shown = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspace")
        self.setDocumentMode(True)
        self.setTabPosition(QTabWidget.TabPosition.North)
        self._names: list[str] = []
        self._widgets: dict[str, QWidget] = {}
        self.currentChanged.connect(lambda i: self.page_shown.emit(self.name_at(i)))

    def add_page(self, name: str, title: str, widget: QWidget, *, scroll: bool = False,
                 tip: str = "") -> None:
        """Add ``widget`` as the page ``name``; with ``scroll`` it may scroll vertically
        when the window is too short for it (never sideways: it is laid out to the width)."""
        if name not in PAGES:
            raise ValueError(f"unknown page {name!r}")
        page: QWidget = widget
        if scroll:
            area = QScrollArea(self)
            area.setObjectName(f"workspace.{name}")
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            area.setWidget(widget)
            page = area
        index = self.addTab(page, title)
        if tip:
            self.setTabToolTip(index, tip)
        self._names.append(name)
        self._widgets[name] = widget

    def name_at(self, index: int) -> str:
        """The name of the page at tab ``index`` ("" for none)."""
        return self._names[index] if 0 <= index < len(self._names) else ""

    def panel(self, name: str) -> QWidget:
        """The widget shown on page ``name`` (inside its scroll area, if any)."""
        return self._widgets[name]

    def show_page(self, name: str) -> None:
        """Bring page ``name`` forward."""
        self.setCurrentIndex(self._names.index(name))

    def on_page(self, name: str, slot: Callable[[bool], object]) -> None:
        """Call ``slot(True)`` when page ``name`` comes forward and ``slot(False)`` when it
        goes behind another (the map and the evidence read only while on screen); called
        once at once with whether it is in front now."""
        self.page_shown.connect(lambda shown: slot(shown == name))
        slot(self.name_at(self.currentIndex()) == name)
