"""A BagIt 1.0 (RFC 8493) bag of a whole case: the full evidentiary archive.

Layout of the payload (``data/``)::

    case.sqlite      a consistent snapshot taken with SQLite's backup API (never a file copy)
    case.json        the interchange document (file references point into originals/)
    originals/       the content-addressed store, byte for byte (re-hashed while copied)
    dossier.pdf      the evidence dossier, whose SHA-256 the snapshot's audit log records
    README.txt       how a reader checks all of it, with literal commands
    verify_chain.py  a stand-alone recomputation of the audit chain and record states

``bag-info.txt`` names the investigator as contact and carries ``Fragment-Audit-Head`` and
``Fragment-Audit-Events`` of the snapshot. The bag is assembled in a temporary folder beside
the target, hashed (SHA-256 and SHA-512 manifests), validated, and only then renamed into
place. Validation is in ``bag_verify``, importing in ``bag_import``.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

import bagit

from desktop import __version__
from desktop.core.casefile import DB_NAME, CaseFile
from desktop.core.export.atomic import ExportError, atomic_directory, describe_os_error
from desktop.core.export.bag_verify import EVENTS_TAG, HEAD_TAG
from desktop.core.export.reader_kit import write_reader_kit
from desktop.core.export.service import (
    DossierResult,
    export_dossier,
    record_export,
    refresh_checks,
    verify_for_export,
)
from desktop.core.leftovers import remember_target
from desktop.core.queries.dossier import DossierOptions
from desktop.core.store import sha256_file

CHECKSUMS = ("sha256", "sha512")
_STORED_NAME = re.compile(r"^(?P<sha>[0-9a-f]{64})\.(?P<ext>[a-z0-9]{1,16})$")

BagProgress = Callable[[str], None]


@dataclass(frozen=True)
class BagResult:
    """The bag written, how many payload files it holds, and the dossier inside it."""

    path: Path
    files: int
    dossier: DossierResult | None

    @property
    def dossier_sha256(self) -> str | None:
        """SHA-256 of ``data/dossier.pdf`` (None when the bag has no dossier)."""
        return self.dossier.sha256 if self.dossier else None


def snapshot_database(db_path: Path, target: Path) -> None:
    """Copy a live SQLite database consistently with the backup API (WAL-safe).

    The copy is switched to the rollback journal so that opening it never adds ``-wal``
    files beside it (which would change a bag's payload).
    """
    source = sqlite3.connect(str(db_path), timeout=30)
    try:
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
            dest.commit()
        finally:
            dest.close()
    finally:
        source.close()


def build_bag(case: CaseFile, out_dir: str | Path, *, contact: str,
              options: DossierOptions | None = None, include_dossier: bool = True,
              progress: BagProgress | None = None, processes: int = 2) -> BagResult:
    """Verify ``case``, then write a complete, validated BagIt 1.0 bag of it to ``out_dir``.

    ``contact`` is the investigator named in ``bag-info.txt`` (never the system account).
    The dossier's ``export.dossier`` event is recorded before the database is copied, so
    the bag's own log vouches for the dossier it carries; the bag itself is then recorded
    as ``export.bag`` with the SHA-256 of its tag manifest.
    """
    from desktop.core.interchange.dump import case_document, write_json

    out_dir = Path(out_dir)
    if case.engine.dialect.name != "sqlite":
        raise ExportError("bags of team (PostgreSQL) cases are not supported; export the "
                          "interchange JSON instead")
    if case.readonly:
        raise ExportError("the case is open in another window, so the bag's dossier cannot be "
                          "recorded in its audit log; close it there and export again")
    if not contact.strip():
        raise ExportError("a bag names the investigator as its contact: give your name")
    say = progress or (lambda message: None)
    remember_target(case.root, out_dir)  # a killed run's temporary is found from here
    say("updating the checks")
    refresh_checks(case)
    say("verifying the case")
    check = verify_for_export(case, bag_name=out_dir.name)
    dossier = None
    with atomic_directory(out_dir) as tmp:
        try:
            if include_dossier:
                say("building the dossier")
                dossier = export_dossier(case, tmp / "dossier.pdf", options,
                                         verification=check)
            say("copying the database")
            snapshot_database(case.root / DB_NAME, tmp / "case.sqlite")
            head, events = snapshot_head(tmp / "case.sqlite")
            say("copying the originals")
            _copy_originals(case, tmp / "originals")
            say("writing the interchange document")
            store = case.originals

            def file_path(sha: str, ext: str) -> str:
                return (Path("originals") / store.path_for(sha, ext).relative_to(store.root)
                        ).as_posix()

            write_json(case_document(case, file_path=file_path), tmp / "case.json")
            write_reader_kit(tmp, bag_name=out_dir.name, head=head)
            say("hashing (SHA-256 and SHA-512)")
            title = _one_line(_case_title(case))
            bag = bagit.make_bag(
                str(tmp),
                bag_info={
                    "Contact-Name": _one_line(contact),
                    "External-Description": f"Fragment case: {title}",
                    "External-Identifier": _case_uid(case),
                    "Bag-Software-Agent": f"Fragment {__version__} (bagit {bagit.VERSION})",
                    HEAD_TAG: head,
                    EVENTS_TAG: str(events),
                },
                processes=processes, checksums=list(CHECKSUMS),
            )
            bag = _as_version_1(tmp, processes)
            say("validating")
            bag.validate(processes=processes, fast=False)
        except OSError as exc:
            raise ExportError(describe_os_error(exc, out_dir)) from exc
        except bagit.BagError as exc:
            raise ExportError(f"the bag could not be made: {exc}") from exc
        files = len(bag.payload_entries())
        tag_sha = sha256_file(tmp / "tagmanifest-sha256.txt")
    record_export(case, "export.bag", {
        "folder": out_dir.name, "tagmanifest_sha256": tag_sha, "head": head,
        "events": events, "files": files,
        "dossier_sha256": dossier.sha256 if dossier else ""})
    final = replace(dossier, path=out_dir / "data" / "dossier.pdf") if dossier else None
    return BagResult(out_dir, files, final)


def _as_version_1(root: Path, processes: int) -> bagit.Bag:
    """Declare BagIt 1.0 (RFC 8493; bagit-python writes 0.97) and rewrite the tag manifests."""
    (root / "bagit.txt").write_text(
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", encoding="utf-8")
    bag = bagit.Bag(str(root))
    bag.save(processes=processes, manifests=False)
    return bagit.Bag(str(root))


def _copy_originals(case: CaseFile, target_root: Path) -> None:
    """Copy every stored original, re-hashing the bytes as they are copied."""
    store = case.originals
    for path in store.iter_files():
        rel = path.relative_to(store.root)
        match = _STORED_NAME.match(path.name)
        target = target_root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with path.open("rb") as src, target.open("wb") as dst:
            while chunk := src.read(1 << 20):
                digest.update(chunk)
                dst.write(chunk)
        if match is not None and digest.hexdigest() != match["sha"]:
            raise ExportError(f"the original {rel.as_posix()} changed while the bag was made "
                              "(its bytes no longer match its SHA-256); nothing was written")


def snapshot_head(db_file: Path) -> tuple[str, int]:
    """The head hash and event count of a database copy (read-only)."""
    conn = sqlite3.connect(f"file:{quote(db_file.resolve().as_posix())}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
        count = conn.execute("SELECT COUNT(*) FROM audit_event").fetchone()[0]
    finally:
        conn.close()
    return (row[0] if row else "0" * 64), int(count)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _case_title(case: CaseFile) -> str:
    from sqlalchemy import select

    from db.models import CaseInfo

    with case.read_session() as session:
        return session.scalar(select(CaseInfo.title).limit(1)) or case.name


def _case_uid(case: CaseFile) -> str:
    from sqlalchemy import select

    from db.models import CaseInfo

    with case.read_session() as session:
        return session.scalar(select(CaseInfo.uid).limit(1)) or ""
