"""The picture the viewer shows: decoded at view resolution, sharper only when zoomed in,
neighbours decoded ahead, recent pictures kept in a byte-budgeted cache.

Flow for a photo: the cache is asked for a picture at least as large as the view needs (the
photo fitted in the viewport, times the device pixel ratio); on a miss its thumbnail is shown
at once (if already built) and a worker decodes at view resolution (JPEG at reduced scale).
Once the photo is sharp, the next and previous photos in the browser's order are decoded
ahead at low priority, so paging shows them at once. Zooming past the decoded resolution
decodes the full resolution in the background; meanwhile the view shows "Sharpening…".

Memory: the decoded pictures live in ``PictureCache`` (byte budget, least recently used
dropped first) plus the one shown; jobs drop their closures when they finish (``jobs.py``),
and decodes for photos nobody waits for any more are taken back from the queue.
Everything here runs on the GUI thread except the job functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PIL import Image
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from desktop.core.casefile import CaseFile
from desktop.core.picture_cache import PictureCache, fit_side, long_side
from desktop.core.queries.photos import PhotoInfo
from desktop.qt.canvas.loading import adjusted, decode_at, pil_to_qimage, quick_preview
from desktop.qt.canvas.view import PhotoView
from desktop.qt.jobs import Job, JobControl, JobRunner

#: Pool priorities: the shown photo first, then its full resolution, then neighbours.
SHOWN, SHARPEN, AHEAD = 10, 5, -5


def _decode(_control: JobControl, case: CaseFile, sha256: str, ext: str, side: int,
            longest: int, adjustments: Mapping[str, Any] | None
            ) -> tuple[Image.Image, QImage | None]:
    """Worker: the picture at ``side``, and its adjusted ``QImage`` when one is wanted."""
    image = decode_at(case, sha256, ext, side, longest)
    shown = None if adjustments is None else pil_to_qimage(adjusted(image, adjustments))
    return image, shown


def _render(_control: JobControl, image: Image.Image,
            adjustments: Mapping[str, Any]) -> QImage:
    """Worker: the picture with the view adjustments, as a ``QImage``."""
    return pil_to_qimage(adjusted(image, adjustments))


class PictureLoader(QObject):
    """Keeps the viewer's picture sharp for the current zoom, without holding on to memory."""

    #: the shown photo is now at least at view resolution
    sharp = Signal()
    #: the shown photo is now at full resolution
    full_resolution = Signal()
    #: a decode failed (one sentence for the status bar)
    failed = Signal(str)

    def __init__(self, view: PhotoView, jobs: JobRunner, cache: PictureCache | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.jobs = jobs
        self.cache = cache if cache is not None else PictureCache()
        self.case: CaseFile | None = None
        self.photo: PhotoInfo | None = None
        self.adjustments: dict[str, Any] = {}
        self._cache_case: CaseFile | None = None
        self.base: Image.Image | None = None  # the sharpest picture shown for this photo
        self._thumb: Image.Image | None = None
        self._generation = 0
        self._render = 0
        # (sha256, side) -> job decoding it; shown photo and decodes ahead alike
        self._decoding: dict[tuple[str, int], Job] = {}
        self._ahead: list[PhotoInfo] = []
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(120)
        self._render_timer.timeout.connect(self._render_base)
        view.zoom_changed.connect(lambda _zoom: self._sharpen())

    # -- the shown photo -------------------------------------------------------------
    def show(self, case: CaseFile | None, photo: PhotoInfo | None,
             adjustments: Mapping[str, Any], neighbours: Sequence[PhotoInfo] = ()) -> None:
        """Show ``photo`` (None clears the viewer) fitted in the view, as sharp as cached;
        ``neighbours`` (next, previous in the browser) are decoded ahead once it is sharp."""
        if case is not self._cache_case:
            self.cache.clear()  # closed, or another case: its pictures are of no use here
            self._cache_case = case
        self.case, self.photo = case, photo
        self._ahead = list(neighbours)
        self._take_back()
        self.adjustments = dict(adjustments)
        self._generation += 1
        self._render += 1
        self._render_timer.stop()
        self.base = self._thumb = None
        self.view.set_sharpening(False)
        if photo is None or case is None:
            self.view.show_image(None, (0, 0), reset_view=True)
            return
        size = (photo.width, photo.height)
        need = self.fit_side(photo)
        cached = self.cache.get(photo.sha256, need)
        if cached is not None:
            self.base = cached
            self.view.show_image(self._quick_render(cached), size, reset_view=True)
            self._became_sharp()
            return
        self._request(photo, need, SHOWN)  # first: the worker starts while we go on
        self._thumb = quick_preview(case, photo.sha256)
        first = None if self._thumb is None else pil_to_qimage(adjusted(self._thumb,
                                                                        self.adjustments))
        self.view.show_image(first, size, reset_view=True)
        self.view.set_sharpening(True)

    def fit_side(self, photo: PhotoInfo) -> int:
        """Long side of the picture that shows ``photo`` sharp when fitted in the view."""
        viewport = self.view.viewport().size()
        return fit_side((photo.width, photo.height), (viewport.width(), viewport.height()),
                        self.view.devicePixelRatioF())

    def needed_side(self) -> int:
        """Long side the shown photo needs to be sharp at the current zoom."""
        if self.photo is None:
            return 0
        longest = max(self.photo.width, self.photo.height)
        zoom = self.view.zoom() * self.view.devicePixelRatioF()
        return min(longest, int(longest * zoom + 0.999))

    def shown_side(self) -> int:
        """Long side of the sharpest picture shown for this photo (0: only a thumbnail)."""
        return 0 if self.base is None else long_side(self.base)

    def is_sharp(self) -> bool:
        """True when the shown picture has at least the resolution the zoom needs."""
        return self.photo is not None and self.shown_side() >= self.needed_side() - 1

    # -- decoding --------------------------------------------------------------------
    def _request(self, photo: PhotoInfo, side: int, priority: int) -> None:
        """Decode ``photo`` at ``side`` unless that is already under way."""
        key = (photo.sha256, side)
        if key in self._decoding or self.case is None:
            return
        longest = max(photo.width, photo.height)
        shown = photo.id == (self.photo.id if self.photo else 0)
        adj = dict(self.adjustments) if shown else None
        job = Job(_decode, self.case, photo.sha256, photo.ext, side, longest, adj)
        generation = self._generation
        job.signals.result.connect(
            lambda result, k=key, g=generation, a=adj: self._decoded(k, g, a, *result))
        job.signals.error.connect(lambda message, _tb, k=key: self._failed(k, message))
        self._decoding[key] = job
        self.jobs.start(job, priority)

    def _decoded(self, key: tuple[str, int], generation: int,
                 rendered_with: dict[str, Any] | None, image: Image.Image,
                 shown: QImage | None) -> None:
        self._decoding.pop(key, None)
        self.cache.put(key[0], image)
        photo = self.photo
        if photo is None or photo.sha256 != key[0] or long_side(image) <= self.shown_side():
            return  # decoded ahead (or superseded): kept in the cache for later
        self.base = image
        if shown is None or generation != self._generation \
                or rendered_with != self.adjustments:
            if long_side(image) > self.fit_side(photo):
                self._render_base()  # a big picture: adjust it in a worker
                return
            shown = self._quick_render(image)
        self._display(shown)

    def _failed(self, key: tuple[str, int], message: str) -> None:
        self._decoding.pop(key, None)
        if self.photo is not None and self.photo.sha256 == key[0]:
            self.view.set_sharpening(False)
            self.failed.emit(message)

    def _display(self, image: QImage) -> None:
        assert self.photo is not None
        self.view.canvas.set_image(image, (self.photo.width, self.photo.height))
        self._became_sharp()

    def _became_sharp(self) -> None:
        if not self.is_sharp():
            self._sharpen()  # zoomed in while the view-sized picture was on its way
        self.view.set_sharpening(not self.is_sharp())
        if self.photo is not None and self.shown_side() >= self.fit_side(self.photo):
            self.sharp.emit()
            self._decode_ahead()
        if self.photo is not None and self.shown_side() >= max(self.photo.width,
                                                               self.photo.height):
            self.full_resolution.emit()

    def _sharpen(self) -> None:
        """The zoom or the view's size changed: decode a sharper picture if now needed.

        Zoomed in past the view resolution: the full resolution. Still fitted but in a
        larger view (the window grew): the new view resolution.
        """
        photo = self.photo
        if photo is None or self.base is None or self.is_sharp():
            return
        need = self.needed_side()
        cached = self.cache.get(photo.sha256, need)
        if cached is not None:
            self.base = cached
            self._render_base()
            return
        fit = self.fit_side(photo)
        self._request(photo, fit if need <= fit else max(photo.width, photo.height), SHARPEN)
        self.view.set_sharpening(True)

    def _take_back(self) -> None:
        """Another photo is shown: take the decodes still queued out of the pool queue
        (those already running finish into the cache); what is wanted is asked again."""
        for key, job in list(self._decoding.items()):
            if self.jobs.take(job):
                del self._decoding[key]

    # -- decoding ahead --------------------------------------------------------------
    def _decode_ahead(self) -> None:
        for photo in self._ahead:
            need = self.fit_side(photo)
            if self.cache.get(photo.sha256, need) is None:
                self._request(photo, need, AHEAD)

    # -- adjustments -----------------------------------------------------------------
    def set_adjustments(self, adjustments: Mapping[str, Any]) -> None:
        """Show the photo with new view adjustments (a thumbnail at once, the rest soon)."""
        self.adjustments = dict(adjustments)
        self._render += 1  # renders with the old values are now stale
        if self.photo is None:
            return
        if self.base is None and self._thumb is not None:
            self.view.canvas.set_image(pil_to_qimage(adjusted(self._thumb, self.adjustments)),
                                       (self.photo.width, self.photo.height))
        self._render_timer.start()

    def _quick_render(self, image: Image.Image) -> QImage:
        """On the GUI thread: a view-sized picture (cheap) with the adjustments applied."""
        return pil_to_qimage(adjusted(image, self.adjustments))

    def _render_base(self) -> None:
        """Apply the adjustments to the shown picture in a worker, then swap it in."""
        if self.base is None or self.photo is None:
            return
        self._render += 1
        job = Job(_render, self.base, dict(self.adjustments))
        job.signals.result.connect(
            lambda image, g=self._generation, r=self._render: self._rendered(g, r, image))
        self.jobs.start(job, SHOWN)

    def _rendered(self, generation: int, render: int, image: QImage) -> None:
        if generation != self._generation or render != self._render or self.photo is None:
            return
        self._display(image)
