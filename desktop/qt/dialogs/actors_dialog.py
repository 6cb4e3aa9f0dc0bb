"""Manage actors (who makes claims): add, rename, change kind or affiliation, delete.

Every change is an undoable core command on the shared undo stack; the dialog re-reads the
actors through ``list_actors`` after each change notice.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.changes import Changes
from desktop.core.ops.investigation_commands import CreateActor, DeleteActor, EditActor
from desktop.core.queries.investigation import ActorInfo, list_actors
from desktop.qt.context import AppContext
from desktop.qt.forms import (
    CommitLineEdit,
    ShownVersion,
    error_label,
    keep_refused,
    show_error,
    show_notice,
)
from desktop.qt.undo import push_command


def actor_kind_titles() -> dict[str, str]:
    """Translated names of the actor kinds (keys are the stored values)."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("Actors", text)

    return {
        "government": tr("Government"), "ministry": tr("Ministry"), "agency": tr("Agency"),
        "official": tr("Official"), "military": tr("Military"), "media": tr("Media"),
        "ngo": tr("NGO"), "other": tr("Other"),
    }


class ActorsDialog(QDialog):
    """A list of actors with an editor; closes with the Close button."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Actors"))
        self._actors: list[ActorInfo] = []
        self.list = QListWidget(self)
        self.list.currentItemChanged.connect(lambda *_: self._load())
        self.add_button = QPushButton(self.tr("Add actor"), self)
        self.add_button.clicked.connect(self.add_actor)
        self.delete_button = QPushButton(self.tr("Delete actor"), self)
        self.delete_button.setToolTip(self.tr("Their claims stay, without an actor"))
        self.delete_button.clicked.connect(self.delete_actor)
        for button in (self.add_button, self.delete_button):
            button.setAutoDefault(False)  # Enter in a field commits it, it adds no actor
        self.name = CommitLineEdit(self)
        self.name.committed.connect(lambda text: self._edit("name", text))
        self.kind = QComboBox(self)
        for value, title in actor_kind_titles().items():
            self.kind.addItem(title, value)
        self.kind.activated.connect(lambda _i: self._edit("kind", self.kind.currentData()))
        self.affiliation = CommitLineEdit(self)
        self.affiliation.setPlaceholderText(self.tr("e.g. Azerbaijan, Russia, United Nations"))
        self.affiliation.committed.connect(lambda text: self._edit("affiliation", text))
        self.error = error_label(self)
        self._shown = ShownVersion()

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Affiliation"), self.affiliation)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.resize(420, 420)
        ctx.bus.changes_applied.connect(self._on_changes)
        self.refresh()

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("actor"):
            self.refresh()

    def refresh(self, select: int | None = None) -> None:
        """Re-read the actors, keeping (or moving) the selection."""
        current = select if select is not None else self.current_id()
        self._actors = []
        if self.ctx.case is not None:
            self._actors = self.ctx.case.read(list_actors)
        titles = actor_kind_titles()
        with QSignalBlocker(self.list):
            self.list.clear()
            for actor in self._actors:
                text = f"{actor.name} ({titles.get(actor.kind, actor.kind)})"
                if actor.claim_count:
                    text += self.tr(" · {n} claims").format(n=actor.claim_count)
                item = QListWidgetItem(text, self.list)
                item.setData(Qt.ItemDataRole.UserRole, actor.id)
                if actor.id == current:
                    self.list.setCurrentItem(item)
        self._load()

    def current_id(self) -> int | None:
        """The selected actor's id."""
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _current(self) -> ActorInfo | None:
        actor_id = self.current_id()
        return next((a for a in self._actors if a.id == actor_id), None)

    def _load(self) -> None:
        actor = self._current()
        for widget in (self.name, self.kind, self.affiliation, self.delete_button):
            widget.setEnabled(actor is not None)
        self.name.load(actor.name if actor else "")
        self.affiliation.load(actor.affiliation if actor else "")
        with QSignalBlocker(self.kind):
            self.kind.setCurrentIndex(max(0, self.kind.findData(actor.kind if actor else "other")))
        self._shown.shown(actor.id if actor else None, actor.version if actor else None,
                          typing=self.name.pending or self.affiliation.pending, values=actor)

    def _edit(self, field: str, value: object) -> None:
        actor = self._current()
        if actor is None:
            return
        wrapper = push_command(self.ctx, EditActor(
            actor.id, {field: value}, **self._shown.edit(actor.id, [field])))
        if wrapper.error is not None:
            self.refresh()
            show_error(self.error, str(wrapper.error))
            keep_refused(wrapper.error, {"name": self.name, "affiliation": self.affiliation}
                         .get(field), value)
        elif wrapper.notice:
            show_notice(self.error, wrapper.notice)
        else:
            show_error(self.error, "")

    def add_actor(self) -> None:
        """Add an actor called "New actor" and select its name for typing."""
        command = CreateActor(name=self.tr("New actor"))
        wrapper = push_command(self.ctx, command)
        if wrapper.error is None and command.created_id is not None:
            self.refresh(select=command.created_id)
            self.name.setFocus()
            self.name.selectAll()

    def delete_actor(self) -> None:
        """Delete the selected actor (undoable; their claims stay)."""
        actor = self._current()
        if actor is not None:
            wrapper = push_command(self.ctx, DeleteActor(
                actor.id, expected_version=self._shown.expected(actor.id)))
            if wrapper.error is not None:  # changed by someone else meanwhile
                self.refresh()
                show_error(self.error, str(wrapper.error))
