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
from db.models.versioned import VERSION_COLUMN
from desktop.core.casefile import CaseFile
from desktop.core.changes import NO_CHANGES, Changes
from desktop.core.errors import ConflictError, UserError
from desktop.core.ops.common import Snapshot
from desktop.core.ops.merge import merge_stale_edit
from desktop.core.state import entry_for, read_row
from desktop.core.versions import last_change


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


def fingerprint(case: CaseFile, model: type[Base], object_id: int) -> str | None:
    """The digest of the object's stored state without its row id, which an undo may
    change (None when it is gone)."""
    table = model.__tablename__
    with case.read_session() as session:
        conn = session.connection()
        uid = session.scalar(select(model.uid).where(model.id == object_id))  # type: ignore[attr-defined]
        row = read_row(conn, table, uid) if uid is not None else None
    if row is None:
        return None
    row.pop("id", None)
    return entry_for(table, uid or "", row).digest


def _object_name(case: CaseFile, verbs: EntityVerbs, object_id: int) -> tuple[str, str]:
    """(``claim C3``, `` by Ana at … UTC (status)``) for a conflict sentence."""
    model: Any = verbs.model
    with case.read_session() as session:
        label = (session.scalar(select(model.label).where(model.id == object_id))
                 if hasattr(model, "label") else None)
        last = last_change(session, verbs.kind, object_id)
    name = f"{verbs.kind} {label}" if label else f"this {verbs.kind}"
    return name, last.words() if last is not None else ""


def require_unchanged(case: CaseFile, verbs: EntityVerbs, object_id: int,
                      expected: str | None, doing: str) -> None:
    """Refuse ``doing`` when the object's state is not the one this command left."""
    if expected is None or fingerprint(case, verbs.model, object_id) == expected:
        return
    name, who = _object_name(case, verbs, object_id)
    raise ConflictError(f"{name} was changed{who} after this step; {doing} would overwrite "
                        "that change, so nothing was done (reload to see the current state)")


def stored_version(case: CaseFile, model: type[Base], object_id: int) -> int | None:
    """The object's edit counter as stored (None when it has none or is gone)."""
    column: Any = getattr(model, VERSION_COLUMN, None)
    if column is None:
        return None
    with case.read_session() as session:
        return session.scalar(select(column).where(model.id == object_id))  # type: ignore[attr-defined]


def require_version(case: CaseFile, verbs: EntityVerbs, object_id: int,
                    shown: int | None, refused: str = "your edit was not saved") -> None:
    """Refuse an edit (or a deletion) made from a form that showed version ``shown`` of an
    object that has been changed since (call inside the step's write transaction)."""
    if shown is None or stored_version(case, verbs.model, object_id) in (None, shown):
        return
    name, who = _object_name(case, verbs, object_id)
    raise ConflictError(f"{name} was changed{who} since it was shown here; {refused}, so "
                        "that change stands (the current state is shown now)")


