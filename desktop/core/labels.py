"""Stable labels: P7, C3, L2, S1, A12, V1.

Every photo, claim, location, source, annotation and video gets a label when it is created. The
number comes from a per-prefix counter in the case database (``label_counter``), so a label
never changes and is never handed out again, even after the object is deleted. Restoring a
deleted object (undo) puts its own label back.

Labels are assigned in a ``before_flush`` hook on every ORM session, so no creation path
can forget them: imports, the verbs, the interchange loader and the demo all go through it.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from db.models import Annotation, Claim, LabelCounter, Location, Photo, Source, Video

PREFIXES: dict[type[Any], str] = {
    Photo: "P", Claim: "C", Location: "L", Source: "S", Annotation: "A", Video: "V",
}
KIND_PREFIX = {model.__tablename__: prefix for model, prefix in PREFIXES.items()}
_LABEL_RE = re.compile(r"^([A-Z])(\d{1,9})$")


def parse_label(text: str) -> tuple[str, int] | None:
    """``"p7"`` -> ``("P", 7)``; None when ``text`` is not a label."""
    match = _LABEL_RE.match(text.strip().upper())
    return (match.group(1), int(match.group(2))) if match else None


def is_label(text: str, kind: str) -> bool:
    """True when ``text`` looks like a label of ``kind`` (``photo``, ``claim``, ...)."""
    parsed = parse_label(text)
    return parsed is not None and parsed[0] == KIND_PREFIX.get(kind)


_CACHE = "fragment.label_next"


def _next_number(session: Session, model: type[Any], prefix: str) -> int:
    """Take the next number for ``prefix``.

    The counter row is read once per transaction, locked (``FOR UPDATE``: two team members
    creating claims at once take turns, SQLite's write lock does the same there), counted on
    in memory, and written back once at commit.
    """
    cache: dict[str, int] = session.info.setdefault(_CACHE, {})
    if prefix not in cache:
        conn = session.connection()
        stored = conn.scalar(select(LabelCounter.next_number)
                             .where(LabelCounter.prefix == prefix).with_for_update())
        if stored is None:
            # First label of this kind, or a counter lost: start above anything in the table.
            highest = 0
            for (label,) in conn.execute(select(model.label)):
                parsed = parse_label(label or "")
                if parsed and parsed[0] == prefix:
                    highest = max(highest, parsed[1])
            conn.execute(LabelCounter.__table__.insert().values(prefix=prefix,
                                                                next_number=highest + 1))
            stored = highest + 1
        cache[prefix] = int(stored)
    number = cache[prefix]
    cache[prefix] = number + 1
    return number


@event.listens_for(Session, "before_flush")
def _assign_labels(session: Session, _context: Any, _instances: Any) -> None:
    pending = [obj for obj in session.new
               if type(obj) in PREFIXES and not getattr(obj, "label", None)]
    # Objects created together are numbered in the order they were added.
    pending.sort(key=lambda obj: inspect(obj).insert_order or 0)
    for obj in pending:
        prefix = PREFIXES[type(obj)]
        obj.label = f"{prefix}{_next_number(session, type(obj), prefix)}"


@event.listens_for(Session, "before_commit")
def _save_counters(session: Session) -> None:
    session.flush()  # labels of anything still pending are taken first
    cache: dict[str, int] = session.info.pop(_CACHE, {})
    if cache:
        conn = session.connection()
        for prefix, next_number in cache.items():
            conn.execute(update(LabelCounter).where(LabelCounter.prefix == prefix)
                         .values(next_number=next_number))


@event.listens_for(Session, "after_rollback")
def _forget_counters(session: Session) -> None:
    session.info.pop(_CACHE, None)
