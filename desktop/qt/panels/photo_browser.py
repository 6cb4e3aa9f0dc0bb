"""The photo browser: a grid of thumbnails with sort, filter and badges.

Selecting a photo broadcasts ``photo_selected``; the grid re-reads the photo list when a
``Changes`` notice touches photos or annotations (counts, transcriptions for the filter).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSettings,
    QSignalBlocker,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QSlider,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes
from desktop.core.queries.panel_reads import photo_texts
from desktop.core.queries.photos import PhotoInfo
from desktop.core.selection_reads import warm_selection_reads
from desktop.qt import recent
from desktop.qt.context import AppContext
from desktop.qt.item_models.photo_model import (
    PhotoModel,
    PhotoRole,
    PhotoRows,
    SortKey,
    prepare_rows,
)
from desktop.qt.item_models.thumbnails import THUMB_SIDE, THUMB_SIDES, ThumbnailLoader
from desktop.qt.jobs import Job, JobControl, JobRunner
from desktop.qt.panels.video_list import VideoList

CELL = QSize(THUMB_SIDE + 20, THUMB_SIDE + 40)


def cell_for(side: int) -> QSize:
    """The grid cell of a thumbnail ``side`` pixels long (caption and margins around)."""
    return QSize(side + 20, side + 40)


def read_photos(_control: JobControl, case: CaseFile, warm_for: int | None = None
                ) -> PhotoRows:
    """Photos and, per photo, its transcriptions and normalised markings, with the text
    the filter searches built from them.

    Runs in a worker: with 10,000 photos the query takes about a second, and the search
    texts a tenth of that. ``warm_for``: the photo about to be shown (0, or one not in the
    case: the first), whose reads are run once here so that showing it compiles nothing
    on the GUI thread (``desktop.core.selection_reads``); None: no photo is about to be.
    """
    rows = prepare_rows(*case.read(photo_texts))
    if rows.photos and warm_for is not None:
        ids = {p.id for p in rows.photos}
        warm_selection_reads(case, warm_for if warm_for in ids else rows.photos[0].id)
    return rows


class PhotoDelegate(QStyledItemDelegate):
    """Thumbnail, elided file name, and badges: GPS, annotation count, flags."""

    side = THUMB_SIDE  # set by the browser's size slider

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        """Every cell has the same size (lets the view skip measuring 10,000 rows)."""
        return cell_for(self.side)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        """Draw one cell."""
        painter.save()
        rect = option.rect
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect.adjusted(2, 2, -2, -2),
                             palette.color(QPalette.ColorRole.Highlight))
        thumb_box = QRect(rect.x() + 10, rect.y() + 6, self.side, self.side)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if pixmap is not None and not pixmap.isNull():
            size = pixmap.size().scaled(thumb_box.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(thumb_box.center())
            painter.drawPixmap(target, pixmap)
        else:
            painter.fillRect(thumb_box.adjusted(8, 8, -8, -8), QColor(128, 128, 128, 50))
        text_rect = QRect(rect.x() + 4, thumb_box.bottom() + 4, rect.width() - 8, 24)
        painter.setPen(palette.color(QPalette.ColorRole.HighlightedText if selected
                                     else QPalette.ColorRole.Text))
        name = painter.fontMetrics().elidedText(index.data(Qt.ItemDataRole.DisplayRole) or "",
                                                Qt.TextElideMode.ElideMiddle, text_rect.width())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                         name)
        badges: list[tuple[str, str]] = []
        if index.data(PhotoRole.HAS_GPS):
            badges.append((QCoreApplication.translate("PhotoDelegate", "GPS"), "#2e7d32"))
        count = index.data(PhotoRole.ANNOTATIONS) or 0
        if count:
            badges.append((str(count), "#e65100"))
        if index.data(PhotoRole.FLAGS):
            badges.append(("!", "#c62828"))
        font = QFont(painter.font())
        font.setPixelSize(10)
        font.setBold(True)
        painter.setFont(font)
        _frame_badge(painter, thumb_box, index.data(PhotoRole.FRAME_OF))
        x = thumb_box.right()
        for text, color in badges:
            width = painter.fontMetrics().horizontalAdvance(text) + 10
            badge = QRect(x - width, thumb_box.y() + 2, width, 16)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(color))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.drawRoundedRect(badge, 8, 8)
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
            x -= width + 3
        painter.restore()


def _frame_badge(painter: QPainter, thumb_box: QRect, video_label: str | None) -> None:
    """A frame of a video: '▶ V1' in the thumbnail's top-left corner."""
    if not video_label:
        return
    text = f"▶ {video_label}"
    width = painter.fontMetrics().horizontalAdvance(text) + 10
    badge = QRect(thumb_box.x() + 2, thumb_box.y() + 2, width, 16)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#1565c0"))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.drawRoundedRect(badge, 8, 8)
    painter.setPen(QColor("white"))
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)


