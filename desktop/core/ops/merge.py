"""Merging an edit made from a form that showed an older version of its object.

A form remembers the ``version`` it showed and, for the fields an edit changes, the values
it showed (``UpdateCommand.shown``). When the stored version has moved on by the time the
edit is written (inside its write transaction), the fields are compared one by one:

- a field nobody else changed (stored == shown) takes the user's value, on top of the
  current row: one update, one audit event, the version raised once;
- a field someone else changed to the very value the user chose needs nothing;
- a field someone else changed to another value is a true conflict: the whole edit is
  refused, naming the field and who changed it.

So a colleague's change of a claim's status never blocks an edit of its note, and an edit
never overwrites what it did not show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEvent
from desktop.core.errors import ConflictError
from desktop.core.versions import field_words

_LOOK_BACK = 50  # update events read to find who changed a field


def comparable(value: Any) -> Any:
    """A value as a merge compares it: enums by value, dates as ISO text, None as "" (a
    form shows an empty field for both)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    return "" if value is None else value


@dataclass(frozen=True)
class Change:
    """One update of the object by someone: who, when (UTC, to the minute), which fields."""

    investigator: str
    at: str
    fields: tuple[str, ...]


def updates(session: Session, kind: str, object_id: int) -> list[Change]:
    """The object's newest update events, newest first."""
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == kind, AuditEvent.object_id == object_id,
               AuditEvent.action == f"{kind}.update")
        .order_by(AuditEvent.id.desc()).limit(_LOOK_BACK))
    found = []
    for event in events:
        details = event.details if isinstance(event.details, dict) else {}
        after = details.get("after")
        fields = tuple(sorted(after)) if isinstance(after, dict) else ()
        found.append(Change(event.investigator, event.at.strftime("%Y-%m-%d %H:%M"), fields))
    return found


@dataclass(frozen=True)
class Merged:
    """What a stale edit writes once merged, and the sentence that tells the user."""

    after: dict[str, Any]
    """The user's values for the fields nobody else changed."""
    before: dict[str, Any]
    """The stored values of those fields now (what the user saw): what undo puts back."""
    notice: str


def _names(changes: list[Change]) -> str:
    names = list(dict.fromkeys(c.investigator for c in changes))
    return " and ".join(f"{n}'s" for n in names) or "someone else's"


def _fields(fields: Any) -> str:
    return ", ".join(field_words(f) for f in dict.fromkeys(fields))


def merge_stale_edit(session: Session, *, kind: str, name: str, object_id: int, moved: int,
                     current: Mapping[str, Any], shown: Mapping[str, Any],
                     after: Mapping[str, Any]) -> Merged:
    """Merge an edit (``after``) made from a form that showed ``shown`` into the object as
    stored (``current``), ``moved`` versions later; ``ConflictError`` on a true conflict.

    ``name`` names the object (``claim C3``). A field that cannot be read back counts as
    changed by someone else (refused unless it already holds the user's value).
    """
    history = updates(session, kind, object_id)
    since = history[:max(moved, 1)]
    write: dict[str, Any] = {}
    conflicts: list[str] = []
    for key, value in after.items():
        stored = comparable(current.get(key))
        if key in current and stored == comparable(shown.get(key)):
            write[key] = value
        elif key not in current or stored != comparable(value):
            conflicts.append(key)
    if conflicts:
        by = [c for c in history if set(conflicts) & set(c.fields)][:1] or since[:1]
        who = (f" by {by[0].investigator} at {by[0].at} UTC" if by else "")
        raise ConflictError(
            f"{name} was changed{who} ({_fields(conflicts)}) since it was shown here, to "
            "another value than yours; your edit was not saved, and what you typed stays in "
            "the form to apply again over theirs")
    when = f" (at {since[0].at} UTC)" if since else ""
    if not write:  # they made the very change the user made
        return Merged(after={}, before={}, notice=(
            f"{name}: {_names(since)} change{when}, made since it was shown here, already "
            f"gave the {_fields(after)} your value; nothing else needed saving"))
    theirs = [f for c in since for f in c.fields if f not in write]
    what = f" of the {_fields(theirs)}" if theirs else ""
    return Merged(
        after=write, before={k: current[k] for k in write},
        notice=f"{name}: your change of the {_fields(write)} was merged with "
               f"{_names(since)} change{what}{when}, made since it was shown here")
