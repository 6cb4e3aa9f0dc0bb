"""Integrity check of a case: originals, audit chain, database.

Problems (``ok`` is False when there is any):
- ``modified``: a stored original no longer hashes to its SHA-256.
- ``missing``: a photo's (or source's) original is not in the store.
- ``unreadable``: it is there but cannot be read (permissions, I/O error).
- ``unexpected``: a file in ``originals/`` that no record explains and whose name is not
  its own hash (someone put or renamed it there).
- ``broken_chain``: the audit chain does not recompute.
- ``database``: ``PRAGMA integrity_check`` or ``foreign_key_check`` found something.

Notes (reported, but not problems):
- ``orphan``: a file in ``originals/`` named by its own correct hash that no record uses.
  This is what an import interrupted between copying and committing leaves behind; it is
  not part of the case, and importing the same file again adopts it.
- leftover ``.incoming-*`` temporary files from an interrupted copy.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from db.engine import is_sqlite
from db.models import Photo, Source
from desktop.core.audit import verify_chain
from desktop.core.casefile import CaseFile
from desktop.core.store import sha256_file

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

    def as_json(self) -> dict[str, Any]:
        """The contract shape."""
        return {"kind": self.kind, "photo_id": self.photo_id, "expected": self.expected,
                "actual": self.actual, "detail": self.detail}


@dataclass(frozen=True)
class VerifyReport:
    """The outcome: ``checked`` originals re-hashed, every problem, and notes."""

    checked: int
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = field(default=())
    audit_events: int = 0

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        """``{"ok", "checked", "problems"}`` plus ``notes``."""
        return {"ok": self.ok, "checked": self.checked,
                "problems": [p.as_json() for p in self.problems], "notes": list(self.notes)}


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
    out = [_Expected(sha, ext, pid, f"photo {pid} ({name})") for pid, sha, ext, name in photos]
    out += [_Expected(sha, ext or "bin", None, f"source {sid}") for sid, sha, ext in sources]
    return out


def _hash_or_none(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except OSError:
        return None


def verify_case(case: CaseFile) -> VerifyReport:
    """Re-hash every original, recompute the audit chain, check the database."""
    problems: list[Problem] = []
    notes: list[str] = []
    expected = _expected_originals(case)
    paths = [case.originals.path_for(e.sha256, e.ext) for e in expected]
    with ThreadPoolExecutor(_HASH_THREADS) as pool:
        hashes = list(pool.map(_hash_or_none, paths))
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
    with case.read_session() as s:
        events, chain = verify_chain(s)
    problems += [Problem("broken_chain", None, None, None,
                         f"audit event {p.event_id}: {p.detail}") for p in chain]
    problems += _check_database(case, notes)
    return VerifyReport(checked=len(expected), problems=tuple(problems), notes=tuple(notes),
                        audit_events=events)


def _check_store_files(case: CaseFile, known: set[Path], notes: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    root = case.originals.root
    if not root.is_dir():
        return problems
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(case.root).as_posix()
        if path.name.startswith(".incoming-"):
            notes.append(f"leftover temporary file from an interrupted copy: {rel}")
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
