"""The case's photos as a list model: sorted, filtered, with lazy thumbnails and badges.

Rows are ``PhotoInfo`` DTOs kept in a Python list; sorting and filtering rebuild that list
(fast for 10,000 rows) instead of going through a proxy model whose per-call overhead in
Python dominates at that size. ``data()`` only reads attributes and the thumbnail cache; a
missing thumbnail is requested from the ``ThumbnailLoader`` (off the GUI thread), so only
rows that are actually painted cost anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop.core.queries.photos import PhotoInfo
from desktop.qt.item_models.thumbnails import ThumbnailLoader
from desktop.qt.time_text import camera_time_label

Index = QModelIndex | QPersistentModelIndex


class PhotoRole(IntEnum):
    """Custom data roles."""

    PHOTO_ID = Qt.ItemDataRole.UserRole + 1
    INFO = Qt.ItemDataRole.UserRole + 2
    HAS_GPS = Qt.ItemDataRole.UserRole + 3
    ANNOTATIONS = Qt.ItemDataRole.UserRole + 4
    FLAGS = Qt.ItemDataRole.UserRole + 5
    #: the label of the video the photo is a frame of ("V1"), or None
    FRAME_OF = Qt.ItemDataRole.UserRole + 6
    TAGS = Qt.ItemDataRole.UserRole + 7


class SortKey(StrEnum):
    """How the browser orders photos."""

    TAKEN = "taken"
    IMPORTED = "imported"
    NAME = "name"


_EPOCH = datetime.min


def _sort_key(key: SortKey) -> Callable[[PhotoInfo], tuple[Any, ...]]:
    if key is SortKey.NAME:
        return lambda p: (p.file_name.casefold(), p.id)
    if key is SortKey.TAKEN:
        # Photos without a date go last, in import order.
        return lambda p: (p.taken_at is None, p.taken_at or "", p.id)
    return lambda p: (p.imported_at or _EPOCH, p.id)


def _haystack(photo: PhotoInfo, texts: Mapping[int, str]) -> str:
    camera = " ".join(x for x in (photo.camera_make, photo.camera_model) if x)
    tags = "\n".join(photo.tags)
    return (f"{photo.label}\n{photo.file_name}\n{camera}\n{tags}\n"
            f"{texts.get(photo.id, '')}").casefold()


@dataclass(frozen=True)
class PhotoRows:
    """The browser's rows with what its filter searches, prepared off the GUI thread."""

    photos: list[PhotoInfo]
    texts: dict[int, str]
    haystacks: dict[int, str]


def prepare_rows(photos: Iterable[PhotoInfo], transcriptions: Mapping[int, str] | None = None
                 ) -> PhotoRows:
    """``PhotoRows`` of ``photos`` in the imported order (``transcriptions``: photo id ->
    searchable annotation text). Pure Python: the browser's worker calls it, so that
    10,000 photos' search texts are not built on the GUI thread."""
    rows = sorted(photos, key=_sort_key(SortKey.IMPORTED))
    texts = dict(transcriptions or {})
    return PhotoRows(rows, texts, {p.id: _haystack(p, texts) for p in rows})


