"""Provenance of the photo in the viewer: who took it, who provided it, how and when it was
obtained, from which address and with which source.

Widget -> model in one line: each finished edit of one field (Enter or leaving a text box,
choosing in a list) is one ``EditPhoto`` on the undo stack. A value the core would refuse
is not sent: the sentence saying why appears under the fields and nothing changes. Model ->
widget under signal blockers, re-read on every ``Changes`` touching photos or sources; a
field the user is typing in is left alone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.changes import Changes
from desktop.core.errors import ValidationError
from desktop.core.ops.investigation_commands import EditPhoto
from desktop.core.ops.provenance import TIME_EXAMPLE, clean_provenance
from desktop.core.queries.panel_reads import photo_provenance
from desktop.core.queries.photos import PhotoInfo, SourceChoice
from desktop.core.timefmt import format_utc
from desktop.qt.context import AppContext
from desktop.qt.forms import ShownVersion, keep_refused, show_notice
from desktop.qt.theme import color_style
from desktop.qt.undo import push_command

TEXT_FIELDS = ("taken_by", "provided_by", "original_url", "obtained_at")


def acquisition_label(value: str) -> str:
    """Translated name of a way of obtaining a photo."""
    from PySide6.QtCore import QCoreApplication

    return {
        "unknown": QCoreApplication.translate("Acquisition", "not recorded"),
        "received": QCoreApplication.translate("Acquisition", "received from someone"),
        "downloaded": QCoreApplication.translate("Acquisition", "downloaded"),
        "taken_by_team": QCoreApplication.translate("Acquisition", "taken by our team"),
    }.get(value, value)


class ProvenanceEditor(QGroupBox):
    """Where the shown photo came from, editable field by field."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.photo: PhotoInfo | None = None
        self._shown = ShownVersion()
        self.setTitle(self.tr("Photo provenance"))
        self.setObjectName("provenance")
        outer = QVBoxLayout(self)
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        outer.addWidget(self.header)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(form)
        self.edits: dict[str, QLineEdit] = {}
        placeholders = {
            "taken_by": self.tr("Who took the photo"),
            "provided_by": self.tr("Who provided it (received from)"),
            "original_url": self.tr("https://… where it was found"),
            "obtained_at": self.tr("{0} (Z or an offset)").format(TIME_EXAMPLE),
        }
        titles = {"taken_by": self.tr("Taken &by"), "provided_by": self.tr("Pro&vided by"),
                  "original_url": self.tr("Original &URL"),
                  "obtained_at": self.tr("Obtained &at")}
        for key in ("taken_by", "provided_by"):
            self._add_edit(form, key, titles[key], placeholders[key])
        self.acquisition = QComboBox(self)
        self.acquisition.setObjectName("provenance.acquisition")
        for value in ("unknown", "received", "downloaded", "taken_by_team"):
            self.acquisition.addItem(acquisition_label(value), value)
        form.addRow(self.tr("&How obtained"), self.acquisition)
        for key in ("original_url", "obtained_at"):
            self._add_edit(form, key, titles[key], placeholders[key])
        self.source = QComboBox(self)
        self.source.setObjectName("provenance.source")
        form.addRow(self.tr("&Source"), self.source)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setObjectName("provenance.error")
        self.error.setStyleSheet(color_style("error"))
        self.error.hide()
        outer.addWidget(self.error)
        self.acquisition.activated.connect(
            lambda _i: self._commit("acquisition", self.acquisition.currentData()))
        self.source.activated.connect(
            lambda _i: self._commit("source_id", self.source.currentData()))
        ctx.bus.photo_selected.connect(self.show_photo)
        ctx.bus.case_changed.connect(self._case_changed)
        ctx.bus.changes_applied.connect(self._on_changes)
        self.show_photo(0)

    def _add_edit(self, form: QFormLayout, key: str, title: str, placeholder: str) -> None:
        edit = QLineEdit(self)
        edit.setObjectName(f"provenance.{key}")
        edit.setPlaceholderText(placeholder)
        edit.editingFinished.connect(lambda: self._commit_text(key))
        form.addRow(title, edit)
        self.edits[key] = edit

    # -- reading ---------------------------------------------------------------------
    def _case_changed(self, _case: object) -> None:
        self.photo = None  # the previous case is closed: nothing left to save there
        self.show_photo(0)

    def show_photo(self, photo_id: int) -> None:
        """Show (and edit) this photo's provenance; 0 shows the empty state."""
        self.commit_pending()
        self.photo = None
        choices: list[SourceChoice] = []
        if photo_id and self.ctx.case is not None:
            self.photo, choices = self.ctx.case.read(photo_provenance, photo_id)
        self._show_error("")
        self._fill(choices, force=True)

    def _on_changes(self, changes: Changes) -> None:
        case = self.ctx.case
        if self.photo is not None and case is not None and changes.touches("photo", "source"):
            self.photo, choices = case.read(photo_provenance, self.photo.id)
            self._fill(choices, force=False)

    def _fill(self, choices: list[SourceChoice], *, force: bool) -> None:
        p = self.photo
        writable = self.ctx.case is not None and not self.ctx.case.readonly
        for w in (*self.edits.values(), self.acquisition, self.source):
            w.setEnabled(p is not None and writable)
        blockers = [QSignalBlocker(w) for w in (*self.edits.values(), self.acquisition,
                                                self.source)]
        self.source.clear()
        self.source.addItem(self.tr("none"), None)
        for choice in choices:
            self.source.addItem(choice.text, choice.id)
        if p is None:
            self.header.setText(self.tr("Select a photo to see where it came from."))
            for edit in self.edits.values():
                edit.clear()
            self.acquisition.setCurrentIndex(0)
            del blockers
            return
        self.header.setText(self.tr("Where {0} came from").format(p.file_name))
        values = {"taken_by": p.taken_by, "provided_by": p.provided_by,
                  "original_url": p.original_url, "obtained_at": format_utc(p.obtained_at)}
        kept = False
        for key, edit in self.edits.items():
            typing = edit.hasFocus() and edit.isModified()
            kept = kept or (typing and not force)
            if force or not typing:
                edit.setText(values[key])
                edit.setCursorPosition(0)
                edit.setModified(False)
        self._shown.shown(p.id, p.version, typing=kept, values=p)
        self.acquisition.setCurrentIndex(max(0, self.acquisition.findData(p.acquisition)))
        self.source.setCurrentIndex(max(0, self.source.findData(p.source_id)))
        del blockers

    # -- writing ---------------------------------------------------------------------
    def commit_pending(self) -> None:
        """Save a field still being typed in (before switching photos or closing)."""
        for key in TEXT_FIELDS:
            if self.photo is None or self.ctx.case is None:
                return
            self._commit_text(key)

    def _commit_text(self, key: str) -> None:
        edit = self.edits[key]
        if self.photo is None or not edit.isModified():
            return
        edit.setModified(False)
        self._commit(key, edit.text())

    def _stored(self, key: str) -> Any:
        assert self.photo is not None
        return getattr(self.photo, key)

    def _commit(self, key: str, value: Any) -> None:
        """Check ``value`` as the core will, then push one ``EditPhoto`` if it changed."""
        p = self.photo
        if p is None or self.ctx.case is None:
            return
        try:
            cleaned = clean_provenance(None, {key: value})[key]
        except ValidationError as exc:
            self._show_error(self._sentence(key, exc.reason))
            return
        self._show_error("")
        if cleaned == self._stored(key):
            if key in self.edits:  # e.g. the same time typed with another offset
                self.edits[key].setText(format_utc(cleaned) if key == "obtained_at"
                                        else str(cleaned))
            return
        wrapper = push_command(self.ctx, EditPhoto(p.id, {key: cleaned},
                                                   {key: self._stored(key)},
                                                   **self._shown.edit(p.id, [key])))
        if wrapper.error is not None:
            self.show_photo_again()  # the current state (someone else's, after a conflict)
            self._show_error(str(wrapper.error))
            keep_refused(wrapper.error, self.edits.get(key), value)
        elif wrapper.notice:
            show_notice(self.error, wrapper.notice)

    def show_photo_again(self) -> None:
        """Re-read the shown photo and replace every field, typing included."""
        if self.photo is not None and self.ctx.case is not None:
            self.photo, choices = self.ctx.case.read(photo_provenance, self.photo.id)
            self._fill(choices, force=True)

    def _sentence(self, key: str, reason: str) -> str:
        names = {"taken_by": self.tr("Taken by"), "provided_by": self.tr("Provided by"),
                 "original_url": self.tr("Original URL"), "obtained_at": self.tr("Obtained at"),
                 "acquisition": self.tr("How obtained"), "source_id": self.tr("Source")}
        return self.tr("{0}: {1} (not saved).").format(names.get(key, key), reason.rstrip("."))

    def _show_error(self, text: str) -> None:
        self.error.setStyleSheet("color: #b00020;")  # (a merge notice is not red)
        self.error.setText(text)
        self.error.setVisible(bool(text))
