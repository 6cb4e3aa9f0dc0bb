"""The tamper-evident audit chain.

Each event's ``hash`` is SHA-256 over the previous event's hash and a canonical JSON of
this event's fields, so editing, inserting or deleting any event breaks every later hash.
The first event's ``prev_hash`` is ``GENESIS_HASH``.

Two recipes exist, recorded per event in ``hash_version`` (docs/integrity.md spells both
out, and ``resources/verify/fragment_chain.py`` recomputes them without Fragment):

- 1 (Fragment 0.1): ``json.dumps(body, sort_keys=True, ensure_ascii=False,
  separators=(",", ":"))`` of ``prev, at, investigator, action, object_type, object_id,
  details, tool_version``.
- 2: RFC 8785 canonical JSON of the same body plus ``"v": 2`` and ``state``, the state
  entries of the objects the event changed (``desktop.core.state``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Text, insert, select, text, type_coerce
from sqlalchemy import event as event_api
from sqlalchemy.orm import Session

from db.models import AuditEvent
from desktop import __version__
from desktop.core import state as object_state
from desktop.core.canonical import json_text as _json_text

GENESIS_HASH = "0" * 64
HASH_VERSION = 2


def event_hash(
    *,
    prev_hash: str,
    at: datetime,
    investigator: str,
    action: str,
    object_type: str,
    object_id: int | None,
    details: dict[str, Any],
    tool_version: str,
    version: int = HASH_VERSION,
    state: list[dict[str, Any]] | None = None,
) -> str:
    """The hash of one event given the hash before it, by recipe ``version``."""
    body: dict[str, Any] = {
        "prev": prev_hash,
        "at": _iso_utc(at),
        "investigator": investigator,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "details": details,
        "tool_version": tool_version,
    }
    if version == 1:
        canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    if version != 2:
        raise ValueError(f"unknown audit hash version {version}")
    body["v"] = 2
    body["state"] = state or []
    return hashlib.sha256(object_state.canonical(body)).hexdigest()


def record(
    session: Session,
    *,
    investigator: str,
    action: str,
    object_type: str,
    object_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction (so it commits or rolls back with it).

    ``details`` must be JSON-serialisable (dates as ISO strings); typically
    ``{"before": {...}, "after": {...}}``. The event also records the state of every
    evidential object changed in this transaction since the previous event (so call it
    after the change). The caller's write transaction serialises writers (SQLite ``BEGIN
    IMMEDIATE``; on PostgreSQL the table is locked here).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE audit_event IN EXCLUSIVE MODE"))
    session.flush()
    return _append(session, investigator=investigator, action=action,
                   object_type=object_type, object_id=object_id, details=details,
                   state=[e.as_json() for e in object_state.take_changed_state(session)])


def record_baseline(session: Session, *, investigator: str, action: str,
                    details: dict[str, Any] | None = None) -> AuditEvent:
    """Record the state of every evidential row as it is now (after a schema upgrade)."""
    session.flush()
    object_state.take_changed_state(session)  # superseded by the full state below
    entries = object_state.all_state(session.connection())
    return _append(session, investigator=investigator, action=action, object_type="case",
                   object_id=None, details=details,
                   state=[e.as_json() for e in entries])


@dataclass(frozen=True)
class PendingEvent:
    """One event of a batch (``record_many``): what it says, and the ``(table, uid)`` of
    the objects whose state it records."""

    action: str
    object_type: str
    object_id: int | None
    details: dict[str, Any]
    objects: tuple[tuple[str, str], ...]


def record_many(session: Session, *, investigator: str,
                events: Sequence[PendingEvent]) -> None:
    """Append ``events`` in order, as ``record`` would one after the other, in one pass.

    The session is flushed once, the changed rows are read a few hundred per statement, and
    the events are inserted together. Each event records the state of its own ``objects``;
    anything else changed since the previous event (which ``record`` would have given the
    next event) goes to the first one, so no change is left unrecorded.
    """
    if not events:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE audit_event IN EXCLUSIVE MODE"))
    session.flush()
    entries = object_state.take_changed_by_key(session)
    states = [[entries.pop(key).as_json() for key in event.objects if key in entries]
              for event in events]
    if entries:
        states[0] = [entry.as_json() for entry in entries.values()] + states[0]
    prev = _head_in(session)
    rows = []
    for event, state in zip(events, states, strict=True):
        row = _event_values(prev, investigator=investigator, action=event.action,
                            object_type=event.object_type, object_id=event.object_id,
                            details=event.details, state=state)
        rows.append(row)
        prev = row["hash"]
    session.execute(insert(AuditEvent), rows)
    session.info[_HEAD] = prev


def _head_in(session: Session) -> str:
    """This transaction's newest event hash (read once, then kept in the session)."""
    prev = session.info.get(_HEAD)
    if prev is None:
        last = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
        prev = last if last is not None else GENESIS_HASH
    return str(prev)


