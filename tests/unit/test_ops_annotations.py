"""Annotation verbs against a real case database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Annotation, Link
from desktop.core.casefile import CaseFile
from desktop.core.changes import Ref
from desktop.core.errors import UserError, ValidationError
from desktop.core.ops.annotations import (
    create_annotation,
    delete_annotation,
    restore_annotation,
    update_annotation,
)
from tests.unit.investigation_fixtures import add_photo, audit_count, last_audit

RECT = {"x": 10, "y": 20, "w": 100, "h": 40}


@pytest.fixture
def photo_id(new_case: CaseFile, tmp_path: Path) -> int:
    return add_photo(new_case, tmp_path, width=640, height=480)


def _rows(case: CaseFile) -> list[tuple]:
    with case.read_session() as s:
        return [
            (a.id, a.uid, a.number, a.shape_type.value, a.geometry, a.kind.value,
             a.transcription, a.confidence.value, a.notes)
            for a in s.scalars(select(Annotation).order_by(Annotation.id))
        ]


def test_create_assigns_numbers_and_audits(new_case: CaseFile, photo_id: int) -> None:
    before = audit_count(new_case)
    first, changes = create_annotation(new_case, photo_id=photo_id, shape_type="rect",
                                       geometry=RECT, kind="index_code",
                                       transcription="9\u041c723", confidence="confirmed")
    assert Ref("annotation", first) in changes.created
    assert Ref("photo", photo_id) in changes.updated
    second, _ = create_annotation(new_case, photo_id=photo_id, shape_type="point",
                                  geometry={"x": 640, "y": 0})
    third, _ = create_annotation(new_case, photo_id=photo_id, shape_type="polygon",
                                 geometry={"type": "polygon",
                                           "points": [[0, 0], [50, 0], [25.5, 30]]})
    rows = _rows(new_case)
    assert [r[2] for r in rows] == [1, 2, 3]
    assert rows[0][4] == RECT and rows[0][6] == "9\u041c723" and rows[0][7] == "confirmed"
    assert rows[2][4] == {"points": [[0, 0], [50, 0], [25.5, 30]]}
    assert audit_count(new_case) == before + 3
    event = last_audit(new_case)
    assert event.action == "annotation.create" and event.object_id == third
    assert event.details["after"]["number"] == 3
    assert second != first


@pytest.mark.parametrize(
    ("shape", "geometry", "message"),
    [
        ("rect", {"x": 600, "y": 0, "w": 100, "h": 10}, "extends outside"),
        ("rect", {"x": 0, "y": 0, "w": 0, "h": 10}, "positive width"),
        ("rect", {"x": -1, "y": 0, "w": 5, "h": 10}, "outside"),
        ("rect", {"x": 0, "y": 0, "w": 5}, "needs h"),
        ("rect", {"x": 0, "y": 0, "w": 5, "h": float("nan")}, "finite"),
        ("rect", {"x": True, "y": 0, "w": 5, "h": 5}, "expected a number"),
        ("polygon", {"points": [[0, 0], [10, 10]]}, "at least 3"),
        ("polygon", {"points": [[0, 0], [10, 10], [20, 20]]}, "no area"),
        ("polygon", {"points": [[0, 0], [10, 10], [700, 20]]},
         r"points\[2\]: \(700, 20\) lies outside"),
        ("point", {"x": 641, "y": 0}, "outside"),
        ("circle", {"x": 1, "y": 1}, "needs cx, cy, r"),
        ("hexagon", {"x": 1, "y": 1}, "unknown value .hexagon."),
        ("point", "1,2", "expected an object"),
    ],
)
def test_bad_geometry_is_refused_and_changes_nothing(
    new_case: CaseFile, photo_id: int, shape: str, geometry: object, message: str
) -> None:
    events = audit_count(new_case)
    with pytest.raises(ValidationError, match=message):
        create_annotation(new_case, photo_id=photo_id, shape_type=shape,
                          geometry=geometry)  # type: ignore[arg-type]
    assert _rows(new_case) == []
    assert audit_count(new_case) == events


def test_bad_fields_and_missing_photo(new_case: CaseFile, photo_id: int) -> None:
    with pytest.raises(ValidationError, match="kind: unknown value 'serial'"):
        create_annotation(new_case, photo_id=photo_id, shape_type="rect", geometry=RECT,
                          kind="serial")
    with pytest.raises(ValidationError, match="confidence"):
        create_annotation(new_case, photo_id=photo_id, shape_type="rect", geometry=RECT,
                          confidence="sure")
    with pytest.raises(UserError, match="no photo with id 999"):
        create_annotation(new_case, photo_id=999, shape_type="rect", geometry=RECT)
    create_annotation(new_case, photo_id=photo_id, shape_type="rect", geometry=RECT, number=4)
    with pytest.raises(ValidationError, match="annotation 4 already exists"):
        create_annotation(new_case, photo_id=photo_id, shape_type="rect", geometry=RECT,
                          number=4)
    next_id, _ = create_annotation(new_case, photo_id=photo_id, shape_type="rect",
                                   geometry=RECT)
    assert [r[2] for r in _rows(new_case)] == [4, 5]
    assert next_id


def test_update_records_only_changed_fields(new_case: CaseFile, photo_id: int) -> None:
    ann, _ = create_annotation(new_case, photo_id=photo_id, shape_type="rect", geometry=RECT)
    moved = {"x": 30, "y": 20, "w": 100, "h": 40}
    changes = update_annotation(new_case, annotation_id=ann, geometry=moved,
                                transcription="Lot 12-34", notes="")
    assert changes.updated == {Ref("annotation", ann)}
    event = last_audit(new_case)
    assert event.action == "annotation.update"
    assert event.details["before"] == {"geometry": RECT, "transcription": ""}
    assert event.details["after"] == {"geometry": moved, "transcription": "Lot 12-34"}
    events = audit_count(new_case)
    assert not update_annotation(new_case, annotation_id=ann, transcription="Lot 12-34")
    assert audit_count(new_case) == events
    with pytest.raises(ValidationError, match="outside"):
        update_annotation(new_case, annotation_id=ann, geometry={"x": 0, "y": 0, "w": 9999,
                                                                 "h": 1})
    with pytest.raises(UserError, match="cannot edit number"):
        update_annotation(new_case, annotation_id=ann, number=9)
    assert _rows(new_case)[0][4] == moved


def test_delete_and_restore_keep_identity_and_links(new_case: CaseFile, photo_id: int) -> None:
    from db.models import Claim, Stance

    ann, _ = create_annotation(new_case, photo_id=photo_id, shape_type="rect", geometry=RECT,
                               transcription="<b>&amp; Շուշի</b>")
    with new_case.write_session() as s:
        claim = Claim(statement="x")
        s.add(claim)
        s.flush()
        s.add(Link(from_annotation_id=ann, to_claim_id=claim.id, stance=Stance.SUPPORTS,
                   note="reads 9M723"))
        new_case.audit(s, "test.setup", "case")
    before = _rows(new_case)
    snapshot, changes = delete_annotation(new_case, annotation_id=ann)
    assert Ref("annotation", ann) in changes.deleted
    assert any(ref.kind == "link" for ref in changes.deleted)
    assert _rows(new_case) == []
    with new_case.read_session() as s:
        assert s.scalars(select(Link)).all() == []
    restore_annotation(new_case, snapshot=snapshot)
    assert _rows(new_case) == before
    with new_case.read_session() as s:
        link = s.scalars(select(Link)).one()
        assert (link.from_annotation_id, link.stance, link.note) == (ann, Stance.SUPPORTS,
                                                                     "reads 9M723")
    with pytest.raises(UserError, match="already used"):
        restore_annotation(new_case, snapshot=snapshot)
    assert last_audit(new_case).action == "annotation.restore"
