"""Add a tag to, or remove a tag from, every photo selected in the browser (one undo step).

Adding offers the case's tags as completions and accepts several tags separated by commas;
removing offers the tags the selected photos carry. A refused tag keeps the dialog open
with the sentence saying why.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import ValidationError
from desktop.core.ops.tag_commands import TagPhotos, UntagPhotos
from desktop.core.ops.tags import clean_tags, split_tags
from desktop.core.queries.tags import case_tags, tags_by_photo
from desktop.qt.context import AppContext
from desktop.qt.forms import error_label, show_error
from desktop.qt.undo import push_command


class TagDialog(QDialog):
    """One field (add) or one list (remove) of tags for a selection of photos."""

    def __init__(self, ctx: AppContext, photo_ids: Sequence[int], *, remove: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.photo_ids = list(dict.fromkeys(photo_ids))
        self.remove = remove
        n = len(self.photo_ids)
        if remove:
            self.setWindowTitle(self.tr("Remove Tag"))
            what = (self.tr("Remove this tag from the selected photo:") if n == 1 else
                    self.tr("Remove this tag from the {0} selected photos:").format(n))
        else:
            self.setWindowTitle(self.tr("Add Tag"))
            what = (self.tr("Add a tag to the selected photo (commas for several):") if n == 1
                    else self.tr("Add a tag to the {0} selected photos (commas for "
                                 "several):").format(n))
        layout = QVBoxLayout(self)
        label = QLabel(what, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.tag_box = QComboBox(self)
        self.tag_box.setObjectName("tagDialog.tag")
        self.tag_box.setEditable(not remove)
        self.tag_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.tag_box.setMinimumWidth(280)
        label.setBuddy(self.tag_box)
        layout.addWidget(self.tag_box)
        self.error = error_label(self)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Remove") if remove else self.tr("Add"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._fill()

    def _fill(self) -> None:
        case = self.ctx.case
        if case is None:
            return
        if self.remove:
            carried = case.read(tags_by_photo, self.photo_ids)
            seen: dict[str, str] = {}
            for tags in carried.values():
                for tag in tags:
                    seen.setdefault(tag.casefold(), tag)
            for tag in sorted(seen.values(), key=str.casefold):
                self.tag_box.addItem(tag, tag)
            if not seen:
                show_error(self.error, self.tr("None of the selected photos has a tag."))
                self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return
        names = [tag for tag, _n in case.read(case_tags)]
        self.tag_box.addItems(names)
        self.tag_box.setCurrentIndex(-1)
        self.tag_box.setEditText("")
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tag_box.setCompleter(completer)

    def accept(self) -> None:
        """Push one ``TagPhotos`` or ``UntagPhotos``; stay open and explain on refusal."""
        text = self.tag_box.currentText()
        try:
            tags = clean_tags([text] if self.remove else split_tags(text))
        except ValidationError as exc:
            show_error(self.error, exc.reason)
            return
        if not tags:
            show_error(self.error, self.tr("Type a tag first."))
            return
        command = (UntagPhotos(self.photo_ids, tags) if self.remove
                   else TagPhotos(self.photo_ids, tags))
        wrapper = push_command(self.ctx, command)
        if wrapper.error is not None:
            show_error(self.error, str(wrapper.error))
            return
        super().accept()
