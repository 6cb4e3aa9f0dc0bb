"""The Videos section of the Photos panel: each video with its poster, a video badge and
its duration; double-click (or Enter) opens the frame picker.

Videos are a section of their own rather than cells of the photo grid: a video cannot be
shown in the viewer, annotated, exported as a photo or paged through with Page Down, and
the grid's sort and filter are about photos. The section is hidden in a case without
videos. It also tells the photo grid which photos are frames of which video.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtCore import Signal as _Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes
from desktop.core.queries.videos import VideoInfo, list_videos
from desktop.qt.context import AppContext
from desktop.qt.item_models.video_model import VIDEO_ID_ROLE, VIDEO_ROLE, VideoModel, duration_text
from desktop.qt.jobs import Job, JobControl, JobRunner

POSTER = QSize(80, 45)
ROW_HEIGHT = POSTER.height() + 10
#: rows shown before the section scrolls
VISIBLE_ROWS = 2.5


def read_videos(_control: JobControl, case: CaseFile) -> list[VideoInfo]:
    """The case's videos with the frames kept from each (in a worker)."""
    return case.read(list_videos)


def frame_origins(videos: list[VideoInfo]) -> dict[int, tuple[str, str]]:
    """Photo id -> (video label, 'frame 17 of V1') for every photo that is a frame."""
    return {f.photo_id: (v.label, QCoreApplication.translate(
        "VideoList", "frame {0} of {1}").format(f.index, v.label))
        for v in videos for f in v.frames}


class VideoDelegate(QStyledItemDelegate):
    """Poster with a play badge and the duration over it; label, name and size beside."""

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        """Every row has the same height."""
        return QSize(POSTER.width() + 40, ROW_HEIGHT)  # the list gives rows its width

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        """Draw one row."""
        painter.save()
        rect, palette = option.rect, option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect.adjusted(1, 1, -1, -1),
                             palette.color(QPalette.ColorRole.Highlight))
        box = QRect(rect.x() + 4, rect.y() + 4, POSTER.width(), POSTER.height())
        painter.fillRect(box, QColor(0, 0, 0))
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if pixmap is not None and not pixmap.isNull():
            size = pixmap.size().scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(box.center())
            painter.drawPixmap(target, pixmap)
        video: VideoInfo = index.data(VIDEO_ROLE)
        self._badges(painter, box, duration_text(video.duration_s))
        text = QRect(box.right() + 6, rect.y() + 3, rect.right() - box.right() - 8,
                     ROW_HEIGHT - 4)
        painter.setPen(palette.color(QPalette.ColorRole.HighlightedText if selected
                                     else QPalette.ColorRole.Text))
        metrics = painter.fontMetrics()
        size = f"{video.width}×{video.height}"
        if video.frames:  # the size stays in the tooltip: the panel is narrow
            size = (QCoreApplication.translate("VideoList", "1 frame kept")
                    if len(video.frames) == 1 else QCoreApplication.translate(
                        "VideoList", "{0} frames kept").format(len(video.frames)))
        lines = [video.label, video.file_name, size]
        y = text.y()
        for line in lines:
            painter.drawText(QRect(text.x(), y, text.width(), metrics.height()),
                             Qt.AlignmentFlag.AlignLeft,
                             metrics.elidedText(line, Qt.TextElideMode.ElideMiddle
                                                if line is video.file_name
                                                else Qt.TextElideMode.ElideRight, text.width()))
            y += metrics.height()
        painter.restore()

    @staticmethod
    def _badges(painter: QPainter, box: QRect, duration: str) -> None:
        font = QFont(painter.font())
        font.setPixelSize(10)
        font.setBold(True)
        painter.setFont(font)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(21, 101, 192))
        play = QRect(box.x() + 3, box.y() + 3, 28, 14)
        painter.drawRoundedRect(play, 7, 7)
        painter.setPen(QColor("white"))
        painter.drawText(play, Qt.AlignmentFlag.AlignCenter, "▶")
        if duration:
            width = painter.fontMetrics().horizontalAdvance(duration) + 8
            tag = QRect(box.right() - width - 2, box.bottom() - 16, width, 14)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 180))
            painter.drawRoundedRect(tag, 4, 4)
            painter.setPen(QColor("white"))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, duration)


class _VideoView(QListView):
    """The list; Enter opens the current video like a double-click."""

    activated_video = _Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter or Return opens the picker on the current video."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_video.emit(int(self.currentIndex().data(VIDEO_ID_ROLE)))
            return
        super().keyPressEvent(event)


class VideoList(QWidget):
    """'Videos (2)' and the list of videos; hidden when the case has none."""

    #: the user asked for the frame picker on this video id
    open_requested = _Signal(int)
    #: photo id -> (video label, 'frame 17 of V1'), re-sent whenever the videos are re-read
    origins_changed = _Signal(object)

    def __init__(self, ctx: AppContext, jobs: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.jobs = jobs
        self._generation = 0
        self.model = VideoModel(jobs, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.list = _VideoView(self)
        self.list.setObjectName("videoList")
        self.list.setAccessibleName(self.tr("Videos"))
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setItemDelegate(VideoDelegate(self.list))
        self.list.setModel(self.model)
        self.list.doubleClicked.connect(
            lambda index: self.open_requested.emit(int(index.data(VIDEO_ID_ROLE))))
        self.list.activated_video.connect(self.open_requested)
        layout.addWidget(self.list)
        self.hide()
        ctx.bus.case_changed.connect(self._case_changed)
        ctx.bus.changes_applied.connect(self._on_changes)

    def current_video_id(self) -> int:
        """The selected video, else the first one, else 0."""
        index = self.list.currentIndex()
        video = self.model.video_at(index.row() if index.isValid() else 0)
        return video.id if video is not None else 0

    def videos(self) -> list[VideoInfo]:
        """The videos shown."""
        return [v for row in range(self.model.rowCount())
                if (v := self.model.video_at(row)) is not None]

    def _case_changed(self, _case: object) -> None:
        self.model.set_case(self.ctx.case)
        self.refresh()

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("video", "video_frame", "photo"):
            self.refresh()

    def refresh(self) -> None:
        """Re-read the videos in a worker."""
        self._generation += 1
        case = self.ctx.case
        if case is None:
            self._loaded(self._generation, [])
            return
        job = Job(read_videos, case)
        job.signals.result.connect(lambda videos, g=self._generation: self._loaded(g, videos))
        job.signals.error.connect(lambda message, _d: self.ctx.bus.status_message.emit(message))
        self.jobs.start(job)

    def _loaded(self, generation: int, videos: list[VideoInfo]) -> None:
        if generation != self._generation:
            return
        current = self.current_video_id()
        self.model.set_videos(videos)
        row = self.model.row_of(current)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
        self.title.setText(self.tr("Videos ({0})").format(len(videos)))
        self.list.setFixedHeight(int(ROW_HEIGHT * min(max(len(videos), 1), VISIBLE_ROWS)) + 4)
        self.setVisible(bool(videos))
        self.origins_changed.emit(frame_origins(videos))
