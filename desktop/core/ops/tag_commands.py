"""Undoable tag commands: add or remove tags on one photo or a selection, as one step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes
from desktop.core.ops.tags import TagRow, add_tags, delete_tags, remove_tags, restore_tags


def _count(photo_ids: Sequence[int]) -> str:
    return "1 photo" if len(photo_ids) == 1 else f"{len(photo_ids)} photos"


def _tags(tags: Sequence[str]) -> str:
    quoted = ", ".join(f"“{t.strip()}”" for t in tags)
    return f"tag {quoted}" if len(tags) == 1 else f"tags {quoted}"


@dataclass
class TagPhotos:
    """Add ``tags`` to ``photo_ids``; undo takes off exactly the tags this step added."""

    photo_ids: list[int]
    tags: list[str]
    text: str = ""
    _added: tuple[TagRow, ...] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if not self.text:
            self.text = f"Add {_tags(self.tags)} to {_count(self.photo_ids)}"

    def redo(self, case: CaseFile) -> Changes:
        """Add the tags (the first time), or the very rows added before (after an undo)."""
        if self._added is None:
            result = add_tags(case, photo_ids=self.photo_ids, tags=self.tags)
        else:
            result = restore_tags(case, rows=self._added)
        self._added = result.rows
        return result.changes

    def undo(self, case: CaseFile) -> Changes:
        """Remove the rows this step added."""
        return delete_tags(case, rows=self._added or ()).changes


@dataclass
class UntagPhotos:
    """Remove ``tags`` from ``photo_ids``; undo puts back exactly what was removed."""

    photo_ids: list[int]
    tags: list[str]
    text: str = ""
    _removed: tuple[TagRow, ...] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if not self.text:
            self.text = f"Remove {_tags(self.tags)} from {_count(self.photo_ids)}"

    def redo(self, case: CaseFile) -> Changes:
        """Remove the tags (the first time), or the very rows removed before."""
        if self._removed is None:
            result = remove_tags(case, photo_ids=self.photo_ids, tags=self.tags)
        else:
            result = delete_tags(case, rows=self._removed)
        self._removed = result.rows
        return result.changes

    def undo(self, case: CaseFile) -> Changes:
        """Put the removed rows back with their uids."""
        return restore_tags(case, rows=self._removed or ()).changes
