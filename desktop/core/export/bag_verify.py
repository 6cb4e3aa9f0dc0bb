"""``fragment verify-bag``: a bag's manifests, then the case inside it, read-only.

1. Structure and every checksum of every payload file (never bagit's size-only check);
   paths that escape the bag and symbolic links fail it.
2. The case in ``data/`` opened ``immutable`` (nothing in the bag can change): originals
   against their hashes and rows, the audit chain, every record against its audited state,
   and ``--expect-head`` when the reader holds a head.
3. The dossier in the bag: its SHA-256 must be recorded by an ``export.dossier`` event of
   that log, and the head printed in it (recorded by the same event) must be in the chain.
4. ``Fragment-Audit-Head`` in ``bag-info.txt`` must be the head of the case inside.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bagit
from sqlalchemy import select
from sqlalchemy.exc import DatabaseError

from db.models import AuditEvent
from desktop.core.errors import FragmentError
from desktop.core.failures import describe_failure
from desktop.core.store import sha256_file
from desktop.core.verify import VerifyReport, open_case_or_bag, verify_case

HEAD_TAG = "Fragment-Audit-Head"
EVENTS_TAG = "Fragment-Audit-Events"


@dataclass(frozen=True)
class BagReport:
    """The outcome: ``ok`` and, if not, one line per problem."""

    path: Path
    ok: bool
    problems: tuple[str, ...]
    files: int = 0
    oxum: str = ""
    algorithms: tuple[str, ...] = ()
    info: tuple[tuple[str, str], ...] = ()
    manifest_ok: bool = False
    case: VerifyReport | None = None
    dossier_sha256: str | None = None
    dossier_recorded: bool = False
    notes: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        """Machine-readable form of the report."""
        return {"ok": self.ok, "bag": str(self.path), "problems": list(self.problems),
                "manifests_ok": self.manifest_ok, "files": self.files, "oxum": self.oxum,
                "algorithms": list(self.algorithms), "info": dict(self.info),
                "case": self.case.as_json() if self.case else None,
                "dossier_sha256": self.dossier_sha256,
                "dossier_recorded": self.dossier_recorded, "notes": list(self.notes)}


def _escapes(bag_root: Path, entries: list[str]) -> list[str]:
    """Manifest paths or payload files that lead outside ``data/`` (or are links)."""
    problems = []
    data_dir = (bag_root / "data").resolve()
    for entry in dict.fromkeys(entries):  # each manifest lists it: name it once
        if os.path.isabs(entry) or ".." in Path(entry).parts or entry.startswith("~"):
            problems.append(f"the path {entry!r} escapes the bag")
            continue
        resolved = (bag_root / entry).resolve()
        if not resolved.is_relative_to(data_dir):
            problems.append(f"the path {entry!r} escapes the bag")
    for folder, dirs, files in os.walk(bag_root / "data", followlinks=False):
        for name in dirs + files:
            path = Path(folder) / name
            if path.is_symlink():
                problems.append(f"{path.relative_to(bag_root)} is a link, which bags refuse")
    return problems


def _raw_manifest_entries(bag_root: Path) -> list[str]:
    entries = []
    for manifest in sorted(bag_root.glob("manifest-*.txt")):
        try:
            lines = manifest.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for line in lines:
            parts = line.strip().split(None, 1)
            if len(parts) == 2:
                entries.append(parts[1])
    return entries


@contextmanager
def _bagit_messages() -> Iterator[list[str]]:
    """Collect what the bagit library logs (warnings and errors) instead of letting it reach
    the terminal; the caller turns them into its own lines."""
    logger = logging.getLogger("bagit")
    collected: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                collected.append(record.getMessage())

    handler = _Collect()
    saved = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield collected
    finally:
        logger.removeHandler(handler)
        logger.propagate = saved


def validate_manifests(root: Path, *, processes: int = 2) -> BagReport:
    """Structure, Payload-Oxum and every checksum (step 1 only); never bagit's own output."""
    with _bagit_messages() as messages:
        report = _validate_manifests(root, processes=processes)
    extra = [m for m in dict.fromkeys(messages) if not any(m in p for p in report.problems)]
    if not extra or report.ok:
        return report
    return BagReport(report.path, False, report.problems + tuple(extra), report.files,
                     report.oxum, report.algorithms, report.info, report.manifest_ok)


