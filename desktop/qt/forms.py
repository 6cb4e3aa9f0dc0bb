"""Small form helpers shared by the claims, sources and actors editors.

Editors commit one field at a time (one undo step per edit): a line edit on
``editingFinished``, a text box when it loses focus, a combo box when the user picks.
Loading values into the widgets happens under a signal blocker so it never commits. Each
edit carries the version of the object the form showed and the values it showed for the
fields it edits (``ShownVersion.edit``): an edit made after someone else's change is merged
with it when they changed other fields (``show_notice`` says so), and refused when they
changed the same one; the form then shows the current state with the user's refused text
kept in its field (``keep_refused``), never a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from desktop.core.errors import ConflictError
from desktop.core.queries.evidence import RelatedClaim
from desktop.qt.theme import color_style


class CommitTextEdit(QPlainTextEdit):
    """A multi-line text box that reports its text when it loses focus after a change."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loaded = ""
        self._kept = False
        self.setTabChangesFocus(True)

    @property
    def pending(self) -> bool:
        """True while the user has typed something not committed yet (``load`` keeps it)."""
        return (self.hasFocus() or self._kept) and self.toPlainText() != self._loaded

    def load(self, text: str) -> None:
        """Show ``text`` without committing it (not over the user's unsaved typing, nor
        over refused text kept while the stored value stays the one it was refused over)."""
        if self.pending and (not self._kept or text == self._loaded):
            return
        self._kept = False
        with QSignalBlocker(self):
            self.setPlainText(text)
        self._loaded = text

    def keep(self, text: str) -> None:
        """Show ``text`` (the user's, refused) as unsaved typing over the loaded value."""
        with QSignalBlocker(self):
            self.setPlainText(text)
        self._kept = True

    def commit(self) -> None:
        """Report the text if it differs from what was loaded."""
        text = self.toPlainText()
        self._kept = False
        if text != self._loaded:
            self._loaded = text
            self.committed.emit(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.commit()
        super().focusOutEvent(event)


class CommitLineEdit(QLineEdit):
    """A line edit that reports its text on Enter or focus loss, only when it changed."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loaded = ""
        self._kept = False
        self.editingFinished.connect(self.commit)

    @property
    def pending(self) -> bool:
        """True while the user has typed something not committed yet (``load`` keeps it)."""
        return (self.hasFocus() or self._kept) and self.text() != self._loaded

    def load(self, text: str) -> None:
        """Show ``text`` without committing it (not over the user's unsaved typing, nor
        over refused text kept while the stored value stays the one it was refused over)."""
        if self.pending and (not self._kept or text == self._loaded):
            return
        self._kept = False
        with QSignalBlocker(self):
            self.setText(text)
        self._loaded = text

    def keep(self, text: str) -> None:
        """Show ``text`` (the user's, refused) as unsaved typing over the loaded value."""
        with QSignalBlocker(self):
            self.setText(text)
        self._kept = True

    def commit(self) -> None:
        """Report the text if it differs from what was loaded."""
        text = self.text()
        self._kept = False
        if text != self._loaded:
            self._loaded = text
            self.committed.emit(text)


class ShownVersion:
    """The version of the object a form shows, and the values it shows, which its edits
    pass to the core.

    A refresh (after someone else's change) leaves the user's unsaved typing in place, so
    while they type, the form keeps the version and values their typing started from:
    their edit is then merged with the other change, or refused when that change was to
    the same field, instead of overwriting it.
    """

    def __init__(self) -> None:
        self.object_id: int | None = None
        self.version: int | None = None
        self._values: Any = None

    def shown(self, object_id: int | None, version: int | None, *, typing: bool,
              values: Any = None) -> None:
        """The form now shows ``object_id`` at ``version`` (kept as was while ``typing``
        in a field of the same object); ``values`` is what it shows: the DTO (fields read
        as attributes) or a mapping, by the field names the edits use."""
        if object_id != self.object_id or not typing:
            self.object_id, self.version, self._values = object_id, version, values

    def expected(self, object_id: int) -> int | None:
        """The version to pass with an edit of ``object_id``."""
        return self.version if object_id == self.object_id else None

    def edit(self, object_id: int, fields: Iterable[str]) -> dict[str, Any]:
        """The ``expected_version`` and ``shown`` values of an edit of ``fields``."""
        shown: dict[str, Any] | None = None
        values = self._values if object_id == self.object_id else None
        if values is not None:
            shown = {}
            for key in fields:
                if isinstance(values, Mapping):
                    if key in values:
                        shown[key] = values[key]
                elif hasattr(values, key):
                    shown[key] = getattr(values, key)
        return {"expected_version": self.expected(object_id), "shown": shown}


def keep_refused(error: Exception | None, widget: QWidget | None, text: Any) -> None:
    """After an edit refused because someone changed the same field, put the user's
    ``text`` back into ``widget`` (over the current state just shown) as unsaved typing,
    so applying it again is one Enter or one click away."""
    if not isinstance(error, ConflictError) or not isinstance(text, str):
        return
    if isinstance(widget, CommitLineEdit | CommitTextEdit):
        widget.keep(text)
    elif isinstance(widget, QLineEdit):
        widget.setText(text)
        widget.setModified(True)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)


def fill_combo(combo: QComboBox, items: Iterable[tuple[str, Any]], current: Any) -> None:
    """Replace a combo box's entries (text, data) and select ``current``, silently."""
    with QSignalBlocker(combo):
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))


def show_error(label: QLabel, message: str) -> None:
    """Show a one-sentence error (or hide the label when ``message`` is empty)."""
    label.setStyleSheet(color_style("error"))
    if message:
        text = message[:1].upper() + message[1:]
        label.setText(text if text.endswith(".") else text + ".")
    label.setVisible(bool(message))


def show_notice(label: QLabel, message: str) -> None:
    """Show a sentence that is not an error (an edit merged with someone else's change)
    in a form's message label, in the ordinary text colour."""
    show_error(label, message)
    label.setStyleSheet("")


def error_label(parent: QWidget) -> QLabel:
    """A hidden red label for validation messages."""
    label = QLabel(parent)
    label.setObjectName("errorLabel")
    label.setStyleSheet(color_style("error"))
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def is_wide(widget: QWidget) -> bool:
    """True for a wide, short area (a bottom dock): panels then lay out side by side."""
    return widget.width() > 640 and widget.width() >= 1.7 * widget.height()


def relation_sentence(widget: QWidget, entry: RelatedClaim) -> str:
    """The relation worded from the shown claim's side: "C3 (Russian Ministry of Defence)
    contradicts this claim", or "This claim contradicts C2 (ANAMA)"."""
    other = entry.claim_label
    if entry.actor_name:
        other = widget.tr("{label} ({actor})").format(label=other, actor=entry.actor_name)
    texts = {
        (False, "contradicts"): widget.tr("{other} contradicts this claim"),
        (False, "supports"): widget.tr("{other} supports this claim"),
        (True, "contradicts"): widget.tr("This claim contradicts {other}"),
        (True, "supports"): widget.tr("This claim supports {other}"),
    }
    return texts[(entry.outgoing, entry.stance)].format(other=other)
