"""Thumbnails loaded off the GUI thread, newest request first, with a bounded cache.

``ThumbnailLoader.request(photo)`` queues a build/read of the photo's thumbnail in
``derived/`` (``imaging.thumbnail_path`` builds it on demand); at most ``MAX_IN_FLIGHT``
jobs run at once and the most recently requested (i.e. currently visible) photos go first,
so scrolling fast through 10,000 photos never queues thousands of stale jobs. Results
arrive as ``QImage`` and become ``QPixmap`` on the GUI thread.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage, QPixmap

from desktop.core.casefile import CaseFile
from desktop.core.imaging import thumbnail_path
from desktop.core.queries.photos import PhotoInfo
from desktop.qt.jobs import Job, JobControl, JobRunner

MAX_IN_FLIGHT = 2
CACHE_SIZE = 4000
PENDING_LIMIT = 400
THUMB_SIDE = 128


#: The thumbnail sizes the browser offers (pixels, long side); the stored thumbnails are
#: 256 pixels, so every size is a reduction.
THUMB_SIDES = (96, THUMB_SIDE, 192)


def _load(_control: JobControl, case: CaseFile, photo_id: int, sha256: str,
          ext: str, side: int = THUMB_SIDE) -> tuple[int, QImage]:
    image = QImage(str(thumbnail_path(case, sha256, ext)))
    if not image.isNull() and max(image.width(), image.height()) > side:
        image = image.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return photo_id, image


class ThumbnailLoader(QObject):
    """Loads and caches thumbnails for one case."""

    #: photo id whose thumbnail is now in the cache (or failed: ``failed`` holds it)
    loaded = Signal(int)

    def __init__(self, jobs: JobRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self.case: CaseFile | None = None
        self._cache: OrderedDict[int, QPixmap] = OrderedDict()
        self.failed: set[int] = set()
        self._pending: OrderedDict[int, tuple[str, str]] = OrderedDict()
        self._in_flight: set[int] = set()
        self._epoch = 0
        self.side = THUMB_SIDE
        self._limit = CACHE_SIZE

    def set_side(self, side: int) -> None:
        """Load thumbnails ``side`` pixels long from now on (the cache keeps about the
        same memory: fewer large ones)."""
        if side == self.side:
            return
        self.side = side
        self._limit = max(200, int(CACHE_SIZE * (THUMB_SIDE / side) ** 2))
        self._cache.clear()
        self.failed.clear()
        self._pending.clear()
        self._epoch += 1

    def set_case(self, case: CaseFile | None) -> None:
        """Forget everything (a different case is open)."""
        self.case = case
        self._cache.clear()
        self.failed.clear()
        self._pending.clear()
        self._epoch += 1

    def cached(self, photo_id: int) -> QPixmap | None:
        """The thumbnail if already loaded."""
        pixmap = self._cache.get(photo_id)
        if pixmap is not None:
            self._cache.move_to_end(photo_id)
        return pixmap

    def request(self, photo: PhotoInfo) -> None:
        """Ask for a thumbnail (cheap to call repeatedly from ``data()``)."""
        pid = photo.id
        if pid in self._cache or pid in self.failed or pid in self._in_flight:
            return
        self._pending.pop(pid, None)
        self._pending[pid] = (photo.sha256, photo.ext)  # newest last
        while len(self._pending) > PENDING_LIMIT:
            self._pending.popitem(last=False)  # scrolled past long ago
        self._dispatch()

    def _dispatch(self) -> None:
        case = self.case
        while case is not None and self._pending and len(self._in_flight) < MAX_IN_FLIGHT:
            pid, (sha, ext) = self._pending.popitem(last=True)
            self._in_flight.add(pid)
            job = Job(_load, case, pid, sha, ext, self.side)
            epoch = self._epoch
            job.signals.result.connect(lambda r, e=epoch: self._done(e, *r))
            job.signals.error.connect(lambda _m, _t, p=pid, e=epoch: self._failed(e, p))
            self._jobs.start(job)

    def _done(self, epoch: int, photo_id: int, image: QImage) -> None:
        self._in_flight.discard(photo_id)
        if epoch == self._epoch:
            if image.isNull():
                self.failed.add(photo_id)
            else:
                self._cache[photo_id] = QPixmap.fromImage(image)
                while len(self._cache) > self._limit:
                    self._cache.popitem(last=False)
            self.loaded.emit(photo_id)
        self._dispatch()

    def _failed(self, epoch: int, photo_id: int) -> None:
        self._in_flight.discard(photo_id)
        if epoch == self._epoch:
            self.failed.add(photo_id)
            self.loaded.emit(photo_id)
        self._dispatch()

    @property
    def busy(self) -> bool:
        """True while thumbnails are queued or loading."""
        return bool(self._pending or self._in_flight)
