"""The audit log as readers see it: ``fragment log`` and the dossier's event table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from db.models import (
    Actor,
    Annotation,
    AuditEvent,
    CaseInfo,
    CatalogEntry,
    Claim,
    Link,
    Location,
    Photo,
    Source,
)
from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes, Ref
from desktop.core.errors import FragmentError

MODELS_BY_TABLE: dict[str, Any] = {m.__tablename__: m for m in (
    Actor, Annotation, CaseInfo, CatalogEntry, Claim, Link, Location, Photo, Source)}


@dataclass(frozen=True)
class LogEvent:
    """One audit event, with the labels of the objects it changed."""

    id: int
    at: datetime
    investigator: str
    action: str
    object_type: str
    object_id: int | None
    labels: tuple[str, ...]
    objects_changed: int
    hash_version: int
    prev_hash: str
    hash: str
    details: dict[str, Any]
    state: tuple[dict[str, Any], ...]

    @property
    def subject(self) -> str:
        """``claim C3``, ``photo P2 (+3)``, ``case``: what the event is about."""
        if self.labels:
            more = f" (+{len(self.labels) - 1})" if len(self.labels) > 1 else ""
            return f"{self.object_type} {self.labels[0]}{more}"
        if self.object_id is not None:
            return f"{self.object_type} {self.object_id}"
        return self.object_type

    @property
    def summary(self) -> str:
        """One line of what changed: an export's file and SHA-256, the fields edited."""
        after = self.details.get("after")
        after = after if isinstance(after, dict) else {}
        if self.action.startswith("export."):
            name = after.get("file") or after.get("folder") or ""
            sha = after.get("sha256") or after.get("tagmanifest_sha256") or ""
            return f"{name} sha256 {sha}".strip() if sha else str(name)
        if self.action.endswith(".update"):
            return "changed " + ", ".join(sorted(after)) if after else ""
        if self.action == "case.upgrade":
            return (f"schema {self.details.get('from')} -> {self.details.get('to')}; state of "
                    f"{self.objects_changed} records recorded")
        return ""

    def as_json(self) -> dict[str, Any]:
        """Everything the event holds (the hash recipe needs all of it)."""
        return {"id": self.id, "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
                "investigator": self.investigator, "action": self.action,
                "object_type": self.object_type, "object_id": self.object_id,
                "labels": list(self.labels), "details": self.details,
                "state": list(self.state), "hash_version": self.hash_version,
                "prev_hash": self.prev_hash, "hash": self.hash}


def _labels(event: AuditEvent) -> tuple[str, ...]:
    own = [e.get("label") for e in event.state or []
           if e.get("type") == event.object_type and e.get("label")]
    others = [e.get("label") for e in event.state or []
              if e.get("type") != event.object_type and e.get("label")]
    return tuple(dict.fromkeys(str(x) for x in own + others))


def event_count(session: Session) -> int:
    """How many events the log holds."""
    return int(session.scalar(select(func.count(AuditEvent.id))) or 0)


def list_events(session: Session, *, limit: int | None = None) -> list[LogEvent]:
    """The log oldest first; with ``limit``, only the newest ``limit`` events."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if limit is not None:
        query = query.limit(limit)
    events = [
        LogEvent(e.id, e.at, e.investigator, e.action, e.object_type, e.object_id,
                 _labels(e) if e.action != "case.upgrade" else (), len(e.state or []),
                 e.hash_version, e.prev_hash, e.hash, dict(e.details or {}),
                 tuple(e.state or ()))
        for e in session.scalars(query)
    ]
    events.reverse()
    return events


def last_event_id(session: Session) -> int:
    """The id of the newest event (0 for an empty log)."""
    return int(session.scalar(select(func.max(AuditEvent.id))) or 0)


def changes_since(session: Session, event_id: int) -> tuple[int, Changes]:
    """What the events after ``event_id`` changed, as a ``Changes`` notice, and the newest
    id: how a window learns about another investigator's work in a team case."""
    refs: list[Ref] = []
    newest = event_id
    for event in session.scalars(select(AuditEvent).where(AuditEvent.id > event_id)
                                 .order_by(AuditEvent.id)):
        newest = event.id
        if event.object_id is not None:
            refs.append(Ref(event.object_type, event.object_id))
        for entry in event.state or []:
            table = MODELS_BY_TABLE.get(str(entry.get("type")))
            if table is None:
                continue
            found = session.scalar(select(table.id).where(table.uid == entry.get("uid")))
            refs.append(Ref(str(entry["type"]), int(found) if found is not None else 0))
    return newest, Changes.of(updated=refs)


def poll_changes(case: CaseFile, seen: int) -> tuple[int, Changes] | None:
    """``(newest id, what changed since seen)``, or None when the database cannot be
    reached right now (a team server restarting); never raises for that."""
    try:
        with case.read_session() as session:
            newest = last_event_id(session)
            if newest == seen:
                return newest, Changes()
            return changes_since(session, seen)
    except (FragmentError, SQLAlchemyError):
        return None


def newest_event_id(case: CaseFile) -> int | None:
    """The newest event's id, or None when the database cannot be reached right now."""
    try:
        with case.read_session() as session:
            return last_event_id(session)
    except (FragmentError, SQLAlchemyError):
        return None
