"""Import photos and videos in a worker with a progress bar (count, cancel) and a summary
afterwards listing duplicates and rejected files with their reasons. The window stays
responsive. Videos (MP4, MOV, WebM, MKV) are added after the photos, each read in a child
process (``videos.add_videos``); the summary counts them apart.

Before it starts, the dialog offers the photos' provenance (who took them, who provided
them, how and when they were obtained, from where, with which source) in a section that
stays folded until asked for; what is filled in is checked first (a refused value imports
nothing) and recorded on every photo the import stores."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.casefile import CaseFile
from desktop.core.changes import NO_CHANGES, Changes
from desktop.core.imaging import derived_path
from desktop.core.ingest import ImportReport, expand_paths, import_paths
from desktop.core.ingest_pool import FileAnalysis
from desktop.core.videos import VideoResult, add_videos, is_video_path
from desktop.qt.context import AppContext
from desktop.qt.import_provenance import ImportProvenanceForm
from desktop.qt.jobs import Job, JobControl, JobRunner


def paths_from_mime(mime: QMimeData) -> list[Path]:
    """Local files and folders carried by a drag."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


@dataclass
class MediaReport:
    """What an import did: the photos' report and each video's result."""

    photos: ImportReport
    videos: list[VideoResult] = field(default_factory=list)
    video_changes: Changes = NO_CHANGES

    #: how many videos a cancel left unread
    cancelled_videos: int = 0

    @property
    def changes(self) -> Changes:
        """Everything the import created."""
        return self.photos.changes | self.video_changes


def run_import(control: JobControl, case: CaseFile, paths: list[Path],
               provenance: dict[str, Any] | None = None) -> MediaReport:
    """The worker body: photos with progress and cancel, then videos one by one (returns
    plain data only). A cancelled photo import stores nothing and adds no video; a cancel
    while videos are read stops before the next one. Each photo's thumbnail, decoded here
    (off the GUI thread), is handed over as soon as its worker process has written it:
    ``(file name, QImage)``."""
    def thumbnail(analysis: FileAnalysis) -> None:
        if analysis.sha256 is None or analysis.rejection:
            return
        image = QImage(str(derived_path(case.derived_dir, "thumb", analysis.sha256)))
        if not image.isNull():
            control.partial((analysis.path.name, image))

    files = expand_paths(paths)
    videos = [path for path in files if is_video_path(path)]
    pictures = [path for path in files if not is_video_path(path)]
    report = (import_paths(case, pictures,
                           progress=lambda done, total, path: control.progress(done, total,
                                                                               str(path)),
                           cancel=control.cancel_event, provenance=provenance,
                           on_file=thumbnail)
              if pictures else ImportReport())
    media = MediaReport(report)
    for done, path in enumerate(videos):
        if report.cancelled or control.cancelled():
            media.cancelled_videos = 0 if report.cancelled else len(videos) - done
            break
        control.progress(done, len(videos), str(path))
        results, changes = add_videos(case, [path])
        media.videos.extend(results)
        media.video_changes = media.video_changes | changes
    return media


#: Rejection codes of files that are not photos at all (a README, a video, an empty file),
#: listed apart from photos that could not be read.
NOT_PHOTO = frozenset({"not_image", "empty"})
THUMBS_SHOWN = 300  # thumbnails the dialog shows while importing; the rest are counted
THUMB_ICON = 64