class PhotoBrowser(QWidget):
    """Sort combo, filter box, and the thumbnail grid."""

    #: the photo list was re-read
    refreshed = Signal()

    def __init__(self, ctx: AppContext, jobs: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.jobs = jobs
        self.loading = False
        self._generation = 0
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(200)
        self._refresh_timer.timeout.connect(self.refresh)
        self.thumbnails = ThumbnailLoader(jobs, self)
        self.model = PhotoModel(self.thumbnails, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.videos = self._video_section(layout)
        row = QHBoxLayout()
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText(self.tr("Filter: label, name, camera, reading…"))
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName(self.tr("Filter photos"))
        self.sort_box = QComboBox(self)
        self.sort_box.setAccessibleName(self.tr("Sort photos"))
        for key, label in ((SortKey.IMPORTED, self.tr("Import order")),
                           (SortKey.TAKEN, self.tr("Date taken")),
                           (SortKey.NAME, self.tr("File name"))):
            self.sort_box.addItem(label, key.value)
        row.addWidget(self.filter_box, 1)
        layout.addLayout(row)
        self.list = QListView(self)
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setDragEnabled(False)
        self.list.setAcceptDrops(False)  # dropped files reach the window, which imports them
        self.list.setUniformItemSizes(True)
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(500)
        # Ctrl/Shift-click selects several photos for the actions on a selection; the
        # current photo (the one shown) is the last one clicked
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.delegate = PhotoDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.setModel(self.model)
        self.list.setAccessibleName(self.tr("Photos"))
        layout.addWidget(self.list, 1)
        self.count_label = QLabel(self)
        self.count_label.setWordWrap(True)
        self.size_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.size_slider.setObjectName("thumbnailSize")
        self.size_slider.setRange(0, len(THUMB_SIDES) - 1)
        self.size_slider.setPageStep(1)
        self.size_slider.setFixedWidth(48)
        self.size_slider.setToolTip(self.tr("Thumbnail size"))
        self.size_slider.setAccessibleName(self.tr("Thumbnail size"))
        saved = str(QSettings().value("photos/thumbnail_side", THUMB_SIDE))
        side = int(saved) if saved.isdigit() and int(saved) in THUMB_SIDES else THUMB_SIDE
        self.size_slider.setValue(THUMB_SIDES.index(side))
        self.size_slider.valueChanged.connect(
            lambda i: self.set_thumbnail_side(THUMB_SIDES[i]))
        row.addWidget(self.size_slider)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.sort_box)  # below the grid: the filter box gets the width
        layout.addLayout(bottom)
        self.tag_box = self._build_tag_filter()
        layout.addWidget(self.tag_box)  # a row of its own: one thumbnail column is narrow
        self.set_thumbnail_side(side)
        self.setMinimumWidth(self.width_for_columns(1))
        self.filter_box.textChanged.connect(self._filter)
        self.sort_box.currentIndexChanged.connect(self._sort_changed)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        ctx.bus.case_changed.connect(self._case_changed)
        ctx.bus.changes_applied.connect(self._on_changes)
        ctx.bus.photo_selected.connect(self._photo_selected)
        self._current_id = 0
        self._reopen_id = 0
        self._update_count()

    def _video_section(self, layout: QVBoxLayout) -> VideoList:
        """The case's videos above the grid (hidden without videos); frames of a video get
        a badge in the grid."""
        videos = VideoList(self.ctx, self.jobs, self)
        videos.origins_changed.connect(self.model.set_frame_origins)
        layout.addWidget(videos)
        return videos

    def _build_tag_filter(self) -> QComboBox:
        """The filter by tag: "All tags", then each tag of the case with its count."""
        box = QComboBox(self)
        box.setObjectName("photoTagFilter")
        box.setAccessibleName(self.tr("Show photos with tag"))
        box.setToolTip(self.tr("Show only the photos with this tag"))
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(8)
        box.addItem(self.tr("All tags"), "")
        box.activated.connect(lambda _i: self._tag_chosen(str(box.currentData() or "")))
        return box

    def _fill_tag_filter(self) -> None:
        """The case's tags in the tag filter; the chosen one stays chosen (listed with no
        photo when none has it any more, so the empty grid says why)."""
        chosen = self.model.tag
        tags = self.model.case_tags()
        if chosen and all(t.casefold() != chosen.casefold() for t, _n in tags):
            tags.append((chosen, 0))
        with QSignalBlocker(self.tag_box):
            self.tag_box.clear()
            self.tag_box.addItem(self.tr("All tags"), "")
            for tag, count in tags:
                self.tag_box.addItem(self.tr("{0} ({1})").format(tag, count), tag)
            found = next((i for i in range(self.tag_box.count())
                          if str(self.tag_box.itemData(i)).casefold() == chosen.casefold()), 0)
            self.tag_box.setCurrentIndex(found)
        self.tag_box.setEnabled(self.tag_box.count() > 1)

    def _tag_chosen(self, tag: str) -> None:
        self._remember("photo_tag", tag)
        self._keep_selection(lambda: self.model.set_tag(tag))

    def show_tag(self, tag: str) -> None:
        """Show only the photos with ``tag`` ("" for all), as choosing it in the list does."""
        self._tag_chosen(tag)
        self._fill_tag_filter()

    @staticmethod
    def width_for_columns(columns: int) -> int:
        """The panel width that shows ``columns`` medium thumbnails side by side (and a
        scroll bar)."""
        return CELL.width() * columns + 40

    def set_thumbnail_side(self, side: int) -> None:
        """Show thumbnails ``side`` pixels long (remembered for the next start)."""
        self.delegate.side = side
        self.list.setGridSize(cell_for(side))
        self.thumbnails.set_side(side)
        QSettings().setValue("photos/thumbnail_side", side)
        self.list.doItemsLayout()
        self.list.viewport().update()

    # -- data ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the photo list in a worker; the current photo stays selected."""
        self._refresh_timer.stop()
        self._generation += 1
        case = self.ctx.case
        if case is None:
            self.model.set_photos([])
            self.loading = False
            self._update_count()
            return
        self.loading = True
        generation = self._generation
        # Only the first fill of a case shows a photo; later re-reads keep the one shown.
        job = Job(read_photos, case, None if self._current_id else self._reopen_id)
        job.signals.result.connect(lambda result, g=generation: self._loaded(g, result))
        job.signals.error.connect(lambda message, _d: self.ctx.bus.status_message.emit(message))
        self.jobs.start(job)

    def _loaded(self, generation: int, rows: PhotoRows) -> None:
        if generation != self._generation:
            return  # a newer refresh is on its way
        self._keep_selection(lambda: self.model.set_rows(rows))
        self._fill_tag_filter()
        if self._current_id:
            self._finish_load(generation)
        else:  # the first photo is shown on a turn of its own: its reads, the Inspector,
            # the viewer and the map (10,000 rows just went in on this one)
            QTimer.singleShot(1, self, lambda: self._finish_load(generation))

    def _finish_load(self, generation: int) -> None:
        if generation != self._generation:
            return
        self.loading = False
        self._update_count()
        self.refreshed.emit()
        if not self._current_id:
            self._select_first()

    def _case_changed(self, case: object) -> None:
        self.thumbnails.set_case(self.ctx.case)
        self._current_id = 0
        self.model.set_photos([])
        self._restore_case_view()
        self.refresh()  # selects the last photo viewed (or the first) when the list arrives

    def _restore_case_view(self) -> None:
        """Each case keeps its own filter and sort, and reopens on the photo last viewed."""
        root = self.ctx.case.root if self.ctx.case is not None else None
        text = recent.case_value(root, "photo_filter") if root else ""
        sort = recent.case_value(root, "photo_sort") if root else ""
        last = recent.case_value(root, "last_photo") if root else ""
        tag = recent.case_value(root, "photo_tag") if root else ""
        self._reopen_id = int(last) if last.isdigit() else 0
        with QSignalBlocker(self.filter_box), QSignalBlocker(self.sort_box):
            self.filter_box.setText(text)
            index = self.sort_box.findData(sort)
            self.sort_box.setCurrentIndex(max(0, index))
        self.model.set_filter(text)
        self.model.set_tag(tag)
        self._fill_tag_filter()
        self.model.set_sort(SortKey(self.sort_box.currentData()))

    def _remember(self, name: str, value: object) -> None:
        if self.ctx.case is not None:
            recent.set_case_value(self.ctx.case.root, name, value)

    def _select_first(self) -> None:
        if self.model.rowCount() and not self._current_id:
            row = self.model.row_of(self._reopen_id) if self._reopen_id else -1
            self.select_row(max(0, row))

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("photo", "annotation"):
            self.loading = True
            self._refresh_timer.start()  # a burst of edits (undo, redo) makes one re-read

    def _keep_selection(self, change: Callable[[], object]) -> None:
        current = self._current_id
        change()
        row = self.model.row_of(current) if current else -1
        if row >= 0:
            self.list.selectionModel().blockSignals(True)
            index = self.model.index(row)
            self.list.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.list.selectionModel().blockSignals(False)
            self.list.scrollTo(index)
        self._update_count()

    def _filter(self, text: str) -> None:
        self._remember("photo_filter", text)
        self._keep_selection(lambda: self.model.set_filter(text))

    def _sort_changed(self, _index: int) -> None:
        key = SortKey(self.sort_box.currentData())
        self._remember("photo_sort", key.value)
        self._keep_selection(lambda: self.model.set_sort(key))

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        if self.ctx.case is None:
            self.count_label.setText(self.tr("No case open."))
        elif self.loading and total == 0:
            self.count_label.setText(self.tr("Reading photos…"))
        elif total == 0:
            self.count_label.setText(self.tr("No photos yet: import some (Ctrl+I) or drop "
                                             "files here."))
        elif shown == total:
            self.count_label.setText(self.tr("{0} photos").format(total))
        else:
            self.count_label.setText(self.tr("{0} of {1} photos").format(shown, total))

    # -- selection -------------------------------------------------------------------
    def selected_photo_ids(self) -> list[int]:
        """The selected photos in the browser's order (the shown one when none is)."""
        rows = sorted(index.row() for index in self.list.selectionModel().selectedIndexes())
        ids = [int(self.model.index(row).data(PhotoRole.PHOTO_ID)) for row in rows]
        return ids or ([self._current_id] if self._current_id else [])

    def select_row(self, row: int) -> None:
        """Make ``row`` current (which shows that photo)."""
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row)
            self.list.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.list.scrollTo(index)

    def step(self, delta: int) -> None:
        """Go to the next (1) or previous (-1) photo in the current order."""
        row = self.list.currentIndex().row()
        self.select_row(max(0, row + delta) if row >= 0 else 0)

    def neighbours(self, photo_id: int) -> list[PhotoInfo]:
        """The photos Page Down and Page Up would show next: the next one first."""
        row = self.model.row_of(photo_id)
        if row < 0:
            return []
        around = (self.model.photo_at(row + 1), self.model.photo_at(row - 1) if row else None)
        return [photo for photo in around if photo is not None]

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        photo_id = current.data(PhotoRole.PHOTO_ID) if current.isValid() else 0
        if photo_id and photo_id != self._current_id:
            self._current_id = photo_id
            self._remember("last_photo", str(photo_id))
            self.ctx.bus.photo_selected.emit(photo_id)

    def _photo_selected(self, photo_id: int) -> None:
        if photo_id == self._current_id:
            return
        self._current_id = photo_id
        self._remember("last_photo", str(photo_id))
        row = self.model.row_of(photo_id)
        if row < 0 and (self.filter_box.text() or self.model.tag):
            self.filter_box.clear()
            self.show_tag("")
            row = self.model.row_of(photo_id)
        if row >= 0:
            self.list.selectionModel().blockSignals(True)
            self.select_row(row)
            self.list.selectionModel().blockSignals(False)
