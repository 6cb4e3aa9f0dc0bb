"""Integrity check of a case: originals, audit chain, database.

Problems (``ok`` is False when there is any):
- ``modified``: a stored original no longer hashes to its SHA-256.
- ``missing``: a photo's (or source's) original is not in the store.
- ``unreadable``: it is there but cannot be read (permissions, I/O error).
- ``unexpected``: a file in ``originals/`` that no record explains and whose name is not
  its own hash (someone put or renamed it there).
- ``broken_chain``: the audit chain does not recompute.
- ``altered``, ``unaudited``, ``vanished``, ``resurrected``: a row differs from the state
  its newest audit event committed to, or has none (``desktop.core.verify_state``).
- ``unknown_head``: the head hash the reader holds (``expect_head``) is not an event of the
  chain: events were cut, the database rolled back, or the log rebuilt.
- ``database``: ``PRAGMA integrity_check`` or ``foreign_key_check`` found something.

The check never writes: open the case with ``CaseFile.open_for_check``.

Notes (reported, but not problems):
- ``orphan``: a file in ``originals/`` named by its own correct hash that no record uses.
  This is what an import interrupted between copying and committing leaves behind; it is
  not part of the case, and importing the same file again adopts it.
- leftover ``.incoming-*`` temporary files from an interrupted copy, and the lock files
  of import sessions (``.import-*.lock``: one running now, or one killed).
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from db.engine import is_sqlite
from db.models import AuditEvent, CaseBasemap, Photo, Source, Video
from desktop.core.audit import GENESIS_HASH, head_hash, verify_chain
from desktop.core.casefile import CaseFile
from desktop.core.store import sha256_file
from desktop.core.store_sessions import INCOMING_PREFIX, is_session_lock
from desktop.core.verify_frames import check_frames
from desktop.core.verify_state import LatestStates, StateFinding, check_state

_NAME_RE = re.compile(r"^([0-9a-f]{64})\.([a-z0-9]{1,16})$")
_HASH_THREADS = 4  # hashlib releases the GIL on large reads; the disk is the limit anyway


@dataclass(frozen=True)
class Problem:
    """One integrity problem (the keys of ``fragment verify --json``)."""

    kind: str
    photo_id: int | None = None
    expected: str | None = None
    actual: str | None = None
    detail: str = ""
    object: dict[str, Any] | None = None  # {"type", "uid", "label", "fields"} for state

    def as_json(self) -> dict[str, Any]:
        """The contract shape."""
        out = {"kind": self.kind, "photo_id": self.photo_id, "expected": self.expected,
               "actual": self.actual, "detail": self.detail}
        if self.object is not None:
            out["object"] = self.object
        return out


@dataclass(frozen=True)
class VerifyReport:
    """The outcome: ``checked`` originals re-hashed, every problem, and notes."""

    checked: int
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = field(default=())
    audit_events: int = 0
    head: str = GENESIS_HASH

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        """``{"ok", "head", "events", "checked", "problems", "notes"}``."""
        return {"ok": self.ok, "head": self.head, "events": self.audit_events,
                "checked": self.checked, "problems": [p.as_json() for p in self.problems],
                "notes": list(self.notes)}


@dataclass(frozen=True)
class _Expected:
    sha256: str
    ext: str
    photo_id: int | None
    label: str


def _expected_originals(case: CaseFile) -> list[_Expected]:
    with case.read_session() as s:
        photos = s.execute(select(Photo.id, Photo.sha256, Photo.ext, Photo.file_name)).all()
        sources = s.execute(select(Source.id, Source.file_sha256, Source.file_ext)
                            .where(Source.file_sha256.is_not(None))).all()
        tables = set(inspect(s.connection()).get_table_names())
        basemaps = (s.execute(select(CaseBasemap.file_sha256, CaseBasemap.file_ext,
                                     CaseBasemap.file_name)).all()
                    if "case_basemap" in tables else [])
        # a case or bag checked as it is may predate these tables (db.migrate.CHECKABLE_FROM)
        videos = (s.execute(select(Video.sha256, Video.ext, Video.label, Video.file_name)).all()
                  if "video" in tables else [])
    out = [_Expected(sha, ext, pid, f"photo {pid} ({name})") for pid, sha, ext, name in photos]
    out += [_Expected(sha, ext or "bin", None, f"source {sid}") for sid, sha, ext in sources]
    out += [_Expected(sha, ext, None, f"basemap {name}") for sha, ext, name in basemaps]
    out += [_Expected(sha, ext, None, f"video {label} ({name})")
            for sha, ext, label, name in videos]
    return out


def _hash_or_none(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except OSError:
        return None


def verify_case(case: CaseFile, *, expect_head: str | None = None) -> VerifyReport:
    """Re-hash every original, recompute the audit chain and the state, check the database.

    ``expect_head``: a head hash the reader kept (from a dossier); it must be an event of
    the chain, or the log was cut, rolled back or rebuilt since.
    """
    problems: list[Problem] = []
    notes: list[str] = []
    expected = _expected_originals(case)
    paths = [case.originals.path_for(e.sha256, e.ext) for e in expected]
    with ThreadPoolExecutor(_HASH_THREADS) as pool:
        # hashlib and file reads release the GIL: the originals are hashed while this
        # thread checks the log and the rows in Python
        hashing = pool.map(_hash_or_none, paths)
        with case.read_session() as s:
            collected = LatestStates()  # the chain check reads the log; the state check too
            events, chain = verify_chain(s, each=collected)
            head = head_hash(s)
            log_problems = [Problem("broken_chain", None, None, None,
                                    f"audit event {p.event_id}: {p.detail}") for p in chain]
            log_problems += [_state_problem(f)
                             for f in check_state(s.connection(), collected.latest)]
            log_notes: list[str] = []
            if expect_head is not None:
                log_problems += _check_expected_head(s, expect_head.strip().lower(), head,
                                                     log_notes)
            del collected
        hashes = list(hashing)
    known: set[Path] = set()
    for item, path, actual in zip(expected, paths, hashes, strict=True):
        known.add(path)
        rel = path.relative_to(case.root).as_posix()
        if actual is None and path.exists():
            problems.append(Problem("unreadable", item.photo_id, item.sha256, None,
                                    f"the original of {item.label} cannot be read ({rel})"))
        elif actual is None:
            problems.append(Problem("missing", item.photo_id, item.sha256, None,
                                    f"the original of {item.label} is missing ({rel})"))
        elif actual != item.sha256:
            problems.append(Problem("modified", item.photo_id, item.sha256, actual,
                                    f"the original of {item.label} was modified ({rel})"))
    problems += _check_store_files(case, known, notes)
    intact = {item.sha256 for item, actual in zip(expected, hashes, strict=True)
              if actual == item.sha256 and item.label.startswith("video ")}
    frame_findings, frames = check_frames(case, intact)
    problems += [Problem(f.kind, f.photo_id, f.expected, f.actual, f.detail)
                 for f in frame_findings]
    if frames:
        notes.append(f"{frames} video frame(s) decoded again from their videos")
    problems += log_problems
    notes += log_notes
    problems += _check_database(case, notes)
    return VerifyReport(checked=len(expected), problems=tuple(problems), notes=tuple(notes),
                        audit_events=events, head=head)


def _state_problem(finding: StateFinding) -> Problem:
    return Problem(finding.kind, detail=finding.sentence(), object={
        "type": finding.table, "uid": finding.uid, "label": finding.label,
        "fields": list(finding.fields), "event": finding.event_id})


def _check_expected_head(session: Session, expected: str, head: str,
                         notes: list[str]) -> list[Problem]:
    position = session.scalar(select(AuditEvent.id).where(AuditEvent.hash == expected))
    if position is None:
        return [Problem("unknown_head", expected=expected, actual=head, detail=(
            f"the head {expected} is not an event of this case's audit log: events were "
            "removed, the database was replaced by an older copy, or the log was rebuilt"))]
    later = session.scalar(select(func.count()).select_from(AuditEvent)
                           .where(AuditEvent.id > position)) or 0
    notes.append(f"the head you hold is in the log; {later} event(s) were recorded after it"
                 if later else "the head you hold is the newest event of the log")
    return []


def _check_store_files(case: CaseFile, known: set[Path], notes: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    root = case.originals.root
    if not root.is_dir():
        return problems
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(case.root).as_posix()
        if path.name.startswith(INCOMING_PREFIX):
            notes.append(f"leftover temporary file from an interrupted copy: {rel}")
            continue
        if is_session_lock(path.name):
            notes.append(f"lock file of an import that is running or was interrupted (the "
                         f"next import removes it once that import is gone): {rel}")
            continue
        if path in known:
            continue
        match = _NAME_RE.match(path.name)
        if match and path == case.originals.path_for(match.group(1), match.group(2)):
            actual = _hash_or_none(path)
            if actual == match.group(1):
                notes.append(f"orphan original (no record uses it, e.g. after an interrupted "
                             f"import; importing the file again adopts it): {rel}")
                continue
            problems.append(Problem("unexpected", None, match.group(1), actual,
                                    f"{rel} is not referenced and does not match its name"))
            continue
        problems.append(Problem("unexpected", None, None, _hash_or_none(path),
                                f"unexpected file in the store: {rel}"))
    return problems


def _check_database(case: CaseFile, notes: list[str]) -> list[Problem]:
    if not is_sqlite(case.engine):
        notes.append("database checks (integrity_check, foreign_key_check) run on SQLite only")
        return []
    problems: list[Problem] = []
    with case.engine.connect() as conn:
        result = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            problems += [Problem("database", detail=f"integrity check: {line}")
                         for line in result[:20]]
        for table, rowid, parent, _fk in conn.exec_driver_sql(
                "PRAGMA foreign_key_check").fetchall()[:20]:
            problems.append(Problem("database", detail=f"row {rowid} of {table} refers to a "
                                    f"missing {parent}"))
    return problems


def is_bag(path: Path) -> bool:
    """True when ``path`` is a BagIt bag (``bagit.txt`` and a ``data/`` payload)."""
    return (path / "bagit.txt").is_file() and (path / "data").is_dir()


def open_case_or_bag(path: str | Path) -> CaseFile:
    """Open a case folder, or the case inside a bag (``BAG/data``), strictly read-only.

    A bag is opened ``immutable``: nothing in it can change, not even a lock or ``-wal``.
    """
    root = Path(path).expanduser()
    if is_bag(root):
        if not (root / "data" / "case.sqlite").is_file():
            from desktop.core.errors import CaseError

            raise CaseError(f"the bag {root.name} holds no case database (data/case.sqlite)")
        return CaseFile.open_for_check(root / "data", immutable=True)
    return CaseFile.open_for_check(root)
