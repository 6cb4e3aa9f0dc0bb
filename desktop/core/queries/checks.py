"""Read side of the verification checks: findings, reference collections, and what the
checks know about one photo (sun position, content credentials), as frozen DTOs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import AuditEvent, CheckFinding, Photo, PhotoFingerprint, ReferenceCollection
from desktop.core.checks.sun import SunPosition, sun_position
from desktop.core.checks.timing import capture_utc

SEVERITY_ORDER = {"warning": 0, "notice": 1, "info": 2}


@dataclass(frozen=True)
class FindingRow:
    """One stored finding and its review."""

    id: int
    uid: str
    photo_id: int
    photo_label: str
    photo_file: str
    kind: str
    severity: str
    explanation: str
    computed_at: datetime
    reviewed: bool
    review_note: str
    details: Mapping[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The shape of ``fragment checks --json``."""
        return {"id": self.id, "uid": self.uid, "photo": self.photo_label,
                "photo_id": self.photo_id, "file_name": self.photo_file, "kind": self.kind,
                "severity": self.severity, "explanation": self.explanation,
                "details": dict(self.details), "computed_at": self.computed_at.isoformat(),
                "reviewed": self.reviewed, "review_note": self.review_note}


@dataclass(frozen=True)
class ReferenceRow:
    """One registered reference collection."""

    id: int
    uid: str
    name: str
    kind: str
    path: str
    image_count: int
    index_digest: str
    indexed_at: datetime

    def as_json(self) -> dict[str, Any]:
        """The shape of ``fragment refs --json``."""
        return {"id": self.id, "uid": self.uid, "name": self.name, "kind": self.kind,
                "path": self.path, "image_count": self.image_count,
                "index_digest": self.index_digest, "indexed_at": self.indexed_at.isoformat()}


@dataclass(frozen=True)
class ChecksOverview:
    """Everything the checks say about a case: for the dossier and ``fragment checks``."""

    findings: tuple[FindingRow, ...]
    references: tuple[ReferenceRow, ...]
    photos: int
    fingerprinted: int
    with_credentials: int
    last_run: datetime | None
    last_run_by: str


@dataclass(frozen=True)
class PhotoChecks:
    """What the metadata panel shows for one photo."""

    sun: SunPosition | None
    sun_time_source: str
    credentials: Mapping[str, Any] | None
    phash: str
    thumb_distance: int | None
    findings: tuple[FindingRow, ...]


def _row(f: CheckFinding, label: str, file_name: str) -> FindingRow:
    return FindingRow(f.id, f.uid, f.photo_id, label, file_name, f.kind, f.severity,
                      f.explanation, f.computed_at, bool(f.reviewed), f.review_note,
                      MappingProxyType(dict(f.details or {})))


def findings(session: Session, photo_id: int | None = None) -> list[FindingRow]:
    """Findings, most severe first, then by photo."""
    query = select(CheckFinding, Photo.label, Photo.file_name).join(
        Photo, Photo.id == CheckFinding.photo_id)
    if photo_id is not None:
        query = query.where(CheckFinding.photo_id == photo_id)
    rows = [_row(f, label, name) for f, label, name in session.execute(query)]
    return sorted(rows, key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), r.photo_id, r.kind,
                                       r.id))


def references(session: Session) -> list[ReferenceRow]:
    """Registered reference collections, oldest first."""
    return [ReferenceRow(r.id, r.uid, r.name, r.kind, r.path, r.image_count, r.index_digest,
                         r.indexed_at)
            for r in session.scalars(select(ReferenceCollection).order_by(ReferenceCollection.id))]


def checks_overview(session: Session) -> ChecksOverview:
    """Findings, references, coverage and the last run, from one snapshot."""
    last = session.execute(select(AuditEvent.at, AuditEvent.investigator)
                           .where(AuditEvent.action == "checks.run")
                           .order_by(AuditEvent.id.desc()).limit(1)).first()
    creds = session.scalar(select(func.count()).select_from(PhotoFingerprint)
                           .where(PhotoFingerprint.credentials.is_not(None))) or 0
    return ChecksOverview(
        findings=tuple(findings(session)), references=tuple(references(session)),
        photos=session.scalar(select(func.count()).select_from(Photo)) or 0,
        fingerprinted=session.scalar(select(func.count()).select_from(PhotoFingerprint)
                                     .where(PhotoFingerprint.phash != "")) or 0,
        with_credentials=int(creds),
        last_run=last[0] if last else None, last_run_by=last[1] if last else "")


def photo_checks(session: Session, photo_id: int) -> PhotoChecks | None:
    """Sun position, credentials and findings for one photo (None if it is gone)."""
    photo = session.get(Photo, photo_id)
    if photo is None:
        return None
    fp = session.get(PhotoFingerprint, photo_id)
    sun, source = None, ""
    if photo.gps_lat is not None and photo.gps_lon is not None:
        when, source = capture_utc(photo.taken_at, (photo.exif or {}).get("tags") or {})
        if when is not None:
            sun = sun_position(photo.gps_lat, photo.gps_lon, when)
    return PhotoChecks(sun, source, MappingProxyType(dict(fp.credentials))
                       if fp and fp.credentials else None,
                       fp.phash if fp else "", fp.thumb_distance if fp else None,
                       tuple(findings(session, photo_id)))


def checks_for_photos(session: Session, photo_ids: set[int]) -> ChecksOverview:
    """The overview limited to these photos (a dossier's selection). A near-duplicate
    finding names only photos of the selection, so the dossier reveals no other photo."""
    full = checks_overview(session)
    kept: list[FindingRow] = []
    labels = {label for (label,) in session.execute(
        select(Photo.label).where(Photo.id.in_(photo_ids)))} if photo_ids else set()
    for row in full.findings:
        if row.photo_id not in photo_ids:
            continue
        if row.kind == "near_duplicate":
            others = [p for p in row.details.get("photos", []) if p.get("label") in labels]
            if not others:
                continue
            if len(others) != len(row.details.get("photos", [])):
                text = ", ".join(f"{p['label']} ({p['distance']} bits)" for p in others)
                row = replace(row, explanation=row.explanation.split(" in this case")[0]
                              .rsplit("Looks like ", 1)[0] + f"Looks like {text} in this case"
                              + row.explanation.split(" in this case", 1)[1],
                              details=MappingProxyType({**row.details, "photos": others}))
        kept.append(row)
    return replace(full, findings=tuple(kept), photos=len(photo_ids),
                   fingerprinted=session.scalar(
                       select(func.count()).select_from(PhotoFingerprint)
                       .where(PhotoFingerprint.phash != "",
                              PhotoFingerprint.photo_id.in_(photo_ids))) or 0,
                   with_credentials=session.scalar(
                       select(func.count()).select_from(PhotoFingerprint)
                       .where(PhotoFingerprint.credentials.is_not(None),
                              PhotoFingerprint.photo_id.in_(photo_ids))) or 0)
