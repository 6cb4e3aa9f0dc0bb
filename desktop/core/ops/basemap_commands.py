"""Undoable forms of adding and removing an offline basemap (for the GUI's undo stack)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes
from desktop.core.ops.basemaps import (
    StoredBasemap,
    add_basemap,
    remove_basemap,
    restore_basemap,
)


class AddBasemap:
    """Add an MBTiles file; undo removes it from the list, redo puts the same row back."""

    text = "Add basemap"

    def __init__(self, path: str | Path, stored: StoredBasemap | None = None) -> None:
        self._path = Path(path)
        self._stored = stored  # already copied into the store by a worker
        self.basemap_id: int | None = None
        self._row: dict[str, Any] | None = None

    def redo(self, case: CaseFile) -> Changes:
        """Add the file the first time; restore the remembered row after an undo."""
        if self._row is not None:
            return restore_basemap(case, self._row)
        self.basemap_id, changes = add_basemap(case, self._path, stored=self._stored)
        return changes

    def undo(self, case: CaseFile) -> Changes:
        """Take the basemap off the list (the stored file stays)."""
        assert self.basemap_id is not None, "undo before redo"
        self._row, changes = remove_basemap(case, self.basemap_id)
        return changes


class RemoveBasemap:
    """Remove a basemap from the list; undo puts it back."""

    text = "Remove basemap"

    def __init__(self, basemap_id: int) -> None:
        self.basemap_id = basemap_id
        self._row: dict[str, Any] | None = None

    def redo(self, case: CaseFile) -> Changes:
        """Remove it, remembering its row."""
        self._row, changes = remove_basemap(case, self.basemap_id)
        return changes

    def undo(self, case: CaseFile) -> Changes:
        """Restore it with the same id."""
        assert self._row is not None, "undo before redo"
        return restore_basemap(case, self._row)
