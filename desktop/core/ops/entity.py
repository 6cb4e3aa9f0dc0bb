"""The generic create/update/delete/restore behind sources, actors, claims, locations, links.

Each kind describes itself with an ``EntitySpec`` (model, editable fields, a ``clean``
function that validates input into column values, which link columns and which foreign
keys point at it). The verbs here do the rest the same way for every kind: one write
transaction, one audit event (``<kind>.create|update|delete|restore`` with before/after),
and a ``Changes`` summary. Validation happens inside the transaction before anything is
written, so a refused input changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.base import Base
from db.models import Link
from desktop.core.casefile import CaseFile
from desktop.core.changes import NO_CHANGES, Changes, Ref
from desktop.core.errors import UserError
from desktop.core.ops.common import (
    Snapshot,
    assign,
    check_fields,
    delete_links,
    get_required,
    insert_row,
    labelled,
    links_touching,
    restore_links,
    row_dict,
)

Cleaner = Callable[[Session | None, Mapping[str, Any], Base | None], dict[str, Any]]
"""``clean(session, fields, existing)`` -> column values; ``existing`` is None on create,
``session`` is None when an interchange file is validated before any case is opened."""


@dataclass(frozen=True)
class EntitySpec:
    """How one kind of object is validated, linked and referred to."""

    kind: str
    model: type[Base]
    editable: tuple[str, ...]
    clean: Cleaner
    link_columns: tuple[str, ...] = ()
    referrers: tuple[tuple[type[Base], str], ...] = ()
    creatable: tuple[str, ...] = ()

    def create_fields(self) -> tuple[str, ...]:
        """Fields accepted on creation (``creatable`` when set, else ``editable``)."""
        return self.creatable or self.editable


def _audit_row(obj: Base) -> dict[str, Any]:
    row = row_dict(obj)
    return {k: v for k, v in row.items() if k not in ("id", "created_at")}


def create(case: CaseFile, spec: EntitySpec, fields: Mapping[str, Any]) -> tuple[int, Changes]:
    """Validate ``fields`` and insert one object; returns its id and the changes."""
    check_fields(fields, spec.create_fields(), spec.kind)
    with case.write_session() as session:
        values = spec.clean(session, fields, None)
        obj = spec.model(**values)
        session.add(obj)
        session.flush()
        object_id = int(obj.id)  # type: ignore[attr-defined]  # models with ids; Base has none
        case.audit(session, f"{spec.kind}.create", spec.kind, object_id,
                   labelled(obj, {"after": _audit_row(obj)}))
        return object_id, Changes.of(created=[Ref(spec.kind, object_id)])


def update(case: CaseFile, spec: EntitySpec, object_id: int, fields: Mapping[str, Any]) -> Changes:
    """Validate and set ``fields``; values equal to the stored ones are ignored."""
    check_fields(fields, spec.editable, spec.kind)
    with case.write_session() as session:
        obj = get_required(session, spec.model, object_id, spec.kind)
        values = spec.clean(session, fields, obj)
        before, after = assign(obj, values)
        if not after:
            return NO_CHANGES
        session.flush()
        case.audit(session, f"{spec.kind}.update", spec.kind, object_id,
                   labelled(obj, {"before": before, "after": after}))
        return Changes.of(updated=[Ref(spec.kind, object_id)])


def current_values(case: CaseFile, spec: EntitySpec, object_id: int) -> dict[str, Any]:
    """The stored values of every editable column (what an undo puts back)."""
    with case.read_session() as session:
        obj = get_required(session, spec.model, object_id, spec.kind)
        row = row_dict(obj)
    return {k: row[k] for k in spec.editable if k in row}


def delete(case: CaseFile, spec: EntitySpec, object_id: int) -> tuple[Snapshot, Changes]:
    """Delete one object with its links; foreign keys pointing at it are cleared."""
    with case.write_session() as session:
        obj = get_required(session, spec.model, object_id, spec.kind)
        links: list[Link] = []
        for column in spec.link_columns:
            links.extend(link for link in links_touching(session, column, object_id)
                         if link not in links)
        link_rows = delete_links(session, links)
        referrers: list[tuple[str, int, str]] = []
        for model, column in spec.referrers:
            for other in session.scalars(
                select(model).where(getattr(model, column) == object_id)
            ):
                setattr(other, column, None)
                referrers.append((model.__tablename__, int(other.id), column))  # type: ignore[attr-defined]  # models with ids; Base has none
        row = row_dict(obj)
        audit = _audit_row(obj)
        session.delete(obj)
        session.flush()
        case.audit(session, f"{spec.kind}.delete", spec.kind, object_id,
                   labelled(row, {"before": audit, "links": [r["uid"] for r in link_rows],
                                  "detached": [list(r) for r in referrers]}))
        snapshot = Snapshot(spec.kind, row, link_rows, tuple(referrers))
        return snapshot, Changes.of(
            deleted=[Ref(spec.kind, object_id), *(Ref("link", r["id"]) for r in link_rows)],
            updated=[Ref(table, rid) for table, rid, _ in referrers],
        )


def restore(case: CaseFile, spec: EntitySpec, snapshot: Snapshot) -> Changes:
    """Re-insert a deleted object (same uid; same id when free) with its links and referrers.

    Links whose other end is gone, and referrers deleted or re-pointed meanwhile, are left
    as they are; the audit event lists what was skipped.
    """
    if snapshot.kind != spec.kind:
        raise UserError(f"cannot restore a {snapshot.kind} as a {spec.kind}")
    with case.write_session() as session:
        obj = insert_row(session, spec.model, snapshot.row)
        new_id = int(obj.id)  # type: ignore[attr-defined]  # models with ids; Base has none
        remap = {c: (snapshot.id, new_id) for c in spec.link_columns}
        restored, skipped = restore_links(session, snapshot.links, remap)
        updated: list[Ref] = []
        models = {model.__tablename__: model for model, _ in spec.referrers}
        for table, rid, column in snapshot.referrers:
            other = session.get(models[table], rid)
            if other is not None and getattr(other, column) is None:
                setattr(other, column, new_id)
                updated.append(Ref(table, rid))
        session.flush()
        case.audit(session, f"{spec.kind}.restore", spec.kind, new_id,
                   labelled(obj, {"after": _audit_row(obj), "links_restored": len(restored),
                                  "links_skipped": skipped}))
        return Changes.of(
            created=[Ref(spec.kind, new_id), *(Ref("link", i) for i in restored)],
            updated=updated,
        )
