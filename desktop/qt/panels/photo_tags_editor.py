"""The tags of the photo in the viewer, as chips, with a field to add one.

Typing a tag (completion offers the case's tags) and pressing Enter pushes one
``TagPhotos`` on the undo stack; several tags can be typed at once, separated by commas.
Selecting a chip and pressing Delete (or **Remove Tag**) pushes one ``UntagPhotos``. A tag
the core would refuse is not sent: the sentence saying why appears under the field.
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.changes import Changes
from desktop.core.errors import ValidationError
from desktop.core.ops.tag_commands import TagPhotos, UntagPhotos
from desktop.core.ops.tags import clean_tags, split_tags
from desktop.core.queries.photos import PhotoInfo, get_photo
from desktop.core.queries.tags import case_tags
from desktop.qt.context import AppContext
from desktop.qt.forms import error_label, show_error
from desktop.qt.undo import push_command


class TagChips(QListWidget):
    """Tags laid out left to right, wrapping, like chips; Delete removes the selected one."""

    #: Delete or Backspace was pressed on a selected chip
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSpacing(3)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.viewport().setAutoFillBackground(False)
        self.setStyleSheet("QListWidget { background: transparent; } "
                           "QListWidget::item { border: 1px solid palette(mid); "
                           "border-radius: 8px; padding: 1px 6px; }")

    def fit_height(self) -> None:
        """As tall as the rows of chips the current width needs (at most four rows)."""
        width = max(1, self.viewport().width())
        metrics = self.fontMetrics()
        row_height = metrics.height() + 2 * 3 + 6
        rows, used = 1, 0
        for i in range(self.count()):
            chip = metrics.horizontalAdvance(self.item(i).text()) + 12 + 2 + 6
            if used and used + chip > width:
                rows, used = rows + 1, 0
            used += chip
        self.setFixedHeight(min(rows, 4) * row_height + 4)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-flow the chips to the new width."""
        super().resizeEvent(event)
        self.fit_height()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Delete or Backspace removes the selected tag."""
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentItem():
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)


class PhotoTagsEditor(QGroupBox):
    """The shown photo's tags: chips, an add field with completion, a remove button."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.photo: PhotoInfo | None = None
        self.setTitle(self.tr("Tags"))
        self.setObjectName("photoTags")
        layout = QVBoxLayout(self)
        self.chips = TagChips(self)
        self.chips.setObjectName("photoTags.chips")
        self.chips.setAccessibleName(self.tr("Tags of the photo"))
        self.chips.delete_requested.connect(self.remove_selected)
        self.empty = QLabel(self.tr("No tags yet."), self)
        self.empty.setObjectName("photoTags.empty")
        row = QHBoxLayout()
        self.field = QLineEdit(self)
        self.field.setObjectName("photoTags.field")
        self.field.setPlaceholderText(self.tr("Add a tag…"))
        self.field.setToolTip(self.tr("Type a tag and press Enter; separate several tags "
                                      "with commas"))
        self.field.setAccessibleName(self.tr("Add a tag"))
        self.completions = QStringListModel(self)
        completer = QCompleter(self.completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.field.setCompleter(completer)
        self.remove_button = QPushButton(self.tr("Remove Tag"), self)
        self.remove_button.setObjectName("photoTags.remove")
        row.addWidget(self.field, 1)
        row.addWidget(self.remove_button)
        self.error = error_label(self)
        layout.addWidget(self.chips)
        layout.addWidget(self.empty)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.field.returnPressed.connect(self.add_typed)
        self.remove_button.clicked.connect(self.remove_selected)
        self.chips.currentItemChanged.connect(lambda *_: self._update_buttons())
        ctx.bus.photo_selected.connect(self.show_photo)
        ctx.bus.case_changed.connect(lambda _case: self.show_photo(0))
        ctx.bus.changes_applied.connect(self._on_changes)
        self.show_photo(0)

    # -- reading ---------------------------------------------------------------------
    def show_photo(self, photo_id: int) -> None:
        """Show this photo's tags; 0 shows the empty state."""
        case = self.ctx.case
        if self.photo is None or self.photo.id != photo_id:
            self.field.clear()  # what was typed for another photo is not for this one
        self.photo = case.read(get_photo, photo_id) if photo_id and case is not None else None
        show_error(self.error, "")
        self._fill()

    def _on_changes(self, changes: Changes) -> None:
        if self.photo is not None and changes.touches("photo"):
            self.show_photo(self.photo.id)

    def _fill(self) -> None:
        self.chips.clear()
        tags = self.photo.tags if self.photo is not None else ()
        for tag in tags:
            item = QListWidgetItem(tag, self.chips)
            item.setToolTip(self.tr("Tag “{0}”: select it and press Delete to remove it")
                            .format(tag))
        self.chips.setVisible(bool(tags))
        self.chips.fit_height()
        self.empty.setVisible(self.photo is not None and not tags)
        writable = self.ctx.case is not None and not self.ctx.case.readonly
        self.field.setEnabled(self.photo is not None and writable)
        if self.ctx.case is not None and self.photo is not None:
            self.completions.setStringList([tag for tag, _n in self.ctx.case.read(case_tags)])
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = self.ctx.case is not None and not self.ctx.case.readonly
        self.remove_button.setEnabled(writable and self.chips.currentItem() is not None)

    # -- writing ---------------------------------------------------------------------
    def add_typed(self) -> None:
        """Put the typed tag(s) on the photo (one undo step)."""
        if self.photo is None:
            return
        try:
            tags = clean_tags(split_tags(self.field.text()))
        except ValidationError as exc:
            show_error(self.error, self.tr("Not added: {0}.").format(exc.reason.rstrip(".")))
            return
        have = {t.casefold() for t in self.photo.tags}
        tags = [t for t in tags if t.casefold() not in have]
        self.field.clear()
        show_error(self.error, "")
        if not tags:
            return
        wrapper = push_command(self.ctx, TagPhotos([self.photo.id], tags))
        if wrapper.error is not None:
            show_error(self.error, str(wrapper.error))

    def remove_selected(self) -> None:
        """Take the selected chip's tag off the photo (one undo step)."""
        item = self.chips.currentItem()
        if self.photo is None or item is None:
            return
        wrapper = push_command(self.ctx, UntagPhotos([self.photo.id], [item.text()]))
        if wrapper.error is not None:
            show_error(self.error, str(wrapper.error))
