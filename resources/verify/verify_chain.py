#!/usr/bin/env python3
"""Check a Fragment case database without Fragment: the audit chain and every record.

Needs Python 3.8 or newer and the ``rfc8785`` package (``pip install rfc8785``), nothing
else. The database is opened read-only and immutable: not a byte of it changes.

    python3 verify_chain.py [case.sqlite] [--expect-head HASH]

Without a database argument it checks the ``case.sqlite`` beside the script (in a bag:
``data/case.sqlite``).

It recomputes the hash of every audit event from its stored fields, checks that each event
names the hash of the one before it, then compares every current record of every evidential
table with the digest its newest audit event recorded. It prints the head hash and the
number of events, and exits 1 on any problem (0 when all is well).

The recipe (also in Fragment's docs/integrity.md):

- hash version 1 (Fragment 0.1): SHA-256 of ``json.dumps(body, sort_keys=True,
  ensure_ascii=False, separators=(",", ":"))`` in UTF-8, where ``body`` is ``{"prev",
  "at", "investigator", "action", "object_type", "object_id", "details",
  "tool_version"}``: ``prev`` is the previous event's hash (64 zeros for the first), ``at``
  the stored UTC time text, ``details`` the stored JSON parsed.
- hash version 2: SHA-256 of the RFC 8785 canonical JSON of the same body plus ``"v": 2``
  and ``"state"`` (the stored state entries, parsed).
- a record's digest: SHA-256 of the RFC 8785 canonical JSON of the row as stored: every
  column name but ``version`` (an edit counter, not evidence) mapped to its stored value
  (text, integer, real or null; JSON columns are their stored text).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import sys
from pathlib import Path
from urllib.parse import quote

try:
    import rfc8785
except ImportError:  # pragma: no cover - the message is the point
    sys.exit("verify_chain.py needs the rfc8785 package: pip install rfc8785")

GENESIS = "0" * 64
NOT_STATE = ("version",)  # the edit counter: bookkeeping, left out of every digest
EVIDENTIAL_TABLES = ("case_info", "catalog_entry", "actor", "source", "photo", "location",
                     "claim", "annotation", "link", "case_basemap", "citation",
                     "reference_collection", "check_finding", "video", "video_frame",
                     "photo_tag")


def event_hash(row: sqlite3.Row, state: list) -> str:
    """Recompute one event's hash from its stored fields."""
    body = {
        "prev": row["prev_hash"], "at": row["at"], "investigator": row["investigator"],
        "action": row["action"], "object_type": row["object_type"],
        "object_id": row["object_id"], "details": json.loads(row["details"]),
        "tool_version": row["tool_version"],
    }
    version = row["hash_version"]
    if version == 1:
        text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
    if version == 2:
        body["v"] = 2
        body["state"] = state
        return hashlib.sha256(rfc8785.dumps(body)).hexdigest()
    raise ValueError(f"unknown hash version {version}")


def row_digest(row: sqlite3.Row) -> str:
    """The digest of one stored record."""
    columns = [key for key in row.keys() if key not in NOT_STATE]  # noqa: SIM118 (a Row iterates its values)
    state = {key: (row[key].hex() if isinstance(row[key], bytes) else row[key])
             for key in columns}
    return hashlib.sha256(rfc8785.dumps(state)).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", nargs="?",
                        default=str(Path(__file__).resolve().with_name("case.sqlite")),
                        help="case.sqlite (default: the one beside this script)")
    parser.add_argument("--expect-head", help="a head hash you hold, e.g. from a dossier")
    args = parser.parse_args()
    path = Path(args.database)
    if not path.is_file():
        print(f"{path} is not a file", file=sys.stderr)
        return 2
    uri = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
    db = sqlite3.connect(uri, uri=True)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA trusted_schema=OFF")

    problems: list[str] = []
    latest: dict[tuple[str, str], tuple[int, dict]] = {}
    hashes: set[str] = set()
    prev, count = GENESIS, 0
    for row in db.execute("SELECT * FROM audit_event ORDER BY id"):
        count += 1
        state = json.loads(row["state"]) if row["hash_version"] >= 2 else []
        if row["prev_hash"] != prev:
            problems.append(f"event {row['id']}: the link to the previous event is broken")
        if event_hash(row, state) != row["hash"]:
            problems.append(f"event {row['id']}: its content does not match its hash")
        for entry in state:
            latest[(entry["type"], entry["uid"])] = (row["id"], entry)
        hashes.add(row["hash"])
        prev = row["hash"]

    seen = set()
    present = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in EVIDENTIAL_TABLES:
        if table not in present:  # a case from before that table existed
            continue
        for row in db.execute(f"SELECT * FROM {table} ORDER BY id"):
            key = (table, row["uid"])
            seen.add(key)
            columns = row.keys()  # a Row's "in" looks at its values, not its column names
            name = f"{table} {row['label'] if 'label' in columns else row['uid']}"
            if key not in latest:
                problems.append(f"{name} has no audit history (added outside Fragment)")
            elif latest[key][1]["digest"] is None:
                problems.append(f"{name} exists although event {latest[key][0]} deleted it")
            elif latest[key][1]["digest"] != row_digest(row):
                problems.append(f"{name} differs from the state event {latest[key][0]} "
                                "recorded (changed outside Fragment)")
    for key, (event_id, entry) in latest.items():
        if entry["digest"] is not None and key not in seen:
            problems.append(f"{key[0]} {entry.get('label') or key[1]} is gone, but event "
                            f"{event_id} recorded no deletion")

    if args.expect_head and args.expect_head.strip().lower() not in hashes:
        problems.append(f"the head {args.expect_head} is not in this log: events were "
                        "removed, the database rolled back, or the log rebuilt")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print(f"Head: {prev}")
    print(f"Events: {count}")
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