@dataclass
class CreateCommand:
    """Create on first redo; undo deletes (keeping a snapshot); redo restores the snapshot."""

    text: str
    verbs: EntityVerbs
    create: Callable[[CaseFile], tuple[int, Changes]]
    _target: Target | None = field(default=None, init=False)
    _snapshot: Snapshot | None = field(default=None, init=False)
    _left: str | None = field(default=None, init=False)

    @property
    def created_id(self) -> int | None:
        """The id of the created object after ``redo`` (None before the first redo)."""
        return None if self._target is None else self._target.id

    def redo(self, case: CaseFile) -> Changes:
        """Create the object, or restore it exactly after an undo."""
        with case.write_session():
            if self._snapshot is None:
                new_id, changes = self.create(case)
                self._target = Target(self.verbs.model, new_id)
            else:
                assert self.verbs.restore is not None and self._target is not None
                changes = self.verbs.restore(case, self._snapshot)
                self._snapshot = None
            target = self._target.resolve(case)
            self._left = fingerprint(case, self.verbs.model, target)
            return changes

    def undo(self, case: CaseFile) -> Changes:
        """Delete the created object (refused if someone changed it since)."""
        if self._target is None:
            raise UserError(f"nothing to undo: the {self.verbs.kind} was never created")
        assert self.verbs.delete is not None
        with case.write_session():
            target = self._target.resolve(case)
            require_unchanged(case, self.verbs, target, self._left, "undoing its creation")
            snapshot, changes = self.verbs.delete(case, target)
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
    expected_version: int | None = None
    """The ``version`` of the object the form showed: the first redo is refused when the
    stored one differs (someone changed the object meanwhile). None: not checked."""
    shown: Mapping[str, Any] | None = None
    """The values the form showed for the fields of ``after`` (with ``expected_version``):
    then a first redo after someone else's change is merged field by field
    (``ops.merge``) and refused only when they changed one of these fields too."""
    notice: str = field(default="", init=False)
    """After the first redo: the sentence saying the edit was merged with someone else's
    change, or ""."""
    _target: Target | None = field(default=None, init=False)
    _left: str | None = field(default=None, init=False)
    """The object's state digest after this command's last step (redo or undo)."""

    def _id(self, case: CaseFile) -> int:
        if self._target is None:
            self._target = Target(self.verbs.model, self.target_id)
        return self._target.resolve(case)

    def _check_version(self, case: CaseFile, target: int) -> None:
        """Refuse, or merge, a first redo from a form that showed an older version."""
        if (self.shown is None or self.verbs.current is None
                or not set(self.after) <= set(self.shown)):  # not all shown: no merge
            require_version(case, self.verbs, target, self.expected_version)
            return
        stored = stored_version(case, self.verbs.model, target)
        if self.expected_version is None or stored in (None, self.expected_version):
            return
        assert stored is not None
        name, _who = _object_name(case, self.verbs, target)
        current = self.verbs.current(case, target)
        with case.read_session() as session:  # joins this step's write transaction
            merged = merge_stale_edit(
                session, kind=self.verbs.kind, name=name, object_id=target,
                moved=stored - self.expected_version, current=current, shown=self.shown,
                after=self.after)
        self.after, self.notice = merged.after, merged.notice
        if self.before is not None:
            self.before = merged.before

    def redo(self, case: CaseFile) -> Changes:
        """Apply the new values (a redo after an undo is refused if someone changed the
        object in between)."""
        with case.write_session():
            target = self._id(case)
            if self._left is None:
                self._check_version(case, target)
            require_unchanged(case, self.verbs, target, self._left, "redoing this edit")
            if self.before is None:
                if self.verbs.current is None:
                    raise UserError(f"cannot undo an edit of a {self.verbs.kind} without "
                                    "before")
                self.before = self.verbs.current(case, target)
            changes = self.verbs.update(case, target, self.after) if self.after else NO_CHANGES
            self._left = fingerprint(case, self.verbs.model, target)
            return changes

    def undo(self, case: CaseFile) -> Changes:
        """Put the old values back, unless someone changed the object since the edit."""
        if self.before is None:
            raise UserError(f"nothing to undo: the {self.verbs.kind} was never edited")
        with case.write_session():
            target = self._id(case)
            require_unchanged(case, self.verbs, target, self._left, "undoing this edit")
            changes = (self.verbs.update(case, target, self.before) if self.before
                       else NO_CHANGES)
            self._left = fingerprint(case, self.verbs.model, target)
            return changes


@dataclass
class DeleteCommand:
    """Delete on redo (keeping a snapshot); undo restores it with its links."""

    text: str
    verbs: EntityVerbs
    target_id: int
    expected_version: int | None = None
    """The ``version`` the form showed: the first redo refuses to delete an object someone
    changed since (as ``UpdateCommand``). None: not checked."""
    _target: Target | None = field(default=None, init=False)
    _snapshot: Snapshot | None = field(default=None, init=False)

    def redo(self, case: CaseFile) -> Changes:
        """Delete the object."""
        first = self._target is None
        if self._target is None:
            self._target = Target(self.verbs.model, self.target_id)
        assert self.verbs.delete is not None
        with case.write_session():
            target = self._target.resolve(case)
            if first:
                require_version(case, self.verbs, target, self.expected_version,
                                "it was not deleted")
            snapshot, changes = self.verbs.delete(case, target)
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
