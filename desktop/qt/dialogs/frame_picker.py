"""The frame picker: scrub a video, step frame by frame, jump to a time, and keep the frame
that shows the marking as a photo of the case.

Every picture shown is the frame itself, decoded exactly in a child process
(``frame_reader.IsolatedFrameReader``: seek to the key frame before it, decode forward to
it), with its number, time code and the SHA-256 of its decoded planes; there is no
approximate preview. Decoding runs in the thread pool, one request at a time: while one
decodes, newer requests replace each other, so fast scrubbing leaves no backlog. "Save
frame as photo" keeps the frame that is shown (``videos.save_frame``, which decodes it
again from the start and is audited) and selects the new photo in the browser.
"""

from __future__ import annotations

import re
from collections import OrderedDict

from PySide6.QtCore import QRect, QSignalBlocker, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from desktop.core.casefile import CaseFile
from desktop.core.errors import FragmentError
from desktop.core.frame_reader import FrameTable, IsolatedFrameReader, ShownFrame
from desktop.core.queries.videos import VideoInfo
from desktop.core.video import parse_timecode
from desktop.core.videos import SavedFrame, save_frame
from desktop.qt.context import AppContext
from desktop.qt.jobs import Job, JobControl, JobRunner

#: decoded frames kept to step back and forth without decoding again
CACHE_FRAMES = 12
#: the long side of the pictures asked for: the view's, within these bounds (a 1080p frame
#: shown in a large view comes whole)
MIN_SIDE, MAX_SIDE = 640, 1920
_FRAME_NUMBER = re.compile(r"#?\s*(\d+)")


def _open_reader(_control: JobControl, case: CaseFile, video: VideoInfo) -> IsolatedFrameReader:
    stored = case.originals.path_for(video.sha256, video.ext)
    if not stored.is_file():
        raise FragmentError(f"the original of video {video.label} is missing from the case; "
                            "run fragment verify")
    return IsolatedFrameReader(stored, what=f"video {video.label}")


def _decode(_control: JobControl, reader: IsolatedFrameReader, index: int,
            side: int) -> ShownFrame:
    return reader.frame(index, side)


def _save(_control: JobControl, case: CaseFile, video_id: int, index: int) -> tuple[
        SavedFrame, object]:
    return save_frame(case, video_id, index=index)


