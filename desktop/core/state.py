"""What each audit event commits to: the state of the objects it changed.

The state of a row is every column of it but ``version``, as stored (text, integers, real
numbers, NULL; JSON columns as their stored text; dates as ISO text). ``version`` is the
edit counter that detects concurrent edits (``db.models.versioned``): bookkeeping, not
evidence, and absent from cases made before it, so leaving it out kept every digest those
cases recorded valid. Its digest is the SHA-256 of the
row's RFC 8785 canonical JSON. Each audit event lists, for every evidential object changed
since the event before it in the same transaction, the object's table, uid, label, digest
(``None`` for a deletion) and a short hash per field so that ``verify`` can name the
fields that differ. ``verify`` keeps the newest entry per object and compares it with
every current row: a row edited, inserted or deleted outside Fragment is found.

Which objects changed is collected by session hooks, not by each verb, so no write path can
forget: the ORM's new, changed and deleted objects, plus the rows the database itself
deletes or detaches through ``ON DELETE CASCADE`` / ``SET NULL`` foreign keys. A transaction
that changes an evidential row and records no audit event afterwards is refused at commit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Connection, bindparam, event, inspect, text
from sqlalchemy.orm import Session

from db.base import Base
from desktop.core.canonical import canonical as fast_canonical

# Every table whose rows are evidence or say what the evidence means. Not the audit log
# itself, the label counters or Alembic's version table.
EVIDENTIAL_TABLES: tuple[str, ...] = (
    "case_info", "catalog_entry", "actor", "source", "photo", "location", "claim",
    "annotation", "link", "case_basemap", "citation", "reference_collection",
    "check_finding", "video", "video_frame", "photo_tag",
)
FIELD_HASH_CHARS = 16
# Columns that are bookkeeping rather than evidence, left out of every state digest.
NOT_STATE: frozenset[str] = frozenset({"version"})
_TOUCHED = "fragment.touched"
_DELETED_DEPENDENTS = "fragment.dependents"


class UnauditedChangeError(RuntimeError):
    """A transaction changed evidence without recording an audit event (a programming error)."""


_AS_STORED = frozenset({str, int, float, type(None)})


def normalise(value: Any) -> Any:
    """A stored value in the form every backend and reader agrees on."""
    if type(value) in _AS_STORED:
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()  # PostgreSQL drivers return dates; SQLite stores ISO text
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def row_state(row: Mapping[str, Any]) -> dict[str, Any]:
    """The state of one row: every column but the bookkeeping ones, normalised."""
    return {str(key): normalise(value) for key, value in row.items()
            if key not in NOT_STATE}


def canonical(value: Any) -> bytes:
    """RFC 8785 canonical JSON of ``value`` (``desktop.core.canonical``)."""
    return fast_canonical(value)


def digest(state: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of a row's state."""
    return hashlib.sha256(canonical(dict(state))).hexdigest()


def field_hashes(state: Mapping[str, Any]) -> dict[str, str]:
    """A short hash per field, so a difference can be named by field."""
    return {key: hashlib.sha256(canonical(value)).hexdigest()[:FIELD_HASH_CHARS]
            for key, value in state.items()}


