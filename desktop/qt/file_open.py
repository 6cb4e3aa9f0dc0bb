"""macOS: open a case that Finder hands to the application (``QFileOpenEvent``).

Double-clicking a ``Name.fragment`` case (a document package, see packaging/fragment.spec)
or dropping it on the Dock icon sends the running application a ``FileOpen`` event instead
of a command-line argument. The event can arrive before the main window exists (at
launch), so paths are kept until a window is attached. Other platforms never send it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFileOpenEvent


class FileOpenHandler(QObject):
    """Application event filter that passes opened files to ``opener`` (once attached)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pending: list[Path] = []
        self._opener: Callable[[Path], object] | None = None

    def attach(self, opener: Callable[[Path], object]) -> bool:
        """Route opened files to ``opener``; returns True when a pending one was opened."""
        self._opener = opener
        pending, self.pending = self.pending, []
        for path in pending:
            opener(path)
        return bool(pending)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Take ``FileOpen`` events; let everything else through."""
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = Path(event.file() or event.url().toLocalFile())
            if self._opener is None:
                self.pending.append(path)
            else:
                self._opener(path)
            return True
        return super().eventFilter(watched, event)