def _event_values(prev: str, *, investigator: str, action: str, object_type: str,
                  object_id: int | None, details: dict[str, Any] | None,
                  state: list[dict[str, Any]]) -> dict[str, Any]:
    """Every column of a new event that follows ``prev``, its hash included."""
    at = datetime.now(UTC)
    details = _jsonable(details or {})
    state = _jsonable(state)
    return {
        "at": at, "investigator": investigator, "action": action,
        "object_type": object_type, "object_id": object_id, "details": details,
        "tool_version": __version__, "prev_hash": prev, "hash_version": HASH_VERSION,
        "state": state,
        "hash": event_hash(
            prev_hash=prev, at=at, investigator=investigator, action=action,
            object_type=object_type, object_id=object_id, details=details,
            tool_version=__version__, version=HASH_VERSION, state=state,
        ),
    }


def _append(
    session: Session,
    *,
    investigator: str,
    action: str,
    object_type: str,
    object_id: int | None,
    details: dict[str, Any] | None,
    state: list[dict[str, Any]],
) -> AuditEvent:
    event = AuditEvent(**_event_values(
        _head_in(session), investigator=investigator, action=action,
        object_type=object_type, object_id=object_id, details=details, state=state))
    session.add(event)
    session.flush()
    session.info[_HEAD] = event.hash
    return event


_HEAD = "fragment.audit_head"


@event_api.listens_for(Session, "after_commit")
@event_api.listens_for(Session, "after_rollback")
def _forget_head(session: Session) -> None:
    session.info.pop(_HEAD, None)


@dataclass(frozen=True)
class ChainProblem:
    """One break in the chain: the event id and what is wrong with it."""

    event_id: int
    detail: str


# read as the text stored (``db.types.UTCDateTime`` writes ``at`` as the ISO text hashed)
_AS_STORED = ("at", "details", "state")
_EVENT_COLUMNS = ("id", "prev_hash", "hash", "at", "investigator", "action", "object_type",
                  "object_id", "details", "tool_version", "hash_version", "state")


def verify_chain(session: Session, *,
                 each: Callable[[Any, list[dict[str, Any]]], None] | None = None
                 ) -> tuple[int, list[ChainProblem]]:
    """Re-compute every hash; returns (events checked, problems found).

    The log is streamed in batches, so memory stays bounded however long it is. ``each`` is
    called with every event on the way and its decoded state entries, so a caller that
    needs them too (the state check) reads the log once; an event is a row with the
    ``AuditEvent`` column names, whose ``at``, ``details`` and ``state`` are the stored
    text (ISO 8601, JSON; ``None`` for NULL). A state that does not decode is passed as
    ``[]`` (the event's hash then fails).
    """
    problems: list[ChainProblem] = []
    prev = GENESIS_HASH
    count = 0
    columns = AuditEvent.__table__.c  # rows, not ORM objects: nothing to track per event
    query = select(*(type_coerce(columns[name], Text).label(name)
                     if name in _AS_STORED else columns[name]
                     for name in _EVENT_COLUMNS)).order_by(
        AuditEvent.id).execution_options(yield_per=500)
    for event in session.execute(query):
        count += 1
        state = _state_of(event.state)
        if each is not None:
            each(event, state if state is not None else [])
        if event.prev_hash != prev:
            problems.append(ChainProblem(event.id, "previous-hash link is broken"))
        if (state is None or not _stored_text_matches(event)) \
                and _recomputed_hash(event) != event.hash:
            problems.append(ChainProblem(event.id, "content does not match its hash"))
        prev = event.hash
    return count, problems


