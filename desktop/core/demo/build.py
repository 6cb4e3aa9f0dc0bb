"""Build the demo case: photos drawn at build time, imported, annotated and linked.

``build_demo_case(path)`` creates a new case folder at ``path`` and fills it through the
same core verbs the application uses (so every object is audited). If anything fails the
half-built folder is removed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import desktop.core.demo.scenario as s
from desktop.core.casefile import CaseFile, normalize_case_path
from desktop.core.changes import Ref
from desktop.core.demo.photos import Box, DrawnPhoto, draw_debris_photo
from desktop.core.errors import CaseError, FragmentError
from desktop.core.ingest import import_paths
from desktop.core.ops.actors import create_actor
from desktop.core.ops.annotations import create_annotation
from desktop.core.ops.claims import create_claim
from desktop.core.ops.links import create_link
from desktop.core.ops.locations import create_location
from desktop.core.ops.photos import update_photo
from desktop.core.ops.provenance import import_provenance
from desktop.core.ops.sources import create_source

Progress = Callable[[str], None]


def build_demo_case(path: str | os.PathLike[str], *, investigator: str | None = None,
                    progress: Progress | None = None) -> CaseFile:
    """Create and fill the demo case at ``path``; returns it open for writing."""
    root = normalize_case_path(path)
    if root.exists():
        raise CaseError(f"{root} already exists; choose another name for the demo case")
    case = CaseFile.create(root, title=s.CASE_TITLE, description=s.CASE_DESCRIPTION,
                           investigator=investigator or "Fragment demo")
    try:
        _fill(case, progress or (lambda _message: None))
    except BaseException:
        case.close()
        shutil.rmtree(root, ignore_errors=True)
        raise
    return case


def _pad(box: Box, width: int, height: int, margin: int = 8) -> dict[str, int]:
    x, y, w, h = box
    x0, y0 = max(0, x - margin), max(0, y - margin)
    x1, y1 = min(width, x + w + margin), min(height, y + h + margin)
    return {"x": x0, "y": y0, "w": x1 - x0, "h": y1 - y0}


def _fill(case: CaseFile, progress: Progress) -> None:
    progress("drawing photos")
    with tempfile.TemporaryDirectory(prefix="fragment-demo-") as tmp:
        drawn: list[DrawnPhoto] = []
        for spec in s.PHOTOS:
            site = s.SITES[spec["site"]]
            drawn.append(draw_debris_photo(
                Path(tmp) / spec["name"], code=spec["code"], lot=spec["lot"],
                ruler=spec["ruler"], lat=site["lat"], lon=site["lon"], taken=spec["taken"],
                seed=spec["seed"], worn=spec.get("worn", ())))
        # The source first, so the import records it as the photos' source.
        source, _ = create_source(case, **s.SOURCE)
        progress("importing photos")
        provenance = import_provenance(case, **s.PHOTO_PROVENANCE, source=source)
        report = import_paths(case, [d.path for d in drawn], provenance=provenance)
    photo_ids = [r.photo_id for r in report.results if r.photo_id is not None]
    if len(photo_ids) != len(report.results):
        reasons = "; ".join(f"{r.path}: {r.reason}" for r in report.results if r.reason)
        raise FragmentError(f"the demo photos could not be imported ({reasons})")

    progress("adding actors and claims")
    actors = {a["key"]: create_actor(case, name=a["name"], kind=a["kind"],
                                     affiliation=a["affiliation"])[0] for a in s.ACTORS}
    claims: dict[str, int] = {}
    for c in s.CLAIMS:
        claims[c["key"]], _ = create_claim(
            case, statement=c["statement"], actor_id=actors.get(c["actor"] or ""),
            source_id=source, claimed_on=c["claimed_on"], about_when=c["about_when"],
            status=c["status"], note=c["note"])
    for start, end, stance, note in s.CLAIM_LINKS:
        create_link(case, from_ref=Ref("claim", claims[start]), to_ref=Ref("claim", claims[end]),
                    stance=stance, note=note)

    progress("adding locations")
    sites = [create_location(case, coordinates=site["coordinates"], name=site["name"],
                             aliases=s.TOWN_NAMES, kind="claimed", note=site["note"])[0]
             for site in s.SITES]
    for site_id in sites:
        create_link(case, from_ref=Ref("claim", claims["found"]), to_ref=Ref("location", site_id))

    progress("annotating photos")
    for spec, photo, pid in zip(s.PHOTOS, drawn, photo_ids, strict=True):
        update_photo(case, photo_id=pid, notes=spec["notes"])
        create_link(case, from_ref=Ref("photo", pid),
                    to_ref=Ref("location", sites[spec["site"]]))
        create_link(case, from_ref=Ref("photo", pid), to_ref=Ref("claim", claims["found"]),
                    stance="supports",
                    note="Debris photographed at the claimed position (GPS in EXIF).")
        code, _ = create_annotation(
            case, photo_id=pid, shape_type="rect",
            geometry=_pad(photo.code_box, photo.width, photo.height), kind="index_code",
            transcription="9\u041c723", confidence="confirmed",
            notes="Stencilled in pale paint; Cyrillic М.")
        create_link(case, from_ref=Ref("annotation", code), to_ref=Ref("claim", claims["used"]),
                    stance="supports", note=s.CODE_RATIONALE)
        if photo.lot_box is not None:
            reading = spec.get("reading") or " ".join((spec["lot"] or "").split())
            legible = "?" not in reading
            lot, _ = create_annotation(
                case, photo_id=pid, shape_type="rect",
                geometry=_pad(photo.lot_box, photo.width, photo.height, 6), kind="lot_number",
                transcription=reading,
                confidence="probable" if legible else "possible",
                notes="Lot and serial line below the index." if legible else
                "Worn; the last characters are unreadable (?).")
            create_link(case, from_ref=Ref("annotation", lot),
                        to_ref=Ref("claim", claims["used"]), stance="context",
                        note="A lot/serial number could be traced to a production batch.")
        if photo.ruler_box is not None:
            create_annotation(case, photo_id=pid, shape_type="rect",
                              geometry=_pad(photo.ruler_box, photo.width, photo.height, 2),
                              kind="scale_reference", transcription="10 cm",
                              confidence="confirmed", notes="Photo scale, 1 cm squares.")
    # after every other annotation, so that the demo's earlier labels stay as they were
    measured = drawn[0]
    if measured.width_line is not None:
        left, right = measured.width_line
        create_annotation(case, photo_id=photo_ids[0], shape_type="line",
                          geometry={"points": [list(left), list(right)]}, kind="measurement",
                          transcription="fragment width", confidence="probable",
                          notes=s.MEASUREMENT_NOTE)
    update_photo(case, photo_id=photo_ids[1], notes=s.PHOTOS[1]["notes"],
                 view_adjustments={"contrast": 35, "sharpen": 40})
    progress("done")
