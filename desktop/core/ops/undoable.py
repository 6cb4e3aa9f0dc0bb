"""Generic undoable commands built from an entity's verbs (create/update/delete/restore).

One pattern serves every kind of object (annotation, claim, source, actor, location,
link): ``CreateCommand``, ``UpdateCommand`` and ``DeleteCommand`` are parameterised by an
``EntityVerbs`` bundle. Each step runs one core verb, i.e. one write transaction.

Identity across undo/redo: a command remembers its target's ``uid`` on its first step and
looks the id up again by uid on every later step. Undoing a create deletes the object and
keeps its ``Snapshot``; redoing it *restores* that snapshot, so the object comes back with
the same uid, number and content, and with the same id whenever that id is still free
(always the case when the stack is replayed in order). Later commands on the stack therefore
still find it, even if its id had to change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from db.base import Base
from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes
from desktop.core.errors import UserError
from desktop.core.ops.common import Snapshot


@dataclass(frozen=True)
class EntityVerbs:
    """The verbs of one kind of object, adapted to positional calls for the commands."""

    kind: str
    model: type[Base]
    update: Callable[[CaseFile, int, Mapping[str, Any]], Changes]
    delete: Callable[[CaseFile, int], tuple[Snapshot, Changes]] | None = None
    restore: Callable[[CaseFile, Snapshot], Changes] | None = None
    current: Callable[[CaseFile, int], dict[str, Any]] | None = None
    """Reads the stored values of the editable fields (lets ``UpdateCommand`` capture
    ``before`` itself)."""


@dataclass
class Target:
    """An object followed by uid once known, so an id that changed is found again."""

    model: type[Base]
    id: int
    uid: str | None = None

    def resolve(self, case: CaseFile) -> int:
        """The object's current id (``UserError`` when it no longer exists)."""
        model: Any = self.model
        label = model.__tablename__
        with case.read_session() as session:
            if self.uid is None:
                uid = session.scalar(select(model.uid).where(model.id == self.id))
                if uid is None:
                    raise UserError(f"there is no {label} with id {self.id}")
                self.uid = uid
                return self.id
            found = session.scalar(select(model.id).where(model.uid == self.uid))
        if found is None:
            raise UserError(f"the {label} no longer exists")
        self.id = int(found)
        return self.id


@dataclass
class CreateCommand:
    """Create on first redo; undo deletes (keeping a snapshot); redo restores the snapshot."""

    text: str
    verbs: EntityVerbs
    create: Callable[[CaseFile], tuple[int, Changes]]
    _target: Target | None = field(default=None, init=False)
    _snapshot: Snapshot | None = field(default=None, init=False)

    @property
    def created_id(self) -> int | None:
        """The id of the created object after ``redo`` (None before the first redo)."""
        return None if self._target is None else self._target.id

    def redo(self, case: CaseFile) -> Changes:
        """Create the object, or restore it exactly after an undo."""
        if self._snapshot is None:
            new_id, changes = self.create(case)
            self._target = Target(self.verbs.model, new_id)
            self._target.resolve(case)
            return changes
        assert self.verbs.restore is not None and self._target is not None
        changes = self.verbs.restore(case, self._snapshot)
        self._snapshot = None
        self._target.resolve(case)
        return changes

    def undo(self, case: CaseFile) -> Changes:
        """Delete the created object."""
        if self._target is None:
            raise UserError(f"nothing to undo: the {self.verbs.kind} was never created")
        assert self.verbs.delete is not None
        snapshot, changes = self.verbs.delete(case, self._target.resolve(case))
        self._snapshot = snapshot
        return changes


@dataclass
class UpdateCommand:
    """Set ``after`` on redo and ``before`` on undo.

    When ``before`` is None the first redo reads the stored values of every editable field
    (through ``verbs.current``) and undo puts all of them back.
    """

    text: str
    verbs: EntityVerbs
    target_id: int
    before: Mapping[str, Any] | None
    after: Mapping[str, Any]
    _target: Target | None = field(default=None, init=False)

    def _id(self, case: CaseFile) -> int:
        if self._target is None:
            self._target = Target(self.verbs.model, self.target_id)
        return self._target.resolve(case)

    def redo(self, case: CaseFile) -> Changes:
        """Apply the new values."""
        target = self._id(case)
        if self.before is None:
            if self.verbs.current is None:
                raise UserError(f"cannot undo an edit of a {self.verbs.kind} without before")
            self.before = self.verbs.current(case, target)
        return self.verbs.update(case, target, self.after)

    def undo(self, case: CaseFile) -> Changes:
        """Put the old values back."""
        if self.before is None:
            raise UserError(f"nothing to undo: the {self.verbs.kind} was never edited")
        return self.verbs.update(case, self._id(case), self.before)


@dataclass
class DeleteCommand:
    """Delete on redo (keeping a snapshot); undo restores it with its links."""

    text: str
    verbs: EntityVerbs
    target_id: int
    _target: Target | None = field(default=None, init=False)
    _snapshot: Snapshot | None = field(default=None, init=False)

    def redo(self, case: CaseFile) -> Changes:
        """Delete the object."""
        if self._target is None:
            self._target = Target(self.verbs.model, self.target_id)
        assert self.verbs.delete is not None
        snapshot, changes = self.verbs.delete(case, self._target.resolve(case))
        self._snapshot = snapshot
        return changes

    def undo(self, case: CaseFile) -> Changes:
        """Restore the deleted object."""
        if self._snapshot is None or self._target is None:
            raise UserError(f"nothing to undo: the {self.verbs.kind} was never deleted")
        assert self.verbs.restore is not None
        changes = self.verbs.restore(case, self._snapshot)
        self._snapshot = None
        self._target.resolve(case)
        return changes
