"""The audit log as the dossier prints and attaches it.

A case of ten thousand photos has a log of a hundred thousand events: printed, that is
thousands of pages and minutes of layout. The dossier therefore prints at most
``PRINT_LIMIT`` of the newest events (``HEAD_EVENTS`` in the ``head`` mode) and carries the
whole log inside the PDF as an attached CSV file (``audit-log.csv``), read here in one
streamed pass of the same read transaction as the rest of the dossier.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, String, Text, cast, func, select, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from db.models import AuditEvent
from desktop.core.audit import GENESIS_HASH, verify_chain

AuditMode = Literal["full", "head"]
HEAD_EVENTS = 20
"""How many of the newest audit events the ``head`` mode prints next to the head hash."""
PRINT_LIMIT = 500
"""The most events the ``full`` mode prints (about 20 pages); a longer log prints its
newest events and is read in full from the attached file."""
LOG_FILE_NAME = "audit-log.csv"
LOG_COLUMNS = ("id", "at_utc", "investigator", "action", "object_type", "object_id", "label",
               "hash_version", "prev_hash", "hash")


@dataclass(frozen=True)
class AuditEventInfo:
    id: int
    at: datetime
    investigator: str
    action: str
    object_type: str
    object_id: int | None
    hash: str
    label: str = ""
    """The stored label of the object (C3), when the event recorded one."""


@dataclass(frozen=True)
class AuditInfo:
    count: int
    head_hash: str
    problems: int
    events: tuple[AuditEventInfo, ...]
    """The events printed: the whole log, or its newest ones."""
    complete: bool
    """True when ``events`` holds the whole log."""
    log_csv: bytes = b""
    """The whole log as CSV (UTF-8, ``LOG_COLUMNS``), attached to the PDF; empty when the
    caller did not ask for it."""


def read_audit(session: Session, mode: AuditMode, *, checked_head: str | None = None,
               checked_events: int = 0, with_log: bool = True) -> AuditInfo:
    """The audit log for an export, in ``session``'s snapshot.

    ``checked_head``/``checked_events``: what a ``verify`` of the whole case found just
    before (the export service runs one). When the head is still the same the chain is not
    re-computed a second time; otherwise (or without them) it is.
    """
    head = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    total = session.scalar(select(func.count(AuditEvent.id))) or 0
    if checked_head is not None and checked_head == (head or GENESIS_HASH):
        count, problems = checked_events, 0
    else:
        count, found = verify_chain(session)
        problems = len(found)
    limit = HEAD_EVENTS if mode == "head" else PRINT_LIMIT
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    events = [
        AuditEventInfo(e.id, e.at, e.investigator, e.action, e.object_type, e.object_id, e.hash,
                       event_label(e.details))
        for e in session.scalars(query)
    ]
    events.reverse()
    return AuditInfo(count=max(count, total), head_hash=head or GENESIS_HASH,
                     problems=problems, events=tuple(events), complete=len(events) == total,
                     log_csv=_log_csv(session) if with_log else b"")


def event_label(details: Any) -> str:
    """The label an event's details recorded for its object (``C3``), or ""."""
    label = details.get("label") if isinstance(details, dict) else None
    return label if isinstance(label, str) else ""


def _log_csv(session: Session) -> bytes:
    """Every event, oldest first, streamed in batches.

    Plain columns only: the time as stored (ISO 8601 UTC text) and the label read by the
    database from the details' JSON, so a long log is not parsed event by event in Python
    (that was most of the time for a hundred thousand events).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LOG_COLUMNS)
    query = (select(AuditEvent.id, type_coerce(AuditEvent.at, String), AuditEvent.investigator,
                    AuditEvent.action, AuditEvent.object_type, AuditEvent.object_id,
                    _label(session), AuditEvent.hash_version, AuditEvent.prev_hash,
                    AuditEvent.hash)
             .order_by(AuditEvent.id).execution_options(yield_per=5000))
    for (ident, at, who, action, kind, object_id, label, version, prev,
         digest) in session.execute(query):
        writer.writerow((ident, at, _safe(who), _safe(action), kind,
                         "" if object_id is None else object_id,
                         _safe(label if isinstance(label, str) else ""), version, prev, digest))
    return out.getvalue().encode("utf-8")


def _label(session: Session) -> ColumnElement[Any]:
    """``details["label"]`` as text, extracted by the database."""
    details = type_coerce(AuditEvent.details, Text)
    if session.get_bind().dialect.name == "postgresql":
        return cast(details, JSONB)["label"].astext
    return func.json_extract(details, "$.label")


def _safe(text: str) -> str:
    """A spreadsheet must not run a cell as a formula (the CSV export's rule)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