class ImportDialog(QDialog):
    """The files and their provenance, then progress while importing, then the summary."""

    #: the import finished (argument: ``ImportReport``)
    finished_import = Signal(object)

    def __init__(self, ctx: AppContext, jobs: JobRunner, paths: list[Path],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.jobs = jobs
        self.paths = paths
        self.report: ImportReport | None = None
        #: what became of each video (after the import)
        self.videos: list[VideoResult] = []
        self.job: Job | None = None
        self.setWindowTitle(self.tr("Import photos and videos"))
        self.setModal(False)
        self.resize(620, 200)
        layout = QVBoxLayout(self)
        self.intro = QLabel(self._describe(paths), self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.provenance = ImportProvenanceForm(ctx, self)
        layout.addWidget(self.provenance)
        self.setup_buttons = QDialogButtonBox(self)
        self.import_button = self.setup_buttons.addButton(
            self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        self.setup_buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.setup_buttons.accepted.connect(self.start)
        self.setup_buttons.rejected.connect(self.reject)
        layout.addWidget(self.setup_buttons)
        self.label = QLabel(self.tr("Preparing…"), self)
        self.label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.thumbs = self._build_thumbs()
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.details = QTreeWidget(self)
        self.details.setObjectName("importDetails")
        self.details.setHeaderLabels([self.tr("File"), self.tr("What happened")])
        self.details.setRootIsDecorated(False)
        self.details.setWordWrap(True)
        self.details.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.details.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.rejected.connect(self.cancel_or_close)
        for w in (self.label, self.bar, self.thumbs, self.summary, self.details,
                  self.buttons):
            layout.addWidget(w)
            w.hide()
        self.resize(620, self.sizeHint().height())
        self.import_button.setFocus()

    def _describe(self, paths: list[Path]) -> str:
        names = ", ".join(p.name or str(p) for p in paths[:3])
        if len(paths) > 3:
            names += self.tr(" and {0} more").format(len(paths) - 3)
        return self.tr("Import {0}. Folders are read with everything in them; videos (MP4, "
                       "MOV, WebM, MKV) are added beside the photos.").format(names)

    def start(self) -> bool:
        """Check the provenance and start the import in the thread pool; False (nothing
        started, the reason shown) when a provenance value is refused."""
        case = self.ctx.case
        if case is None or self.job is not None:
            return False
        provenance = self.provenance.values()
        if provenance is None:
            return False
        for w in (self.intro, self.provenance, self.setup_buttons):
            w.hide()
        for shown in (self.label, self.bar, self.buttons):
            shown.show()
        self.resize(620, self.sizeHint().height())
        self.job = Job(run_import, case, list(self.paths), provenance)
        self.job.signals.progress.connect(self._progress)
        self.job.signals.partial.connect(self._thumbnail)
        self.job.signals.result.connect(self._done)
        self.job.signals.error.connect(self._failed)
        self.jobs.start(self.job)
        return True

    def _build_thumbs(self) -> QListWidget:
        """A strip of the thumbnails read so far (filled while the import runs)."""
        thumbs = QListWidget(self)
        thumbs.setObjectName("importThumbnails")
        thumbs.setAccessibleName(self.tr("Photos read so far"))
        thumbs.setViewMode(QListView.ViewMode.IconMode)
        thumbs.setIconSize(QSize(THUMB_ICON, THUMB_ICON))
        thumbs.setGridSize(QSize(THUMB_ICON + 8, THUMB_ICON + 8))
        thumbs.setMovement(QListView.Movement.Static)
        thumbs.setResizeMode(QListView.ResizeMode.Adjust)
        thumbs.setUniformItemSizes(True)
        thumbs.setFixedHeight(2 * (THUMB_ICON + 8) + 6)
        thumbs.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        return thumbs

    def _thumbnail(self, value: object) -> None:
        """Show one photo's thumbnail as soon as its worker is done with it."""
        assert isinstance(value, tuple)  # (file name, QImage) from run_import
        name, image = str(value[0]), value[1]
        if self.thumbs.count() >= THUMBS_SHOWN:
            return
        if self.thumbs.isHidden():
            self.thumbs.show()
            self.resize(620, self.sizeHint().height())
        item = QListWidgetItem(QIcon(QPixmap.fromImage(image)), "", self.thumbs)
        item.setToolTip(name)
        self.thumbs.scrollToItem(item)

    def _progress(self, done: int, total: int, path: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.label.setText(self.tr("Reading {0} of {1}: {2}").format(done, total,
                                                                   Path(path).name))

    def cancel_or_close(self) -> None:
        """Cancel while running; close afterwards."""
        if self.report is None and self.job is not None:
            self.job.cancel()
            self.label.setText(self.tr("Cancelling…"))
            self.buttons.setEnabled(False)
        else:
            self.accept()

    def reject(self) -> None:
        """Closing the dialog while importing cancels the import (nothing is stored)."""
        if self.report is None and self.job is not None:
            self.cancel_or_close()
            return
        super().reject()  # before the start: nothing was read or stored

    def _finish_buttons(self) -> None:
        self.buttons.setEnabled(True)
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.accept)

    def _failed(self, message: str, _details: str) -> None:
        self.report = ImportReport()
        self.videos = []
        self.bar.hide()
        self.label.setText(self.tr("Import failed: {0}. Nothing was imported.").format(message))
        self._finish_buttons()
        self.finished_import.emit(self.report)

    def _flag_words(self, flag: str) -> str:
        return {
            "truncated": self.tr("the file is cut short: the part that could be read is "
                                 "shown"),
            "exif_unreadable": self.tr("its camera data (EXIF) could not be read"),
            "no_exif": self.tr("it has no camera data (EXIF): no date taken or camera "
                               "position"),
            "gps_invalid": self.tr("its GPS position is impossible and was ignored"),
            "orientation_invalid": self.tr("its orientation tag is invalid: shown as "
                                           "stored"),
            "animated": self.tr("it has several frames: the first one is used"),
        }.get(flag, flag)

    def _summarise(self, report: ImportReport) -> None:
        """One sentence of counts, then the files that need a word, in groups: files that
        are not photos at all apart from photos that could not be read."""
        results = report.results
        not_photos = [r for r in results if r.status == "rejected" and r.code in NOT_PHOTO]
        unreadable = [r for r in results if r.status == "rejected" and r not in not_photos]
        duplicates = [r for r in results if r.status == "duplicate"]
        noted = [r for r in results if r.status == "imported" and r.flags]
        imported = report.count("imported")
        parts = [self.tr("1 photo imported") if imported == 1
                 else self.tr("{n} photos imported").format(n=imported)]
        if duplicates:
            parts.append(self.tr("1 already in the case") if len(duplicates) == 1 else
                         self.tr("{n} already in the case").format(n=len(duplicates)))
        if unreadable:
            parts.append(self.tr("1 photo could not be read") if len(unreadable) == 1 else
                         self.tr("{n} photos could not be read").format(n=len(unreadable)))
        if not_photos:
            parts.append(self.tr("1 file is not a photo") if len(not_photos) == 1 else
                         self.tr("{n} files are not photos").format(n=len(not_photos)))
        if self.videos and not results:
            parts = []  # only videos were given: no "0 photos imported"
        parts += self._video_counts()
        self.label.setText("; ".join(parts) + ".")
        groups = (
            (self.tr("Could not be read: not imported"), unreadable,
             lambda r: r.reason or ""),
            (self.tr("Imported, with a note"), noted,
             lambda r: "; ".join(self._flag_words(f) for f in r.flags)),
            (self.tr("Already in the case: skipped"), duplicates,
             lambda r: r.reason or self.tr("the same photo is already in the case")),
            (self.tr("Not photos: skipped"), not_photos, lambda r: r.reason or ""),
        )
        self._fill_details(groups)
        self._fill_details(self._video_groups())
        if self.details.topLevelItemCount():
            self.details.expandAll()
            self.details.show()
            self.details.resizeColumnToContents(0)
            self.details.setColumnWidth(0, min(self.details.columnWidth(0), 300))
            self.resize(780, 440)

    def _video_counts(self) -> list[str]:
        """'2 videos added', '1 video already in the case', '1 video could not be read'."""
        added = sum(v.status == "imported" for v in self.videos)
        again = sum(v.status == "duplicate" for v in self.videos)
        refused = sum(v.status == "rejected" for v in self.videos)
        parts = []
        if added:
            parts.append(self.tr("1 video added") if added == 1
                         else self.tr("{n} videos added").format(n=added))
        if again:
            parts.append(self.tr("1 video already in the case") if again == 1
                         else self.tr("{n} videos already in the case").format(n=again))
        if refused:
            parts.append(self.tr("1 video could not be read") if refused == 1
                         else self.tr("{n} videos could not be read").format(n=refused))
        return parts

    def _video_groups(self) -> tuple[tuple[str, list[Any], Any], ...]:
        return (
            (self.tr("Videos added"), [v for v in self.videos if v.status == "imported"],
             lambda v: self.tr("video {0}").format(v.label)),
            (self.tr("Videos that could not be read: not added"),
             [v for v in self.videos if v.status == "rejected"], lambda v: v.reason or ""),
            (self.tr("Videos already in the case: skipped"),
             [v for v in self.videos if v.status == "duplicate"],
             lambda v: self.tr("already in the case as {0}").format(v.label)),
        )

    def _fill_details(self, groups: tuple[tuple[str, list[Any], Any], ...]) -> None:
        """One bold line per group and one line per file with what happened to it."""
        for title, rows, words in groups:
            if not rows:
                continue
            group = QTreeWidgetItem([f"{title} ({len(rows)})"])
            group.setFirstColumnSpanned(True)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            self.details.addTopLevelItem(group)
            for r in rows:
                reason = words(r)
                item = QTreeWidgetItem(group, ["/".join(Path(r.path).parts[-2:]), reason])
                item.setToolTip(0, r.path)
                item.setToolTip(1, reason)

    def _done(self, media: MediaReport) -> None:
        report = media.photos
        self.report = report
        self.videos = media.videos
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self._finish_buttons()
        if report.cancelled:
            self.label.setText(self.tr("Import cancelled: nothing was imported."))
        else:
            self._summarise(report)
            if media.cancelled_videos:
                self.label.setText(self.label.text() + " " + self.tr(
                    "Cancelled before the other videos: they were not added."))
            if media.changes:
                self.ctx.bus.changes_applied.emit(media.changes)
            first = next((r.photo_id for r in report.results if r.photo_id), None)
            if first and report.count("imported"):
                self.ctx.bus.photo_selected.emit(first)
        self.ctx.bus.status_message.emit(self.label.text())
        self.finished_import.emit(report)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setFocus(
            Qt.FocusReason.OtherFocusReason)
