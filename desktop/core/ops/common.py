"""Helpers shared by the ops verbs: lookups, enum parsing, row snapshots, restoring rows.

A ``Snapshot`` is an inert copy of one deleted row plus the rows that went with it (its
links, and for actors/sources the claims that pointed at it). ``restore`` verbs put the
row back with the same ``id`` and ``uid`` whenever that id is still free (it always is
when undo/redo runs in order on one stack), so ids held by views and by later commands
stay valid.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from db.base import Base
from db.models import Link
from db.models.versioned import VERSION_COLUMN
from desktop.core.errors import UserError, ValidationError

M = TypeVar("M", bound=Base)
E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class Snapshot:
    """A deleted object, inert: its column values and what was removed or detached with it.

    ``row`` maps column names to values (dates and enums as Python values). ``links`` are
    the link rows deleted with it. ``referrers`` lists ``(table, id, column)`` of rows whose
    foreign key was set to NULL by the deletion (claims pointing at a deleted actor).
    Treat every mapping as read-only.
    """

    kind: str
    row: Mapping[str, Any]
    links: tuple[Mapping[str, Any], ...] = ()
    referrers: tuple[tuple[str, int, str], ...] = field(default=())

    @property
    def id(self) -> int:
        """The id the object had."""
        return int(self.row["id"])

    @property
    def uid(self) -> str:
        """The object's stable uid (kept when it is restored)."""
        return str(self.row["uid"])


def row_dict(obj: Base) -> dict[str, Any]:
    """Every column value of an ORM object, keyed by attribute name, but the edit counter
    (``version``: bookkeeping, never in audit details or snapshots; a restored object
    starts counting again)."""
    mapper = inspect(type(obj))
    return {attr.key: getattr(obj, attr.key) for attr in mapper.column_attrs
            if attr.key != VERSION_COLUMN}


def labelled(obj: Any, details: Mapping[str, Any]) -> dict[str, Any]:
    """Audit ``details`` with the object's stored label first (``{"label": "C3", ...}``),
    for the kinds that have one; ``obj`` is an ORM object or a ``row_dict``."""
    label = obj.get("label") if isinstance(obj, Mapping) else getattr(obj, "label", None)
    return {"label": label, **details} if label else dict(details)


def get_required(session: Session, model: type[M], object_id: int, label: str) -> M:
    """The object with ``object_id`` or a ``UserError`` naming what is missing."""
    if isinstance(object_id, bool) or not isinstance(object_id, int):
        raise UserError(f"{label} id must be a whole number, not {object_id!r}")
    obj = session.get(model, object_id)
    if obj is None:
        raise UserError(f"there is no {label} with id {object_id}")
    return obj


def parse_enum(enum_cls: type[E], value: Any, path: str) -> E:
    """``value`` as a member of ``enum_cls`` or a ``ValidationError`` listing the choices."""
    if isinstance(value, enum_cls):
        return value
    try:
        return enum_cls(value)
    except ValueError:
        choices = "|".join(member.value for member in enum_cls)
        raise ValidationError(f"unknown value {value!r}; expected one of {choices}", path) from None


def parse_text(value: Any, path: str, *, required: bool = False) -> str:
    """A text field, stored exactly as given; ``required`` refuses empty or blank text."""
    if value is None and not required:
        return ""
    if value is None:
        raise ValidationError("is required", path)
    if not isinstance(value, str):
        raise ValidationError(f"expected text, got {type(value).__name__}", path)
    if required and not value.strip():
        raise ValidationError("must not be empty", path)
    if "\x00" in value:
        raise ValidationError("contains a NUL character", path)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError("contains an invalid character (a lone UTF-16 surrogate)",
                              path) from None
    return value


def parse_date(value: Any, path: str) -> date | None:
    """An ISO 8601 calendar date (``YYYY-MM-DD``), a ``date``, or None/"" for none."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError(f"expected a date like 2021-03-15, got {value!r}", path)


def parse_number(value: Any, path: str) -> float | int:
    """A finite int or float (booleans and NaN refused)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(f"expected a number, got {value!r}", path)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError(f"expected a finite number, got {value!r}", path)
    if isinstance(value, int) and abs(value) > MAX_EXACT_INT:
        raise ValidationError("is far too large a number", path)
    return value


MAX_EXACT_INT = 2**53
"""Beyond this an integer is not exact as a real number, and no coordinate, size or
precision in a case comes near it."""


def check_fields(fields: Mapping[str, Any], allowed: Iterable[str], label: str) -> None:
    """Refuse field names the verb does not edit."""
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise UserError(f"cannot edit {', '.join(unknown)} of a {label}")


def assign(obj: Base, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set attributes that differ; returns (before, after) of the changed ones only."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key, value in values.items():
        old = getattr(obj, key)
        if old != value:
            before[key] = old
            after[key] = value
            setattr(obj, key, value)
    return before, after


def insert_row(session: Session, model: type[M], row: Mapping[str, Any]) -> M:
    """Re-insert a snapshot row, keeping its id when free and its uid (which must be free)."""
    values = dict(row)
    if "uid" in values and session.scalar(
        select(model.id).where(model.uid == values["uid"])  # type: ignore[attr-defined]  # models with ids; Base has none
    ) is not None:
        raise UserError(f"that {model.__tablename__} already exists (uid {values['uid']})")
    if session.get(model, values["id"]) is not None:
        del values["id"]
    obj = model(**values)
    session.add(obj)
    session.flush()
    return obj


def links_touching(session: Session, column: str, object_id: int) -> list[Link]:
    """Links whose ``column`` (e.g. ``from_annotation_id``) equals ``object_id``."""
    return list(session.scalars(
        select(Link).where(getattr(Link, column) == object_id).order_by(Link.id)
    ))


def delete_links(session: Session, links: Iterable[Link]) -> tuple[dict[str, Any], ...]:
    """Delete links explicitly (not only by cascade) and return their rows for a snapshot."""
    rows = []
    for link in links:
        rows.append(row_dict(link))
        session.delete(link)
    session.flush()
    return tuple(rows)


def restore_links(
    session: Session,
    rows: Iterable[Mapping[str, Any]],
    remap: Mapping[str, tuple[int, int]] | None = None,
) -> tuple[list[int], list[int]]:
    """Re-insert link rows whose ends still exist; returns (restored ids, skipped old ids).

    ``remap`` maps a column to ``(old id, new id)``: the restored object's id when it had
    to change.
    """
    from db.models import Annotation, Claim, Location, Photo

    targets = {
        "from_annotation_id": Annotation, "from_photo_id": Photo, "from_claim_id": Claim,
        "to_claim_id": Claim, "to_location_id": Location,
    }
    restored: list[int] = []
    skipped: list[int] = []
    for row in rows:
        values = dict(row)
        for column, (old_id, new_id) in (remap or {}).items():
            if values.get(column) == old_id:
                values[column] = new_id
        ends_exist = all(
            values[col] is None or session.get(model, values[col]) is not None
            for col, model in targets.items()
        )
        uid_taken = session.scalar(select(Link.id).where(Link.uid == values["uid"]))
        if not ends_exist or uid_taken is not None:
            skipped.append(int(row["id"]))
            continue
        restored.append(insert_row(session, Link, values).id)
    return restored, skipped