@dataclass(frozen=True)
class StateEntry:
    """One object's state as an audit event records it (``digest`` None: deleted)."""

    table: str
    uid: str
    label: str | None
    digest: str | None
    fields: Mapping[str, str]

    def as_json(self) -> dict[str, Any]:
        """The stored form."""
        return {"type": self.table, "uid": self.uid, "label": self.label,
                "digest": self.digest, "fields": dict(self.fields)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StateEntry:
        """Read the stored form back."""
        return cls(str(data["type"]), str(data["uid"]), data.get("label"), data.get("digest"),
                   dict(data.get("fields") or {}))


def entry_for(table: str, uid: str, row: Mapping[str, Any] | None,
              label: str | None = None) -> StateEntry:
    """The state entry for a row, or a deletion tombstone when ``row`` is None."""
    if row is None:
        return StateEntry(table, uid, label, None, {})
    state = row_state(row)
    return StateEntry(table, uid, state.get("label") or label, digest(state),
                      field_hashes(state))


def read_row(conn: Connection, table: str, uid: str) -> dict[str, Any] | None:
    """The stored row of ``table`` with ``uid``, raw, or None."""
    _check_table(table)
    result = conn.execute(text(f"SELECT * FROM {table} WHERE uid = :uid"), {"uid": uid})
    row = result.mappings().first()
    return dict(row) if row is not None else None


def iter_rows(conn: Connection, table: str) -> Iterator[dict[str, Any]]:
    """Every stored row of an evidential table, raw, in id order."""
    _check_table(table)
    for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY id")).mappings():
        yield dict(row)


def _check_table(table: str) -> None:
    if table not in EVIDENTIAL_TABLES:
        raise ValueError(f"{table} is not an evidential table")


# -- collecting what a transaction changed ------------------------------------------------
@cache
def _dependents_map() -> dict[str, tuple[tuple[str, str, str, bool], ...]]:
    """parent table -> (child table, column, ondelete, has a label) for the foreign keys
    the database itself acts on when a parent row is deleted."""
    deps: dict[str, list[tuple[str, str, str, bool]]] = {}
    for table in Base.metadata.sorted_tables:
        if table.name not in EVIDENTIAL_TABLES:
            continue
        for fk in table.foreign_keys:
            mode = (fk.ondelete or "").upper()
            if mode in ("CASCADE", "SET NULL"):
                deps.setdefault(fk.column.table.name, []).append(
                    (table.name, fk.parent.name, mode, "label" in table.c))
    return {parent: tuple(children) for parent, children in deps.items()}


def _collect_dependents(conn: Connection, table: str, row_id: int,
                        out: dict[tuple[str, str], str | None]) -> None:
    """Add every row the database will delete or detach with ``table`` row ``row_id``."""
    for child, column, mode, labelled in _dependents_map().get(table, ()):
        label = "label" if labelled else "NULL"
        rows = conn.execute(text(f"SELECT id, uid, {label} FROM {child} WHERE {column} = :id"),
                            {"id": row_id}).all()
        for child_id, uid, child_label in rows:
            if (child, uid) in out:
                continue
            out[(child, uid)] = child_label
            if mode == "CASCADE":
                _collect_dependents(conn, child, child_id, out)


def _touched(session: Session) -> dict[tuple[str, str], str | None]:
    return session.info.setdefault(_TOUCHED, {})


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    deleted = [obj for obj in session.deleted
               if getattr(obj, "__tablename__", None) in EVIDENTIAL_TABLES]
    if not deleted:
        return
    found: dict[tuple[str, str], str | None] = session.info.setdefault(_DELETED_DEPENDENTS, {})
    conn = session.connection()
    for obj in deleted:
        _collect_dependents(conn, obj.__tablename__, int(obj.id), found)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    touched = _touched(session)
    for obj in [*session.new, *session.dirty, *session.deleted]:
        table = getattr(obj, "__tablename__", None)
        if table not in EVIDENTIAL_TABLES:
            continue
        if obj in session.dirty and not session.is_modified(obj, include_collections=False):
            continue
        state = inspect(obj)
        uid = state.dict.get("uid")
        if uid:
            touched[(table, uid)] = state.dict.get("label")
        # An object given another uid (a load adopting the document's): its old uid is
        # recorded as gone, or the log would hold a state that no row has any more.
        for old in state.attrs.uid.history.deleted if obj in session.dirty else ():
            if old and old != uid:
                touched[(table, old)] = state.dict.get("label")
    touched.update(session.info.pop(_DELETED_DEPENDENTS, {}))


def take_changed_state(session: Session) -> list[StateEntry]:
    """State entries for every object changed since the last call (the session is flushed)."""
    return list(take_changed_by_key(session).values())


def take_changed_by_key(session: Session) -> dict[tuple[str, str], StateEntry]:
    """Like ``take_changed_state``, keyed by ``(table, uid)`` in the order the objects were
    changed; the rows are read a few hundred per statement, not one by one."""
    touched: dict[tuple[str, str], str | None] = session.info.pop(_TOUCHED, {})
    if not touched:
        return {}
    rows = read_rows(session.connection(), [key for key in touched])
    return {(table, uid): entry_for(table, uid, rows.get((table, uid)), label)
            for (table, uid), label in touched.items()}


_READ_CHUNK = 500  # below SQLite's and PostgreSQL's limits on bound parameters


def read_rows(conn: Connection, keys: list[tuple[str, str]]
              ) -> dict[tuple[str, str], dict[str, Any]]:
    """The stored rows for ``(table, uid)`` keys, raw; a key with no row is left out."""
    by_table: dict[str, list[str]] = {}
    for table, uid in keys:
        by_table.setdefault(table, []).append(uid)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for table, uids in by_table.items():
        _check_table(table)
        query = text(f"SELECT * FROM {table} WHERE uid IN :uids").bindparams(
            bindparam("uids", expanding=True))
        for start in range(0, len(uids), _READ_CHUNK):
            chunk = uids[start:start + _READ_CHUNK]
            for row in conn.execute(query, {"uids": chunk}).mappings():
                out[(table, str(row["uid"]))] = dict(row)
    return out


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    session.flush()
    touched = session.info.get(_TOUCHED)
    if touched:
        names = ", ".join(f"{table} {label or uid}" for (table, uid), label in
                          list(touched.items())[:5])
        session.info.pop(_TOUCHED, None)
        raise UnauditedChangeError(f"a change to {names} was not recorded in the audit log")


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_TOUCHED, None)
    session.info.pop(_DELETED_DEPENDENTS, None)


def all_state(conn: Connection) -> list[StateEntry]:
    """The state of every current evidential row (an upgrade's baseline)."""
    return [entry_for(table, str(row["uid"]), row)
            for table in EVIDENTIAL_TABLES for row in iter_rows(conn, table)]