def _stored_text_matches(event: Any) -> bool:
    """True when the event's hash is that of its fields with at, details and state as stored.

    They are stored as JSON with sorted keys (``db.types.JSONText``), which is their RFC 8785
    form unless they hold real numbers or non-ASCII keys. If the hash of the body written
    around the stored text matches, that text is the canonical form of what was hashed
    (SHA-256 admits no second text), so re-encoding it canonically in Python, the larger
    part of checking an event, is skipped; otherwise ``_recomputed_hash`` decides. Each
    stored text must still be one whole JSON value: then it cannot have borrowed bytes from
    the fields around it in the body.
    """
    if event.hash_version != 2 or event.details is None or event.at is None:
        return False
    state = event.state if event.state not in (None, "null") else "[]"
    try:
        json.loads(event.details)  # (the state was decoded by the caller)
    except ValueError:
        return False
    object_id = "null" if event.object_id is None else str(int(event.object_id))
    body = (f'{{"action":{_quoted(event.action)},"at":{_quoted(event.at)},'
            f'"details":{event.details},"investigator":{_quoted(event.investigator)},'
            f'"object_id":{object_id},"object_type":{_quoted(event.object_type)},'
            f'"prev":{_quoted(event.prev_hash)},"state":{state},'
            f'"tool_version":{_quoted(event.tool_version)},"v":2}}')
    return hashlib.sha256(body.encode("utf-8")).hexdigest() == event.hash


def _recomputed_hash(event: Any) -> str:
    """The event's hash by its recipe, from its decoded fields ("" if they do not decode)."""
    try:
        details, state = _decoded(event.details), _decoded(event.state)
        at = datetime.fromisoformat(event.at)
    except (ValueError, TypeError):
        return ""
    return event_hash(
        prev_hash=event.prev_hash, at=at, investigator=event.investigator,
        action=event.action, object_type=event.object_type, object_id=event.object_id,
        details=details, tool_version=event.tool_version, version=event.hash_version,
        state=state,
    )


def _quoted(value: str) -> str:
    """``json_text(value)``, without the encoder for text it writes as it is (the common
    case: hex hashes, action and type names, names)."""
    if value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'
    return _json_text(value)


def _state_of(stored: str | None) -> list[dict[str, Any]] | None:
    """The decoded state entries ([] for none), or None when the text is not JSON."""
    if not stored or stored in ("[]", "null"):
        return []
    try:
        state = json.loads(stored)
    except ValueError:
        return None
    return state if isinstance(state, list) else None


def _decoded(stored: str | None) -> Any:
    return None if stored is None else json.loads(stored)


def _iso_utc(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def head_hash(session: Session) -> str:
    """The hash of the newest event (what a dossier prints so readers can check the log)."""
    last = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    return last or GENESIS_HASH


def _jsonable(value: Any) -> Any:
    """Round-trip through JSON so the stored details equal what was hashed.

    Integers beyond what RFC 8785 (IEEE doubles) carries exactly become text.
    """
    text = json.dumps(value, default=_default, ensure_ascii=False)
    parsed = json.loads(text)
    # an integer too large for RFC 8785 has 16 digits or more; most details have none
    return _safe_ints(parsed) if _LONG_DIGITS.search(text) else parsed


_LONG_DIGITS = re.compile(r"\d{16}")


_MAX_EXACT = 2**53 - 1


def _safe_ints(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if -_MAX_EXACT <= value <= _MAX_EXACT else str(value)
    if isinstance(value, dict):
        return {k: _safe_ints(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_safe_ints(v) for v in value]
    return value


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    raise TypeError(f"cannot record {type(value).__name__} in the audit log")
