"""The case's videos as a list model, with poster frames loaded off the GUI thread.

A poster is the frame at about a tenth of the video, decoded in a child process
(``videos.poster_path``: a hostile video cannot take the window down) and cached in the
case's ``derived/poster/`` folder; one poster is decoded at a time. A video whose poster
cannot be decoded keeps a placeholder and says why in its tooltip.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QImage, QPixmap

from desktop.core.casefile import CaseFile
from desktop.core.queries.videos import VideoInfo
from desktop.core.video import timecode
from desktop.core.videos import poster_path
from desktop.qt.jobs import Job, JobControl, JobRunner

Index = QModelIndex | QPersistentModelIndex
#: the video's id (``Qt.UserRole + 1``)
VIDEO_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: the ``VideoInfo`` DTO
VIDEO_ROLE = Qt.ItemDataRole.UserRole + 2


def duration_text(seconds: float | None) -> str:
    """'0:07', '1:23', '1:02:03' (empty when the container gives no duration)."""
    if seconds is None:
        return ""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _load_poster(_control: JobControl, case: CaseFile, video_id: int, sha256: str,
                 ext: str) -> tuple[int, QImage]:
    return video_id, QImage(str(poster_path(case, sha256, ext)))


class VideoModel(QAbstractListModel):
    """Videos of the open case, in label order."""

    def __init__(self, jobs: JobRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self.case: CaseFile | None = None
        self._rows: list[VideoInfo] = []
        self._posters: dict[int, QPixmap] = {}
        #: video id -> why it has no poster
        self.failed: dict[int, str] = {}
        self._loading: int | None = None
        self._epoch = 0

    def set_case(self, case: CaseFile | None) -> None:
        """Forget the posters of another case."""
        self.case = case
        self._epoch += 1
        self._posters.clear()
        self.failed.clear()
        self._loading = None
        self.set_videos([])

    def set_videos(self, videos: list[VideoInfo]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(videos)
        self.endResetModel()
        self._next_poster()

    def video_at(self, row: int) -> VideoInfo | None:
        """The video shown in ``row``."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, video_id: int) -> int:
        """The row of a video, or -1."""
        return next((i for i, v in enumerate(self._rows) if v.id == video_id), -1)

    @property
    def busy(self) -> bool:
        """True while a poster is being decoded."""
        return self._loading is not None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        """Number of videos."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Caption, poster, tooltip, and the id and DTO roles."""
        video = self.video_at(index.row())
        if video is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{video.label}  {video.file_name}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._posters.get(video.id)
        if role == VIDEO_ID_ROLE:
            return video.id
        if role == VIDEO_ROLE:
            return video
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(video)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.tr("Video {0} {1}, {2}").format(video.label, video.file_name,
                                                       duration_text(video.duration_s))
        return None

    def _tooltip(self, video: VideoInfo) -> str:
        lines = [f"{video.label}  {video.file_name}",
                 self.tr("{0} × {1}, {2}, {3}").format(
                     video.width, video.height, video.codec,
                     timecode(video.duration_s or 0.0))]
        if video.frames:
            lines.append(self.tr("Frames kept: {0}").format(
                ", ".join(f"{f.photo_label} (frame {f.index})" for f in video.frames)))
        if video.id in self.failed:
            lines.append(self.tr("No poster: {0}").format(self.failed[video.id]))
        lines.append(self.tr("Double-click to pick a frame"))
        return "\n".join(lines)

    def _next_poster(self) -> None:
        case = self.case
        if case is None or self._loading is not None:
            return
        video = next((v for v in self._rows
                      if v.id not in self._posters and v.id not in self.failed), None)
        if video is None:
            return
        self._loading = video.id
        job = Job(_load_poster, case, video.id, video.sha256, video.ext)
        epoch = self._epoch
        job.signals.result.connect(lambda r, e=epoch: self._poster_loaded(e, *r))
        job.signals.error.connect(
            lambda message, _t, e=epoch, v=video.id: self._poster_failed(e, v, message))
        self._jobs.start(job)

    def _poster_loaded(self, epoch: int, video_id: int, image: QImage) -> None:
        if epoch != self._epoch:
            return
        self._loading = None
        if image.isNull():
            self.failed[video_id] = self.tr("the poster could not be read")
        else:
            self._posters[video_id] = QPixmap.fromImage(image)
        self._changed(video_id)
        self._next_poster()

    def _poster_failed(self, epoch: int, video_id: int, message: str) -> None:
        if epoch != self._epoch:
            return
        self._loading = None
        self.failed[video_id] = message
        self._changed(video_id)
        self._next_poster()

    def _changed(self, video_id: int) -> None:
        row = self.row_of(video_id)
        if row >= 0:
            index = self.index(row)
            self.dataChanged.emit(index, index)
