"""CSV tables for spreadsheets: photos, annotations, claims, and the links between them.

Files are UTF-8 with a byte-order mark (so spreadsheet programs detect the encoding).
A cell that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``@``, a tab,
a carriage return, or ``-`` unless the whole cell is a plain negative number such as
``-12`` or ``-0.5``: ``-1+2`` is a formula) is prefixed with an apostrophe. Control
characters other than tab and newlines are removed, as everywhere text leaves the app.
"""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from pathlib import Path

from desktop.core.export.atomic import ExportError, atomic_file, describe_os_error
from desktop.core.export.text import clean
from desktop.core.queries.dossier import AnnotationInfo, DossierData
from desktop.core.queries.redactions import WITHHELD_TEXT

ANNOTATION_COLUMNS = (
    "photo_label", "photo_sha256", "photo_file", "annotation_label", "number",
    "annotation_uid", "shape",
    "geometry_points", "kind", "transcription", "confidence", "catalog_code", "catalog_system",
    "notes", "claims", "withheld", "measured_mm", "uncertainty_mm", "measured_px",
    "measurement_reference", "catalog_comparison",
)
CLAIM_COLUMNS = (
    "claim_label", "claim_uid", "statement", "actor", "source", "claimed_on", "about_when",
    "status", "note", "locations",
)
LINK_COLUMNS = ("claim_label", "claim_uid", "evidence", "description", "stance", "note")
PHOTO_COLUMNS = ("photo_label", "photo_uid", "photo_sha256", "photo_file", "taken_at",
                 "gps_lat", "gps_lon", "annotations", "tags")


_NEGATIVE_NUMBER = re.compile(r"-\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?")


def _safe(value: object) -> str:
    text = "" if value is None else clean(str(value))
    if text[:1] in ("=", "+", "@", "\t", "\r") or (
        text[:1] == "-" and not _NEGATIVE_NUMBER.fullmatch(text)
    ):
        return "'" + text
    return text


def _withheld(is_redaction: bool, withheld: bool) -> str:
    """The ``withheld`` cell: why the reading and notes cells are empty, or nothing."""
    if is_redaction:
        return "redaction: its notes and reading are withheld"
    return WITHHELD_TEXT if withheld else ""


def _measured(a: AnnotationInfo) -> tuple[str, str, str, str, str]:
    """The measurement cells: value and standard uncertainty in mm (empty without a scale
    reference), length in pixels, the reference used, the catalog comparison."""
    m = a.measurement
    if m is None or a.withheld:
        return "", "", "", "", ""
    value = f"{m.value_mm:.1f}" if m.value_mm is not None else ""
    sigma = f"{m.uncertainty_mm:.1f}" if m.uncertainty_mm is not None else ""
    compared = "; ".join(c.sentence for c in m.comparisons) or m.comparison_note
    return value, sigma, f"{m.pixels:.1f}", m.method, compared


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([_safe(v) for v in row])


def write_csv(data: DossierData, out_dir: str | Path) -> list[Path]:
    """Write ``annotations.csv``, ``claims.csv``, ``links.csv`` and ``photos.csv`` into
    ``out_dir``."""
    out_dir = Path(out_dir)
    created = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(describe_os_error(exc, out_dir)) from exc
    annotations = (
        (p.label, p.sha256, p.file_name, a.label, a.number, a.uid, a.shape_type,
         " ".join(f"{x:g},{y:g}" for x, y in a.points), a.kind,
         a.transcription, a.confidence,
         a.match.code if a.match else "", a.match.system if a.match else "", a.notes,
         " ".join(f"{r.label}:{r.stance}" for r in a.claims),
         _withheld(a.is_redaction, a.withheld), *_measured(a))
        for p in data.photos for a in p.annotations
    )
    claims = (
        (c.label, c.uid, c.statement, c.actor, c.source, c.claimed_on or "", c.about_when,
         c.status, c.note, " ".join(c.locations))
        for c in data.claims
    )
    links = (
        (c.label, c.uid, ev.key,
         f"{ev.description} — {WITHHELD_TEXT}" if ev.withheld else ev.description,
         ev.stance, ev.note)
        for c in data.claims for ev in c.evidence
    )
    photos = (
        (p.label, p.uid, p.sha256, p.file_name, p.taken_at or "",
         "" if p.gps is None else p.gps[0], "" if p.gps is None else p.gps[1],
         len(p.annotations), "; ".join(p.tags))
        for p in data.photos
    )
    paths = [out_dir / "annotations.csv", out_dir / "claims.csv", out_dir / "links.csv",
             out_dir / "photos.csv"]
    tables = ((ANNOTATION_COLUMNS, annotations), (CLAIM_COLUMNS, claims),
              (LINK_COLUMNS, links), (PHOTO_COLUMNS, photos))
    # All four or none: every table is written to its temporary file first, and the
    # renames happen only when all writes succeeded (ExitStack unwinds on any failure, the
    # last entered first; photos.csv is entered first so that it is renamed last).
    try:
        with ExitStack() as stack:
            entered = {i: stack.enter_context(atomic_file(paths[i])) for i in (3, 0, 1, 2)}
            temporaries = [entered[i] for i in range(len(paths))]
            for tmp, (header, rows) in zip(temporaries, tables, strict=True):
                try:
                    _write(tmp, header, rows)
                except OSError as exc:
                    raise ExportError(describe_os_error(exc, out_dir)) from exc
    except BaseException:
        if created:
            shutil.rmtree(out_dir, ignore_errors=True)
        raise
    return paths
