"""A BagIt (RFC 8493) bag of a whole case, its full validation, and importing one as a case.

Layout of the payload (``data/``)::

    case.sqlite      a consistent snapshot taken with SQLite's backup API (never a file copy)
    case.json        the interchange document (file references point into originals/)
    originals/       the content-addressed store, byte for byte
    dossier.pdf      the evidence dossier

The bag is assembled in a temporary folder beside the target, hashed (SHA-256 and SHA-512
manifests), validated, and only then renamed into place.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import bagit

from desktop import __version__
from desktop.core.casefile import DB_NAME, CaseFile, normalize_case_path
from desktop.core.errors import UserError
from desktop.core.export.atomic import ExportError, atomic_directory, describe_os_error
from desktop.core.export.dossier import build_dossier
from desktop.core.queries.dossier import DossierOptions, dossier_data
from desktop.core.store import OriginalStore, StoreError, sha256_file

CHECKSUMS = ("sha256", "sha512")
_STORED_NAME = re.compile(r"^(?P<sha>[0-9a-f]{64})\.(?P<ext>[a-z0-9]{1,16})$")

BagProgress = Callable[[str], None]


@dataclass(frozen=True)
class BagResult:
    path: Path
    files: int
    dossier_sha256: str | None


@dataclass(frozen=True)
class BagReport:
    """The outcome of a full validation: ``ok`` and, if not, one line per problem."""

    path: Path
    ok: bool
    problems: tuple[str, ...]
    files: int = 0
    oxum: str = ""
    algorithms: tuple[str, ...] = ()
    info: tuple[tuple[str, str], ...] = ()


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


def build_bag(case: CaseFile, out_dir: str | Path, *, options: DossierOptions | None = None,
              include_dossier: bool = True, progress: BagProgress | None = None,
              processes: int = 2) -> BagResult:
    """Write a complete, validated bag of ``case`` to ``out_dir`` (new or empty folder)."""
    from desktop.core.interchange.dump import case_document, write_json

    out_dir = Path(out_dir)
    if case.engine.dialect.name != "sqlite":
        raise ExportError("bags of team (PostgreSQL) cases are not supported; export the "
                          "interchange JSON instead")
    say = progress or (lambda message: None)
    dossier_sha = None
    with atomic_directory(out_dir) as tmp:
        try:
            say("copying the database")
            snapshot_database(case.root / DB_NAME, tmp / "case.sqlite")
            say("copying the originals")
            store = case.originals
            for path in store.iter_files():
                rel = path.relative_to(store.root)
                target = tmp / "originals" / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
            say("writing the interchange document")

            def file_path(sha: str, ext: str) -> str:
                return (Path("originals") / store.path_for(sha, ext).relative_to(store.root)
                        ).as_posix()

            write_json(case_document(case, file_path=file_path), tmp / "case.json")
            if include_dossier:
                say("building the dossier")
                data = dossier_data(case, options or DossierOptions())
                build_dossier(data, tmp / "dossier.pdf")
                dossier_sha = sha256_file(tmp / "dossier.pdf")
            say("hashing (SHA-256 and SHA-512)")
            title = _one_line(_case_title(case))
            bag = bagit.make_bag(
                str(tmp),
                bag_info={
                    "Source-Organization": _one_line(case.investigator) or "Fragment",
                    "Contact-Name": _one_line(case.investigator),
                    "External-Description": f"Fragment case: {title}",
                    "External-Identifier": _case_uid(case),
                    "Bag-Software-Agent": f"Fragment {__version__} (bagit {bagit.VERSION})",
                },
                processes=processes, checksums=list(CHECKSUMS),
            )
            say("validating")
            bag.validate(processes=processes, fast=False)
        except OSError as exc:
            raise ExportError(describe_os_error(exc, out_dir)) from exc
        except bagit.BagError as exc:
            raise ExportError(f"the bag could not be made: {exc}") from exc
        files = len(bag.payload_entries())
    return BagResult(out_dir, files, dossier_sha)


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


def _escapes(bag_root: Path, entries: list[str]) -> list[str]:
    """Manifest paths or payload files that lead outside ``data/`` (or are links)."""
    problems = []
    data_dir = (bag_root / "data").resolve()
    for entry in entries:
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


def verify_bag(bag_dir: str | Path, *, processes: int = 2) -> BagReport:
    """Fully validate a bag: structure, Payload-Oxum, and every checksum of every file.

    Never the size-only fast check. Paths that escape the bag and symbolic links fail it.
    """
    root = Path(bag_dir)
    if not root.is_dir():
        return BagReport(root, False, (f"{root} is not a folder",))
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
    return BagReport(root, not problems, tuple(problems), files, oxum, algorithms, info)


def import_bag(bag_dir: str | Path, case_path: str | Path, *,
               investigator: str | None = None) -> Path:
    """Validate a bag made by ``build_bag`` and unpack it as a new case; returns its folder.

    Nothing is created unless the bag validates completely; every original is re-hashed
    as it enters the new case's store.
    """
    bag_root = Path(bag_dir)
    report = verify_bag(bag_root)
    if not report.ok:
        raise UserError(f"the bag {bag_root.name} did not validate ({report.problems[0]}); "
                        "nothing was imported")
    data = bag_root / "data"
    if not (data / "case.sqlite").is_file():
        raise UserError(f"the bag {bag_root.name} holds no case database (data/case.sqlite)")
    target = normalize_case_path(case_path)
    if target.exists():
        raise UserError(f"{target} already exists; choose a new case folder")
    with atomic_directory(target) as tmp:
        try:
            shutil.copyfile(data / "case.sqlite", tmp / DB_NAME)
            (tmp / "derived").mkdir()
            store = OriginalStore(tmp / "originals")
            store.root.mkdir()
            originals = data / "originals"
            for path in sorted(originals.rglob("*")) if originals.is_dir() else []:
                if path.is_dir():
                    continue
                match = _STORED_NAME.match(path.name)
                if match is None:
                    raise UserError(f"unexpected file {path.relative_to(bag_root)} in the bag")
                store.put_file(path, match["sha"], match["ext"])
        except StoreError as exc:
            raise UserError(f"an original in the bag is damaged: {exc}") from exc
        except OSError as exc:
            raise ExportError(describe_os_error(exc, target)) from exc
        case = CaseFile.open(tmp, investigator=investigator)
        try:
            with case.write_session() as session:
                case.audit(session, "case.import_bag", "case", None, {"after": {
                    "bag": bag_root.name, "payload_oxum": report.oxum,
                    "bagging_date": dict(report.info).get("Bagging-Date", ""),
                    "external_identifier": dict(report.info).get("External-Identifier", ""),
                }})
        finally:
            case.close()
    return target