class FrameView(QWidget):
    """The frame, scaled to fit, never cropped or stretched."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = QImage()
        self.setMinimumSize(320, 180)
        self.setAccessibleName(self.tr("Video frame"))

    def set_image(self, image: QImage) -> None:
        """Show ``image``."""
        self.image = image
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Black bars around the frame."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if not self.image.isNull():
            size = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(self.rect().center())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, self.image)


class FramePicker(QDialog):
    """Pick a frame of one video and save it as a photo."""

    #: a frame is shown (its index)
    frame_shown = Signal(int)
    #: a frame was saved (the photo's id)
    frame_saved = Signal(int)

    def __init__(self, ctx: AppContext, jobs: JobRunner, video: VideoInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.jobs, self.video = ctx, jobs, video
        self.reader: IsolatedFrameReader | None = None
        self.table: FrameTable | None = None
        self.shown: ShownFrame | None = None
        self._cache: OrderedDict[int, ShownFrame] = OrderedDict()
        self._wanted: int | None = None
        self._busy = False
        self._saving = False
        self._closed = False
        self.setWindowTitle(self.tr("Pick a frame of {0} ({1})").format(video.label,
                                                                      video.file_name))
        self.resize(960, 680)
        self._build()
        ctx.bus.case_changed.connect(self._case_closed)
        self._open()

    # -- layout ----------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.view = FrameView(self)
        layout.addWidget(self.view, 1)
        self.position = QLabel(self.tr("Opening {0}…").format(self.video.file_name), self)
        self.position.setObjectName("framePosition")
        self.position.setWordWrap(True)
        self.position.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.position)
        row = QHBoxLayout()
        self.back = self._button(self.tr("◀ Previous"), self.tr("Previous frame (Left or ,)"),
                                 lambda: self.step(-1))
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setAccessibleName(self.tr("Position in the video"))
        self.slider.setToolTip(self.tr("Drag to scrub; every frame shown is decoded exactly"))
        self.slider.setEnabled(False)
        self.slider.valueChanged.connect(self.request)
        self.forward = self._button(self.tr("Next ▶"), self.tr("Next frame (Right or .)"),
                                    lambda: self.step(1))
        row.addWidget(self.back)
        row.addWidget(self.slider, 1)
        row.addWidget(self.forward)
        layout.addLayout(row)
        jump = QHBoxLayout()
        jump.addWidget(QLabel(self.tr("Go to:"), self))
        self.time_field = QLineEdit(self)
        self.time_field.setPlaceholderText(self.tr("00:01:23.456 or frame number"))
        self.time_field.setAccessibleName(self.tr("Time code or frame number"))
        self.time_field.setToolTip(self.tr("A time (00:01:23.456, 1:23.4 or 83.4 seconds) "
                                           "shows the frame on screen at that time; a whole "
                                           "number is a frame number, from 0"))
        self.time_field.returnPressed.connect(self.jump)
        self.time_field.setMinimumWidth(self.time_field.fontMetrics().horizontalAdvance(
            self.time_field.placeholderText()) + 24)
        jump.addWidget(self.time_field)
        self.go = self._button(self.tr("Go"), self.tr("Show that frame (Enter)"), self.jump)
        jump.addWidget(self.go)
        jump.addStretch(1)
        self.save_button = self._button(
            self.tr("&Save Frame as Photo"),
            self.tr("Keep the frame shown as a photo of the case, with its provenance "
                    "(Ctrl+S or Enter)"), self.save)
        self.save_button.setEnabled(False)
        jump.addWidget(self.save_button)
        self.close_button = self._button(self.tr("Close"), self.tr("Close (Esc)"), self.close)
        jump.addWidget(self.close_button)
        layout.addLayout(jump)
        self.message = QLabel(self)
        self.message.setObjectName("frameMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        self._set_stepping(False)

    def _case_closed(self, _case: object) -> None:
        """Another case (or none) is open: this video is not in it."""
        self.close()

    def _writable(self) -> bool:
        return self.ctx.case is not None and not self.ctx.case.readonly

    def _button(self, text: str, tip: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _set_stepping(self, enabled: bool) -> None:
        for widget in (self.back, self.forward, self.slider, self.go, self.time_field):
            widget.setEnabled(enabled)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #c62828;" if error else "")
        self.message.setText(text)

    # -- opening and decoding --------------------------------------------------------
    def _open(self) -> None:
        case = self.ctx.case
        if case is None:
            return
        job = Job(_open_reader, case, self.video)
        job.signals.result.connect(self._opened)
        job.signals.error.connect(lambda message, _d: self._failed(message))
        self.jobs.start(job, priority=1)

    def _opened(self, reader: IsolatedFrameReader) -> None:
        if self._closed:
            reader.close()
            return
        self.reader, self.table = reader, reader.table
        with QSignalBlocker(self.slider):
            self.slider.setRange(0, max(0, self.table.count - 1))
            self.slider.setPageStep(max(1, self.table.count // 20))
        self._set_stepping(True)
        self.slider.setFocus()
        self.request(0)

    def _failed(self, message: str) -> None:
        if self._closed:
            return
        self._busy = False
        self.position.setText(self.tr("This video cannot be shown: {0}").format(message)
                              if self.reader is None else self.position.text())
        if self.reader is not None:
            self._say(message, error=True)

    def request(self, index: int) -> None:
        """Show frame ``index`` (requests made while one decodes replace each other)."""
        if self.table is None or not 0 <= index < self.table.count:
            return
        with QSignalBlocker(self.slider):
            self.slider.setValue(index)
        cached = self._cache.get(index)
        if cached is not None:
            self._cache.move_to_end(index)
            self._wanted = None
            self._show(cached)
            return
        self._wanted = index
        self._pump()

    def _pump(self) -> None:
        if self._busy or self._wanted is None or self.reader is None or self._closed:
            return
        index, self._wanted = self._wanted, None
        self._busy = True
        self._say(self.tr("Decoding frame {0}…").format(index))
        job = Job(_decode, self.reader, index, self._side())
        job.signals.result.connect(self._decoded)
        job.signals.error.connect(lambda message, _d: self._failed(message))
        job.signals.finished.connect(self._idle)
        self.jobs.start(job, priority=1)

    def _side(self) -> int:
        """The long side of the picture to ask for: what the view can show, no more (less
        to carry from the reader and to scale for each frame)."""
        view = max(self.view.width(), self.view.height()) * self.view.devicePixelRatioF()
        return int(min(MAX_SIDE, max(MIN_SIDE, view)))

    def _idle(self) -> None:
        self._busy = False
        self._pump()

    def _decoded(self, shown: ShownFrame) -> None:
        if self._closed:
            return
        self._cache[shown.index] = shown
        while len(self._cache) > CACHE_FRAMES:
            self._cache.popitem(last=False)
        if self._wanted is None:
            self._say("")
        self._show(shown)

    def _show(self, shown: ShownFrame) -> None:
        self.shown = shown
        image = QImage(shown.rgb, shown.shown_width, shown.shown_height,
                       3 * shown.shown_width, QImage.Format.Format_RGB888).copy()
        self.view.set_image(image)
        count = self.table.count if self.table is not None else 0
        scaled = "" if shown.shown_width == shown.width else self.tr(
            " (shown scaled; the saved photo has all {0} × {1} pixels)").format(shown.width,
                                                                              shown.height)
        self.position.setText(self.tr(
            "Frame {0} (of 0–{1}) at {2}, decoded exactly: planes SHA-256 {3} ({4}){5}").format(
                shown.index, count - 1, shown.timecode, shown.digest[:16] + "…",
                shown.pixel_format, scaled))
        self.position.setToolTip(shown.digest if self.table is None or self.table.seekable
                                 else self.tr("{0}\nThis video's frames carry no times: each "
                                              "one is decoded from the start (slower)").format(
                                     shown.digest))
        self.save_button.setEnabled(not self._saving and self._writable())
        self.frame_shown.emit(shown.index)

    # -- navigation ------------------------------------------------------------------
    def current_index(self) -> int:
        """The frame asked for last (the slider's position)."""
        return self.slider.value()

    def step(self, delta: int) -> None:
        """One frame back (-1) or forward (1)."""
        if self.table is not None:
            self.request(min(self.table.count - 1, max(0, self.current_index() + delta)))

    def jump(self) -> None:
        """Show the frame the field names: a time code or a frame number."""
        if self.table is None:
            return
        text = self.time_field.text().strip()
        number = _FRAME_NUMBER.fullmatch(text)
        try:
            if number:
                index = int(number.group(1))
                if index >= self.table.count:
                    raise FragmentError(self.tr("{0} has frames 0 to {1}.").format(
                        self.video.label, self.table.count - 1))
            else:
                index = self.table.index_at(parse_timecode(text))
        except FragmentError as exc:
            self._say(str(exc).rstrip(".") + ".", error=True)
            return
        self._say("")
        self.request(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Left/, and Right/. step; Enter saves (in the time field it jumps)."""
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Comma):
            self.step(-1)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Period):
            self.step(1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.focusWidget() is not self.time_field:
                self.save()
        else:
            super().keyPressEvent(event)

    # -- saving ----------------------------------------------------------------------
    def save(self) -> None:
        """Keep the frame shown as a photo (decoded again from the start, audited)."""
        case, shown = self.ctx.case, self.shown
        if case is None or shown is None or self._saving:
            return
        if case.readonly:
            self._say(self.tr("This case is open read-only: the frame cannot be saved."),
                      error=True)
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self._say(self.tr("Saving frame {0}…").format(shown.index))
        job = Job(_save, case, self.video.id, shown.index)
        job.signals.result.connect(lambda result, s=shown: self._saved(s, *result))
        job.signals.error.connect(lambda message, _d: self._save_failed(message))
        self.jobs.start(job, priority=1)

    def _save_failed(self, message: str) -> None:
        self._saving = False
        self.save_button.setEnabled(self.shown is not None)
        self._say(self.tr("The frame was not saved: {0}").format(message), error=True)

    def _saved(self, shown: ShownFrame, saved: SavedFrame, changes: object) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if changes:
            self.ctx.bus.changes_applied.emit(changes)
        self.ctx.bus.photo_selected.emit(saved.photo_id)
        if saved.frame.digest != shown.digest:
            text = self.tr("Kept as {0}, but decoded from the start frame {1} differs from "
                           "the picture shown here: {0} holds the frame as decoded from the "
                           "start (planes SHA-256 {2}).").format(
                saved.photo_label, shown.index, saved.frame.digest)
            self._say(text, error=True)
        elif saved.duplicate:
            text = self.tr("Frame {0} is already in the case as {1}; it is selected.").format(
                shown.index, saved.photo_label)
            self._say(text)
        else:
            text = self.tr("Saved {0}: {1}.").format(saved.photo_label, saved.provenance())
            self._say(text)
        self.ctx.bus.status_message.emit(text)
        self.frame_saved.emit(saved.photo_id)

    # -- closing ---------------------------------------------------------------------
    def done(self, result: int) -> None:
        """Stop the reader's child process when the dialog closes."""
        self._release()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing with the window's × stops the reader too."""
        self._release()
        super().closeEvent(event)

    def _release(self) -> None:
        self._closed = True
        if self.reader is not None:
            self.reader.close()
            self.reader = None
