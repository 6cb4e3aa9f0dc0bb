"""Saying who changed an object when an edit would overwrite their change.

Two checks refuse such an edit. A form remembers the ``version`` of the object it showed
(``db.models.versioned``) and the edit command compares it, in its write transaction,
with the stored one (``desktop.core.ops.undoable``); undo and redo compare the object's
state digest with the one their last step left. Should two writers still race past the
check, the ORM's versioned UPDATE matches no row for the second one and
``CaseFile.write_session`` turns its ``StaleDataError`` into a ``ConflictError``. Every
refusal is one sentence naming, from the audit log, who changed the object, when, and which
fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEvent

_STALE = re.compile(r"on table '(\w+)'")


@dataclass(frozen=True)
class LastChange:
    """The newest audit event about one object."""

    investigator: str
    at: str
    """UTC, to the minute (``2026-12-01 23:58``)."""
    fields: tuple[str, ...]
    """The fields an update changed (empty for other actions)."""

    def words(self) -> str:
        """`` by Ana at 2026-12-01 23:58 UTC (status, note)``."""
        fields = f" ({', '.join(map(field_words, self.fields))})" if self.fields else ""
        return f" by {self.investigator} at {self.at} UTC{fields}"


_WORDS = {"original_url": "original URL", "raw_text": "coordinates text",
          "precision_m": "precision", "lat": "latitude", "lon": "longitude",
          "file_sha256": "attached file", "about_when": "period it is about",
          "claimed_on": "date it was made", "transcription": "reading",
          "obtained_at": "time it was obtained"}


def field_words(column: str) -> str:
    """A column as a reader says it: ``provided_by`` -> ``provided by``, ``actor_id`` ->
    ``actor``."""
    return _WORDS.get(column) or column.removesuffix("_id").replace("_", " ")


def last_change(session: Session, kind: str, object_id: int) -> LastChange | None:
    """Who changed the ``kind`` object ``object_id`` last, when and what (None: no event)."""
    event = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == kind, AuditEvent.object_id == object_id)
        .order_by(AuditEvent.id.desc()).limit(1)).first()
    if event is None:
        return None
    details = event.details if isinstance(event.details, dict) else {}
    after = details.get("after") if event.action.endswith(".update") else None
    fields = tuple(sorted(after)) if isinstance(after, dict) else ()
    return LastChange(event.investigator, event.at.strftime("%Y-%m-%d %H:%M"), fields)


def concurrent_edit_sentence(exc: Exception) -> str:
    """The sentence for two writers that changed one record at the same moment."""
    found = _STALE.search(str(exc))
    what = f"this {found.group(1)}" if found else "the same record"
    return (f"someone else changed {what} at the same moment, so your change was not saved "
            "and theirs was kept; look at the current state and try again if needed")