class PhotoModel(QAbstractListModel):
    """Photos of the open case for the browser grid."""

    def __init__(self, thumbnails: ThumbnailLoader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thumbnails = thumbnails
        self._all: list[PhotoInfo] = []
        self._rows: list[PhotoInfo] = []
        self._row_of: dict[int, int] = {}
        self._texts: dict[int, str] = {}
        self._haystacks: dict[int, str] = {}
        #: photo id -> (video label, "frame 17 of V1") for the photos that are frames
        self._origins: dict[int, tuple[str, str]] = {}
        self.sort_key = SortKey.IMPORTED
        self.filter_text = ""
        self.tag = ""  # only photos with this tag (compared without case); "" all
        thumbnails.loaded.connect(self._thumbnail_loaded)

    # -- content ---------------------------------------------------------------------
    def set_photos(self, photos: Iterable[PhotoInfo],
                   transcriptions: Mapping[int, str] | None = None) -> None:
        """Replace every row (``transcriptions``: photo id -> searchable annotation text)."""
        self.set_rows(prepare_rows(photos, transcriptions))

    def set_rows(self, rows: PhotoRows) -> None:
        """Replace every row with rows prepared by ``prepare_rows`` (in a worker: they come
        in imported order, the default one)."""
        self._all, self._texts, self._haystacks = rows.photos, rows.texts, rows.haystacks
        self._rebuild()

    def set_frame_origins(self, origins: Mapping[int, tuple[str, str]]) -> None:
        """Which photos are frames of which video (their badge and tooltip)."""
        self._origins = dict(origins)
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def set_sort(self, key: SortKey) -> None:
        """Order by date taken, import time or file name."""
        self.sort_key = SortKey(key)
        self._rebuild()

    def set_filter(self, text: str) -> None:
        """Keep photos whose label, file name, camera or transcriptions contain ``text``."""
        self.filter_text = text.strip()
        self._rebuild()

    def set_tag(self, tag: str) -> None:
        """Keep only photos carrying ``tag`` (with the text filter); "" for every photo."""
        self.tag = tag.strip()
        self._rebuild()

    def case_tags(self) -> list[tuple[str, int]]:
        """Every tag on the case's photos (one spelling per tag) with its photo count,
        sorted without case."""
        counts: dict[str, list[Any]] = {}
        for photo in self._all:
            for tag in photo.tags:
                counts.setdefault(tag.casefold(), [tag, 0])[1] += 1
        return sorted(((t, int(n)) for t, n in counts.values()), key=lambda r: r[0].casefold())

    def _rebuild(self) -> None:
        self.beginResetModel()
        needle = self.filter_text.casefold()
        rows = [p for p in self._all if needle in self._haystacks[p.id]] if needle \
            else list(self._all)
        if self.tag:
            key = self.tag.casefold()
            rows = [p for p in rows if any(t.casefold() == key for t in p.tags)]
        if self.sort_key is not SortKey.IMPORTED:  # ``prepare_rows`` put them in that order
            rows.sort(key=_sort_key(self.sort_key))
        self._rows = rows
        self._row_of = {p.id: i for i, p in enumerate(rows)}
        self.endResetModel()

    def total(self) -> int:
        """Photos in the case, before filtering."""
        return len(self._all)

    def photo_at(self, row: int) -> PhotoInfo | None:
        """The photo shown in ``row``."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, photo_id: int) -> int:
        """The row of a photo, or -1 when filtered out or absent."""
        return self._row_of.get(photo_id, -1)

    # -- Qt model --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        """Number of visible photos."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, thumbnail, tooltip and the badge roles."""
        row = index.row()
        if not 0 <= row < len(self._rows):
            return None
        photo = self._rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{photo.label}  {photo.file_name}"
        if role == Qt.ItemDataRole.DecorationRole:
            pixmap = self.thumbnails.cached(photo.id)
            if pixmap is None:
                self.thumbnails.request(photo)
            return pixmap
        if role == PhotoRole.PHOTO_ID:
            return photo.id
        if role == PhotoRole.INFO:
            return photo
        if role == PhotoRole.HAS_GPS:
            return photo.has_gps
        if role == PhotoRole.ANNOTATIONS:
            return photo.annotation_count
        if role == PhotoRole.FLAGS:
            return self._flags(photo)
        if role == PhotoRole.FRAME_OF:
            origin = self._origins.get(photo.id)
            return origin[0] if origin else None
        if role == PhotoRole.TAGS:
            return photo.tags
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(photo)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{photo.label} {photo.file_name}"
        return None

    def _flags(self, photo: PhotoInfo) -> tuple[str, ...]:
        """The import flags worth a badge: a video frame has no EXIF by nature (its origin
        is the video), so ``no_exif`` is not a warning about it."""
        if photo.id in self._origins:
            return tuple(flag for flag in photo.flags if flag != "no_exif")
        return tuple(photo.flags)

    def _tooltip(self, photo: PhotoInfo) -> str:
        lines = [f"{photo.label}  {photo.file_name}", f"{photo.width} × {photo.height}"]
        if photo.id in self._origins:
            lines.insert(1, self._origins[photo.id][1])
        if photo.taken_at:
            lines.append(self.tr("Taken {0}").format(camera_time_label(photo.taken_at)))
        camera = " ".join(x for x in (photo.camera_make, photo.camera_model) if x)
        if camera:
            lines.append(camera)
        if photo.has_gps:
            lines.append(self.tr("Has GPS position"))
        if photo.annotation_count:
            lines.append(self.tr("{0} annotations").format(photo.annotation_count))
        if self._flags(photo):
            lines.append(self.tr("Flags: {0}").format(", ".join(self._flags(photo))))
        if photo.tags:
            lines.append(self.tr("Tags: {0}").format(", ".join(photo.tags)))
        return "\n".join(lines)

    def _thumbnail_loaded(self, photo_id: int) -> None:
        row = self._row_of.get(photo_id)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
