"""Export verbs that touch the case: build the dossier and record its SHA-256 in the audit log.

The GUI's Export dialog (in a worker thread) and the CLI call these same functions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from desktop.core.casefile import CaseFile
from desktop.core.export.dossier import Progress, build_dossier
from desktop.core.queries.dossier import DossierOptions, dossier_data
from desktop.core.store import sha256_file


@dataclass(frozen=True)
class DossierResult:
    """Where the dossier was written, its SHA-256, and whether the audit log recorded it."""

    path: Path
    sha256: str
    recorded: bool


def export_dossier(case: CaseFile, out_path: str | Path, options: DossierOptions | None = None,
                   *, progress: Progress | None = None) -> DossierResult:
    """Build the dossier, hash it, and record ``export.dossier`` with the hash in the audit log.

    A case open read-only cannot record the event; ``recorded`` is then False and the
    caller should show the hash to the user all the same.
    """
    options = options or DossierOptions()
    data = dossier_data(case, options)
    path = build_dossier(data, out_path, progress=progress)
    digest = sha256_file(path)
    recorded = False
    if not case.readonly:
        details = {"after": {"file": path.name, "sha256": digest,
                             "options": _options_record(options)}}
        with case.write_session() as session:
            case.audit(session, "export.dossier", "case", None, details)
        recorded = True
    return DossierResult(path, digest, recorded)


def _options_record(options: DossierOptions) -> dict[str, object]:
    record = asdict(options)
    for key in ("photo_ids", "claim_ids"):
        if record[key] is not None:
            record[key] = list(record[key])
    return record
