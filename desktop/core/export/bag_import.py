"""``fragment import-bag``: unpack a bag as a new case, treating its database as hostile.

Nothing is created unless, in this order: the database has the exact shape our migrations
make (``bag_schema``), the manifests validate completely, and the case inside verifies
(originals, audit chain, every record against its audited state). Every original is
re-hashed again as it enters the new case's store.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from db.search_index import reset_search_index
from desktop.core.casefile import DB_NAME, CaseFile, normalize_case_path
from desktop.core.errors import UserError
from desktop.core.export.atomic import ExportError, atomic_directory, describe_os_error
from desktop.core.export.bag_schema import check_untrusted_database
from desktop.core.export.bag_verify import verify_bag
from desktop.core.store import OriginalStore, StoreError

_STORED_NAME = re.compile(r"^(?P<sha>[0-9a-f]{64})\.(?P<ext>[a-z0-9]{1,16})$")


def import_bag(bag_dir: str | Path, case_path: str | Path, *,
               investigator: str | None = None) -> Path:
    """Check a bag made by Fragment completely and unpack it as a new case; returns its folder."""
    bag_root = Path(bag_dir)
    if not (bag_root / "bagit.txt").is_file():
        raise UserError(f"{bag_root} is not a BagIt bag (no bagit.txt in it)")
    data = bag_root / "data"
    if not (data / "case.sqlite").is_file():
        raise UserError(f"the bag {bag_root.name} holds no case database (data/case.sqlite)")
    schema_problems = check_untrusted_database(data / "case.sqlite")
    if schema_problems:
        raise UserError(f"the bag {bag_root.name} was refused: {schema_problems[0]}; "
                        "nothing was imported")
    report = verify_bag(bag_root)
    if not report.ok:
        raise UserError(f"the bag {bag_root.name} did not verify ({report.problems[0]}); "
                        "nothing was imported")
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
            with store.session() as copying:
                for path in sorted(originals.rglob("*")) if originals.is_dir() else []:
                    if path.is_dir():
                        continue
                    match = _STORED_NAME.match(path.name)
                    if match is None:
                        raise UserError(
                            f"unexpected file {path.relative_to(bag_root)} in the bag")
                    store.put_file(path, match["sha"], match["ext"], session=copying.id)
        except StoreError as exc:
            raise UserError(f"an original in the bag is damaged: {exc}") from exc
        except OSError as exc:
            raise ExportError(describe_os_error(exc, target)) from exc
        case = CaseFile.open(tmp, investigator=investigator)
        try:
            with case.write_session() as session:
                # the index came from the sender: derived data, so built again from the rows
                reset_search_index(session.connection())
                case.audit(session, "case.import_bag", "case", None, {"after": {
                    "bag": bag_root.name, "payload_oxum": report.oxum,
                    "bagging_date": dict(report.info).get("Bagging-Date", ""),
                    "external_identifier": dict(report.info).get("External-Identifier", ""),
                    "head": report.case.head if report.case else "",
                }})
        finally:
            case.close()
    return target