def _validate_manifests(root: Path, *, processes: int) -> BagReport:
    if not root.is_dir():
        return BagReport(root, False, (f"{root} is not a folder",))
    fetch = root / "fetch.txt"
    if fetch.is_file() and fetch.read_text(encoding="utf-8", errors="replace").strip():
        return BagReport(root, False, ("the bag is incomplete: its fetch.txt lists files to "
                                       "download, and Fragment checks only what it holds",))
    escapes = _escapes(root, _raw_manifest_entries(root))
    if escapes:
        return BagReport(root, False, tuple(escapes))
    try:
        bag = bagit.Bag(str(root))
    except bagit.BagError as exc:
        return BagReport(root, False, (f"not a valid bag: {exc}",))
    info = tuple((str(k), str(v)) for k, v in sorted(bag.info.items()))
    algorithms = tuple(bag.algorithms)
    problems: list[str] = []
    try:
        bag.validate(processes=processes, fast=False)
    except bagit.BagValidationError as exc:
        details = [str(d) for d in getattr(exc, "details", []) or []]
        problems += details or [str(exc)]
        if not details and "Payload-Oxum" in str(exc):
            # bagit stops at the size total; check every file too so the report names them
            oxum_value = bag.info.pop("Payload-Oxum", None)
            try:
                bag.validate(processes=processes, fast=False)
            except bagit.BagValidationError as more:
                problems += [str(d) for d in getattr(more, "details", []) or []]
            finally:
                if oxum_value is not None:
                    bag.info["Payload-Oxum"] = oxum_value
    except (bagit.BagError, OSError) as exc:
        problems.append(str(exc))
    if "sha256" not in algorithms:
        problems.append("the bag has no SHA-256 manifest")
    files = len(bag.payload_entries())
    oxum = str(bag.info.get("Payload-Oxum", ""))
    return BagReport(root, not problems, tuple(problems), files, oxum, algorithms, info,
                     manifest_ok=not problems)


def verify_bag(bag_dir: str | Path, *, expect_head: str | None = None,
               processes: int = 2) -> BagReport:
    """Validate the manifests, then verify the case and dossier inside; never writes."""
    root = Path(bag_dir)
    report = validate_manifests(root, processes=processes)
    if not root.is_dir() or not (root / "bagit.txt").is_file():
        return report
    problems = list(report.problems)
    notes: list[str] = []
    data = root / "data"
    if not (data / "case.sqlite").is_file():
        problems.append("the bag holds no case database (data/case.sqlite)")
        return _with(report, problems, notes)
    try:
        case = open_case_or_bag(root)
    except FragmentError as exc:
        problems.append(f"the case in the bag cannot be opened: {exc}")
        return _with(report, problems, notes)
    dossier_sha = None
    recorded = False
    with case:
        try:
            case_report = verify_case(case, expect_head=expect_head)
        except (DatabaseError, sqlite3.DatabaseError) as exc:  # a damaged page, not a bug
            problems.append("the case in the bag cannot be read: "
                            f"{describe_failure(exc) or exc}")
            return _with(report, problems, notes)
        problems += [f"case: {p.detail}" for p in case_report.problems]
        notes += case_report.notes
        tagged_head = dict(report.info).get(HEAD_TAG)
        if tagged_head is not None and tagged_head != case_report.head:
            problems.append(f"bag-info.txt gives the head {tagged_head}, but the case inside "
                            f"ends at {case_report.head}")
        dossier = data / "dossier.pdf"
        if dossier.is_file():
            dossier_sha = sha256_file(dossier)
            printed = _recorded_dossier(case, dossier_sha)
            recorded = printed is not None
            if not recorded:
                problems.append("the dossier in the bag is not the one whose SHA-256 the "
                                "case's audit log recorded")
            elif printed and printed != "-" and not _in_chain(case, printed):
                problems.append(f"the head printed in the dossier ({printed}) is not in the "
                                "case's audit log")
            elif printed and printed != "-":
                notes.append(f"the dossier was made at head {printed}, which is in the log")
    return _with(report, problems, notes, case=case_report, dossier_sha256=dossier_sha,
                 dossier_recorded=recorded)


def _recorded_dossier(case: Any, sha: str) -> str | None:
    """The head printed in the dossier whose SHA-256 is ``sha``, "-" if not recorded, or None
    when no ``export.dossier`` event records that SHA-256."""
    with case.read_session() as session:
        for details in session.scalars(select(AuditEvent.details)
                                       .where(AuditEvent.action == "export.dossier")):
            after = (details or {}).get("after") or {}
            if after.get("sha256") == sha:
                return str(after.get("head") or "-")
    return None


def _in_chain(case: Any, head: str) -> bool:
    with case.read_session() as session:
        return session.scalar(select(AuditEvent.id).where(AuditEvent.hash == head)) is not None


def _with(report: BagReport, problems: list[str], notes: list[str], **extra: Any) -> BagReport:
    return BagReport(report.path, not problems, tuple(problems), report.files, report.oxum,
                     report.algorithms, report.info, report.manifest_ok,
                     notes=tuple(notes), **extra)
