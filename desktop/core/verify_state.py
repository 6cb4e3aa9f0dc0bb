"""Compare every evidential row with the state its newest audit event committed to.

The log is read once, keeping the newest state entry per object; then every current row
of every evidential table is digested and compared. Findings:

- ``altered``: the row differs from its audited state (the fields that differ are named);
- ``unaudited``: a row that no audit event mentions (inserted outside Fragment);
- ``vanished``: an object whose audit history ends without a deletion, but the row is gone;
- ``resurrected``: a row whose audit history ends with its deletion.

Events written by Fragment 0.1 (hash version 1) carry no state; a case upgraded from 0.1
gets a ``case.upgrade`` event recording the state of everything as found then.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from hashlib import sha256
from typing import Any, NamedTuple

from sqlalchemy import Connection, inspect, select, text

from db.models import AuditEvent
from desktop.core.state import (
    EVIDENTIAL_TABLES,
    NOT_STATE,
    StateEntry,
    canonical,
    field_hashes,
    normalise,
)


@dataclass(frozen=True)
class StateFinding:
    """One object whose stored row does not match the log."""

    kind: str  # altered | unaudited | vanished | resurrected
    table: str
    uid: str
    label: str | None
    fields: tuple[str, ...] = ()
    event_id: int | None = None

    @property
    def name(self) -> str:
        """``claim C3`` or ``actor 5f3a…`` for messages."""
        return f"{self.table} {self.label or self.uid}"

    def sentence(self) -> str:
        """What a reader is told."""
        where = f" (audit event {self.event_id})" if self.event_id is not None else ""
        if self.kind == "altered":
            verb = "differs" if len(self.fields) == 1 else "differ"
            return (f"{self.name} was changed outside Fragment: {', '.join(self.fields)} "
                    f"{verb} from the state the audit log recorded{where}")
        if self.kind == "unaudited":
            return f"{self.name} has no audit history: it was added outside Fragment"
        if self.kind == "vanished":
            return (f"{self.name} was removed outside Fragment: the audit log records no "
                    f"deletion{where}")
        return f"{self.name} is present although the audit log recorded its deletion{where}"


class Newest(NamedTuple):
    """What the state check keeps of an object's newest state entry: not its field hashes,
    which are read again only for a row that differs (so memory stays small per object)."""

    event_id: int
    digest: str | None
    label: str | None


Latest = dict[tuple[str, str], Newest]


class LatestStates:
    """Collects the newest state entry per object from events as they stream past."""

    def __init__(self) -> None:
        self.latest: Latest = {}

    def __call__(self, event: Any, state: list[dict[str, Any]]) -> None:
        """Take the state entries of one audit event (in log order)."""
        event_id = int(event.id)
        for data in state:
            self.latest[(str(data["type"]), str(data["uid"]))] = Newest(
                event_id, data.get("digest"), data.get("label"))


def _recorded_fields(conn: Connection, event_id: int, key: tuple[str, str]
                     ) -> dict[str, str]:
    """The field hashes event ``event_id`` recorded for ``key`` (for naming what differs)."""
    stored = conn.execute(select(AuditEvent.state).where(AuditEvent.id == event_id)).scalar()
    for data in stored or []:
        entry = StateEntry.from_json(data)
        if (entry.table, entry.uid) == key:
            return dict(entry.fields)
    return {}


def _row_states(conn: Connection, table: str) -> Iterator[dict[str, Any]]:
    """``row_state`` of every row of ``table`` in id order, from plain result tuples."""
    result = conn.execute(text(f"SELECT * FROM {table} ORDER BY id"))
    kept = [(i, str(name)) for i, name in enumerate(result.keys()) if name not in NOT_STATE]
    for rows in result.partitions(1000):  # fetchmany: bounded memory, no call per row
        for row in rows:
            yield {name: normalise(row[i]) for i, name in kept}


def check_state(conn: Connection, latest: Latest) -> list[StateFinding]:
    """Every row that does not match its audited state, and every audited object gone.

    ``latest`` is what a ``LatestStates`` collected while the chain was checked, so the log
    is read once for both checks.
    """
    findings: list[StateFinding] = []
    seen: set[tuple[str, str]] = set()
    # a case or bag checked as it is (db.migrate.CHECKABLE_FROM) may predate later tables
    present = set(inspect(conn).get_table_names())
    for table in EVIDENTIAL_TABLES:
        if table not in present:
            continue
        for state in _row_states(conn, table):
            key = (table, str(state["uid"]))
            seen.add(key)
            label = state.get("label")
            if key not in latest:
                findings.append(StateFinding("unaudited", table, key[1], label))
                continue
            event_id, recorded, _ = latest[key]
            if recorded is None:
                findings.append(StateFinding("resurrected", table, key[1], label,
                                             event_id=event_id))
            elif recorded != sha256(canonical(state)).hexdigest():  # state.digest, no copy
                current = field_hashes(state)
                fields = _recorded_fields(conn, event_id, key)
                names = sorted(set(current) | set(fields))
                changed = tuple(n for n in names if current.get(n) != fields.get(n))
                findings.append(StateFinding("altered", table, key[1], label,
                                             changed or ("(whole row)",), event_id))
    for key, (event_id, recorded, recorded_label) in latest.items():
        if recorded is not None and key not in seen:
            findings.append(StateFinding("vanished", key[0], key[1], recorded_label,
                                         event_id=event_id))
    return findings
