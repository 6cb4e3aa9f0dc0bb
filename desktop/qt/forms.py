"""Small form helpers shared by the claims, sources and actors editors.

Editors commit one field at a time (one undo step per edit): a line edit on
``editingFinished``, a text box when it loses focus, a combo box when the user picks.
Loading values into the widgets happens under a signal blocker so it never commits. Each
edit carries the version of the object the form showed (``ShownVersion``), so that an edit
made after someone else's change is refused and the form reloaded, never a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from desktop.core.queries.evidence import RelatedClaim
from desktop.qt.theme import color_style


class CommitTextEdit(QPlainTextEdit):
    """A multi-line text box that reports its text when it loses focus after a change."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loaded = ""
        self.setTabChangesFocus(True)

    @property
    def pending(self) -> bool:
        """True while the user has typed something not committed yet (``load`` keeps it)."""
        return self.hasFocus() and self.toPlainText() != self._loaded

    def load(self, text: str) -> None:
        """Show ``text`` without committing it (not over the user's unsaved typing)."""
        if self.pending:
            return
        with QSignalBlocker(self):
            self.setPlainText(text)
        self._loaded = text

    def commit(self) -> None:
        """Report the text if it differs from what was loaded."""
        text = self.toPlainText()
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
        self.editingFinished.connect(self.commit)

    @property
    def pending(self) -> bool:
        """True while the user has typed something not committed yet (``load`` keeps it)."""
        return self.hasFocus() and self.text() != self._loaded

    def load(self, text: str) -> None:
        """Show ``text`` without committing it (not over the user's unsaved typing)."""
        if self.pending:
            return
        with QSignalBlocker(self):
            self.setText(text)
        self._loaded = text

    def commit(self) -> None:
        """Report the text if it differs from what was loaded."""
        text = self.text()
        if text != self._loaded:
            self._loaded = text
            self.committed.emit(text)


class ShownVersion:
    """The version of the object a form shows, which its edits pass to the core.

    A refresh (after someone else's change) leaves the user's unsaved typing in place, so
    while they type, the form keeps the version their typing started from: their edit is
    then refused with a sentence naming the other change instead of overwriting it.
    """

    def __init__(self) -> None:
        self.object_id: int | None = None
        self.version: int | None = None

    def shown(self, object_id: int | None, version: int | None, *, typing: bool) -> None:
        """The form now shows ``object_id`` at ``version`` (kept as was while ``typing``
        in a field of the same object)."""
        if object_id != self.object_id or not typing:
            self.object_id, self.version = object_id, version

    def expected(self, object_id: int) -> int | None:
        """The version to pass with an edit of ``object_id``."""
        return self.version if object_id == self.object_id else None


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
    if message:
        text = message[:1].upper() + message[1:]
        label.setText(text if text.endswith(".") else text + ".")
    label.setVisible(bool(message))


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
