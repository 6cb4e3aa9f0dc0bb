"""Annotation verbs: create, update, delete and restore shapes on a photo.

Each verb runs one write transaction, writes one audit event (``annotation.create`` /
``.update`` / ``.delete`` / ``.restore`` with ``before``/``after``) and returns ``Changes``.
Bad input raises ``ValidationError``/``UserError`` and changes nothing. The photo is
reported as updated too (its "annotated" badge may change).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Annotation, AnnotationKind, Confidence, Photo, ShapeType
from desktop.core.casefile import CaseFile
from desktop.core.changes import NO_CHANGES, Changes, Ref
from desktop.core.errors import UserError, ValidationError
from desktop.core.ops.common import (
    Snapshot,
    assign,
    check_fields,
    delete_links,
    get_required,
    insert_row,
    labelled,
    links_touching,
    parse_enum,
    parse_text,
    restore_links,
    row_dict,
)
from desktop.core.ops.shapes import check_shape_kind, validate_geometry

EDITABLE = ("geometry", "kind", "transcription", "confidence", "notes")


def audit_row(row: dict[str, Any]) -> dict[str, Any]:
    """The fields of an annotation worth recording (no timestamps)."""
    return {k: row[k] for k in ("uid", "photo_id", "number", "shape_type", *EDITABLE)}


def create_annotation(
    case: CaseFile,
    *,
    photo_id: int,
    shape_type: ShapeType | str,
    geometry: dict[str, Any],
    kind: AnnotationKind | str = AnnotationKind.OTHER,
    transcription: str = "",
    confidence: Confidence | str = Confidence.POSSIBLE,
    notes: str = "",
    number: int | None = None,
) -> tuple[int, Changes]:
    """Add a shape to a photo; returns the new annotation's id and the changes.

    ``geometry`` is checked against the photo's displayed size. ``number`` defaults to one
    more than the highest number on the photo; an explicit number must be free.
    """
    values = clean_fields(
        {"kind": kind, "transcription": transcription, "confidence": confidence,
         "notes": notes}
    )
    with case.write_session() as session:
        photo = get_required(session, Photo, photo_id, "photo")
        shape = parse_enum(ShapeType, shape_type, "shape_type")
        check_shape_kind(shape, values["kind"])
        clean_geometry = validate_geometry(shape, geometry, width=photo.width,
                                           height=photo.height)
        number = _free_number(session, photo.id, number)
        annotation = Annotation(
            photo_id=photo.id, number=number, shape_type=shape, geometry=clean_geometry,
            created_by=case.investigator, **values,
        )
        session.add(annotation)
        session.flush()
        case.audit(session, "annotation.create", "annotation", annotation.id,
                   labelled(annotation, {"after": audit_row(row_dict(annotation))}))
        return annotation.id, Changes.of(
            created=[Ref("annotation", annotation.id)], updated=[Ref("photo", photo.id)]
        )


def update_annotation(case: CaseFile, *, annotation_id: int, **fields: Any) -> Changes:
    """Edit ``geometry``, ``kind``, ``transcription``, ``confidence`` and/or ``notes``.

    The shape type never changes; a new geometry is validated like on creation. Fields equal
    to the stored values are ignored; when nothing differs nothing is written.
    """
    check_fields(fields, EDITABLE, "annotation")
    values = clean_fields({k: v for k, v in fields.items() if k != "geometry"})
    with case.write_session() as session:
        annotation = get_required(session, Annotation, annotation_id, "annotation")
        if "kind" in values:
            check_shape_kind(annotation.shape_type, values["kind"])
        if "geometry" in fields:
            photo = annotation.photo
            values["geometry"] = validate_geometry(
                annotation.shape_type, fields["geometry"], width=photo.width,
                height=photo.height,
            )
        before, after = assign(annotation, values)
        if not after:
            return NO_CHANGES
        session.flush()
        case.audit(session, "annotation.update", "annotation", annotation.id,
                   labelled(annotation, {"number": annotation.number, "before": before,
                                         "after": after}))
        return Changes.of(updated=[Ref("annotation", annotation.id)])


def delete_annotation(case: CaseFile, *, annotation_id: int) -> tuple[Snapshot, Changes]:
    """Remove an annotation and its links; the snapshot lets ``restore_annotation`` undo it."""
    with case.write_session() as session:
        annotation = get_required(session, Annotation, annotation_id, "annotation")
        links = links_touching(session, "from_annotation_id", annotation.id)
        link_rows = delete_links(session, links)
        row = row_dict(annotation)
        session.delete(annotation)
        session.flush()
        case.audit(session, "annotation.delete", "annotation", row["id"],
                   labelled(row, {"before": audit_row(row),
                                  "links": [r["uid"] for r in link_rows]}))
        snapshot = Snapshot("annotation", row, link_rows)
        return snapshot, Changes.of(
            deleted=[Ref("annotation", row["id"]), *(Ref("link", r["id"]) for r in link_rows)],
            updated=[Ref("photo", row["photo_id"])],
        )


def restore_annotation(case: CaseFile, *, snapshot: Snapshot) -> Changes:
    """Put a deleted annotation back with its id (when free), uid, number and links.

    Links whose other end has been deleted meanwhile are not restored (the audit event
    lists them).
    """
    if snapshot.kind != "annotation":
        raise UserError(f"cannot restore a {snapshot.kind} as an annotation")
    with case.write_session() as session:
        photo = session.get(Photo, snapshot.row["photo_id"])
        if photo is None:
            raise UserError("the annotation's photo no longer exists")
        number = snapshot.row["number"]
        if _number_taken(session, photo.id, number):
            raise UserError(f"annotation number {number} is already used on this photo")
        annotation = insert_row(session, Annotation, snapshot.row)
        remap = {} if annotation.id == snapshot.id else {
            "from_annotation_id": (snapshot.id, annotation.id)}
        restored, skipped = restore_links(session, snapshot.links, remap)
        case.audit(session, "annotation.restore", "annotation", annotation.id,
                   labelled(annotation, {"after": audit_row(row_dict(annotation)),
                                         "links_restored": len(restored),
                                         "links_skipped": skipped}))
        return Changes.of(
            created=[Ref("annotation", annotation.id), *(Ref("link", i) for i in restored)],
            updated=[Ref("photo", photo.id)],
        )


def clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate kind, transcription, confidence and notes into stored values."""
    clean: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "kind":
            clean[key] = parse_enum(AnnotationKind, value, "kind")
        elif key == "confidence":
            clean[key] = parse_enum(Confidence, value, "confidence")
        else:
            clean[key] = parse_text(value, key)
    return clean


def _number_taken(session: Session, photo_id: int, number: int) -> bool:
    return session.scalar(
        select(Annotation.id).where(Annotation.photo_id == photo_id,
                                    Annotation.number == number)
    ) is not None


def _free_number(session: Session, photo_id: int, number: int | None) -> int:
    """The annotation number to use on the photo. The photo row is locked first, so two
    investigators annotating it at once in a team case take turns instead of both picking
    the same number (SQLite's write lock already serialises them; there this is a no-op)."""
    session.execute(select(Photo.id).where(Photo.id == photo_id).with_for_update())
    if number is None:
        highest = session.scalar(
            select(func.max(Annotation.number)).where(Annotation.photo_id == photo_id)
        )
        return (highest or 0) + 1
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValidationError(f"expected a positive whole number, got {number!r}", "number")
    if _number_taken(session, photo_id, number):
        raise ValidationError(f"annotation {number} already exists on this photo", "number")
    return number
