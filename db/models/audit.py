"""The append-only audit log. Each event's hash covers the previous event's hash."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import JSONText, UTCDateTime


class AuditEvent(Base):
    """One change: who, when (UTC), what action on which object, before/after details."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    investigator: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)
    tool_version: Mapped[str] = mapped_column(String(32))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    # 1: the 0.1 recipe (json.dumps with sorted keys); 2: RFC 8785 JSON with state entries.
    hash_version: Mapped[int] = mapped_column(Integer, default=2)
    # Version 2: the state of every object this event changed, ``[{"type", "uid", "label",
    # "digest", "fields"}]`` (digest None for a deletion); see desktop.core.state.
    state: Mapped[list[dict[str, Any]]] = mapped_column(JSONText, default=list)
