"""The audit log as readers see it: ``fragment log`` and the dossier's event table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import AuditEvent


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
