"""Export verbs that touch the case: check it, write the export, record it in the audit log.

The GUI's Export dialog (in a worker thread) and the CLI call these same functions.

An export vouches only for what it checked: a dossier (alone or in a bag) is written only
after ``verify`` passed on the whole case at that moment (every original re-hashed, the
chain and every record against its audited state); the cover says when. Every export is
then an audit event carrying the SHA-256 of what was written, and a dossier's event also
records the head hash and event count printed in it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.core.casefile import CaseFile
from desktop.core.checks.run import run_checks
from desktop.core.export.atomic import ExportError
from desktop.core.export.csv_export import write_csv
from desktop.core.export.dossier import Progress, build_dossier
from desktop.core.export.geojson import write_geojson
from desktop.core.export.kml import write_kml
from desktop.core.leftovers import remember_target
from desktop.core.queries.dossier import (
    DossierData,
    DossierOptions,
    VerificationInfo,
    dossier_data,
)
from desktop.core.store import sha256_file
from desktop.core.verify import verify_case


@dataclass(frozen=True)
class DossierResult:
    """Where the dossier was written, its SHA-256, and whether the audit log recorded it."""

    path: Path
    sha256: str
    recorded: bool
    head: str = ""
    events: int = 0


def verify_for_export(case: CaseFile, *, bag_name: str | None = None) -> VerificationInfo:
    """Verify the whole case now; ``ExportError`` naming the first problem if it fails."""
    report = verify_case(case)
    if not report.ok:
        first = report.problems[0].detail
        more = f" and {len(report.problems) - 1} more" if len(report.problems) > 1 else ""
        raise ExportError(f"the case did not verify ({first}{more}), so nothing was "
                          "exported; run fragment verify for the full report")
    return VerificationInfo(checked_at=datetime.now(UTC).replace(microsecond=0),
                            originals=report.checked, events=report.audit_events,
                            head=report.head, bag_name=bag_name)


def refresh_checks(case: CaseFile) -> bool:
    """Bring the findings up to date before an export, recording the run (so the dossier's
    "last updated" is now); False when the case is open read-only (findings left as they
    are)."""
    if case.readonly:
        return False
    run_checks(case, record=True)
    return True


def record_export(case: CaseFile, action: str, details: dict[str, Any]) -> bool:
    """Record one export event; False when the case is open read-only (nothing recorded)."""
    if case.readonly:
        return False
    with case.write_session() as session:
        case.audit(session, action, "case", None, {"after": details})
    return True


def export_dossier(case: CaseFile, out_path: str | Path, options: DossierOptions | None = None,
                   *, progress: Progress | None = None,
                   verification: VerificationInfo | None = None) -> DossierResult:
    """Re-run the checks, verify the case, build the dossier, hash it, and record
    ``export.dossier``.

    The event records the file's SHA-256 and the head hash and event count printed in it.
    A case open read-only cannot record the event; ``recorded`` is then False and the
    caller should show the hash to the user all the same.
    """
    options = options or DossierOptions()
    if verification is None:  # a bag has refreshed the checks before verifying
        remember_target(case.root, Path(out_path))
        refresh_checks(case)
    check = replace(verification or verify_for_export(case), pdf_name=Path(out_path).name)
    data = dossier_data(case, options, verification=check)
    path = build_dossier(data, out_path, progress=progress)
    digest = sha256_file(path)
    recorded = record_export(case, "export.dossier", {
        "file": path.name, "sha256": digest, "head": data.audit.head_hash,
        "events": data.audit.count, "bag": check.bag_name or "",
        "options": _options_record(options)})
    return DossierResult(path, digest, recorded, data.audit.head_hash, data.audit.count)


def whole_case_data(case: CaseFile) -> DossierData:
    """What the location and table exports cover: the whole case."""
    return dossier_data(case, DossierOptions(), with_log=False)


def export_geojson(case: CaseFile, out_path: str | Path,
                   data: DossierData | None = None) -> tuple[Path, bool]:
    """Write the locations as GeoJSON and record ``export.geojson`` with its SHA-256."""
    remember_target(case.root, Path(out_path))
    data = data or whole_case_data(case)
    path = write_geojson(data, out_path)
    return path, record_export(case, "export.geojson", _file_details(path, data))


def export_kml(case: CaseFile, out_path: str | Path,
               data: DossierData | None = None) -> tuple[Path, bool]:
    """Write the locations as KML and record ``export.kml`` with its SHA-256."""
    remember_target(case.root, Path(out_path))
    data = data or whole_case_data(case)
    path = write_kml(data, out_path)
    return path, record_export(case, "export.kml", _file_details(path, data))


def export_csv(case: CaseFile, out_dir: str | Path,
               data: DossierData | None = None) -> tuple[list[Path], bool]:
    """Write the CSV tables and record ``export.csv`` with each file's SHA-256."""
    remember_target(case.root, Path(out_dir))
    data = data or whole_case_data(case)
    paths = write_csv(data, out_dir)
    recorded = record_export(case, "export.csv", {
        "folder": Path(out_dir).name, "head": data.audit.head_hash,
        "files": {p.name: sha256_file(p) for p in paths}})
    return paths, recorded


def _file_details(path: Path, data: DossierData) -> dict[str, Any]:
    return {"file": path.name, "sha256": sha256_file(path), "head": data.audit.head_hash}


def _options_record(options: DossierOptions) -> dict[str, object]:
    record = asdict(options)
    for key in ("photo_ids", "claim_ids"):
        if record[key] is not None:
            record[key] = list(record[key])
    return record
