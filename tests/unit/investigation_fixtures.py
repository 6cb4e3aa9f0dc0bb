"""Helpers for the investigation tests: a real photo stored in a case without the importer."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select

from db.models import AuditEvent, Photo
from desktop.core.casefile import CaseFile


def add_photo(case: CaseFile, tmp_path: Path, *, width: int = 640, height: int = 480,
              color: tuple[int, int, int] = (90, 100, 60)) -> int:
    """Write a real JPEG, store it in the case's originals and insert its Photo row."""
    path = tmp_path / f"photo-{width}x{height}-{color[0]}.jpg"
    Image.new("RGB", (width, height), color).save(path, "JPEG", quality=80)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    case.originals.put_file(path, sha, "jpg")
    with case.write_session() as session:
        photo = Photo(sha256=sha, file_name=path.name, ext="jpg", format="JPEG",
                      byte_size=path.stat().st_size, width=width, height=height)
        session.add(photo)
        session.flush()
        case.audit(session, "photo.import", "photo", photo.id, {"after": {"sha256": sha}})
        case.audit(session, "test.setup", "case")
        return photo.id


def audit_count(case: CaseFile) -> int:
    """How many audit events the case holds."""
    with case.read_session() as session:
        return int(session.scalar(select(func.count(AuditEvent.id))) or 0)


def last_audit(case: CaseFile) -> AuditEvent:
    """The newest audit event (detached, read-only use)."""
    with case.read_session() as session:
        event = session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
        assert event is not None
        return event


def case_state(case: CaseFile) -> dict[str, list[dict]]:
    """Every row of every investigation table (audit log excluded), for before/after checks."""
    from db.models import Actor, Annotation, Claim, Link, Location, Source
    from desktop.core.ops.common import row_dict

    state: dict[str, list[dict]] = {}
    with case.read_session() as session:
        for model in (Photo, Annotation, Source, Actor, Claim, Location, Link):
            rows = session.scalars(select(model).order_by(model.id)).all()
            state[model.__tablename__] = [row_dict(r) for r in rows]
    return state


def delete_measurements(case: CaseFile) -> None:
    """Delete (audited) the annotations only schema 0010 and later can hold (the demo has a
    measurement), so that a test can take the case back to an earlier schema."""
    from db.models import Annotation, AnnotationKind, ShapeType
    from desktop.core.ops.annotations import delete_annotation

    new_shapes = (ShapeType.LINE, ShapeType.POLYLINE, ShapeType.CIRCLE)
    with case.read_session() as session:
        ids = session.scalars(select(Annotation.id).where(
            (Annotation.kind == AnnotationKind.MEASUREMENT)
            | Annotation.shape_type.in_(new_shapes))).all()
    for annotation_id in ids:
        delete_annotation(case, annotation_id=annotation_id)
