"""Undo/redo of every investigation command at the core level (no Qt)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Annotation, Claim, Link, Stance
from desktop.core.casefile import CaseFile
from desktop.core.errors import UserError
from desktop.core.ops.annotation_commands import (
    CreateAnnotation,
    DeleteAnnotation,
    EditAnnotation,
    edit_text,
)
from tests.unit.investigation_fixtures import add_photo

RECT = {"x": 10, "y": 20, "w": 100, "h": 40}


def annotations(case: CaseFile) -> list[tuple]:
    """Everything a user can see of the photo's annotations (ids excluded)."""
    with case.read_session() as s:
        return [
            (a.uid, a.number, a.shape_type.value, a.geometry, a.kind.value, a.transcription,
             a.confidence.value, a.notes)
            for a in s.scalars(select(Annotation).order_by(Annotation.number))
        ]


def test_create_edit_delete_undo_redo_chain(new_case: CaseFile, tmp_path: Path) -> None:
    photo = add_photo(new_case, tmp_path)
    create = CreateAnnotation(photo_id=photo, shape_type="rect", geometry=RECT,
                              kind="index_code")
    assert create.text == "Add rectangle annotation"
    create.redo(new_case)
    ann = create.created_id
    assert ann is not None
    after_create = annotations(new_case)

    moved = {"x": 50, "y": 60, "w": 100, "h": 40}
    move = EditAnnotation(ann, {"geometry": RECT}, {"geometry": moved}, number=1)
    assert move.text == "Move annotation 1"
    move.redo(new_case)
    transcribe = EditAnnotation(ann, {"transcription": ""}, {"transcription": "9\u041c723"},
                                number=1)
    assert transcribe.text == "Edit transcription of annotation 1"
    transcribe.redo(new_case)
    final = annotations(new_case)
    assert final[0][3] == moved and final[0][5] == "9\u041c723"

    # undo everything, then redo everything: same content, later commands still apply
    transcribe.undo(new_case)
    move.undo(new_case)
    assert annotations(new_case) == after_create
    create.undo(new_case)
    assert annotations(new_case) == []
    create.redo(new_case)
    assert annotations(new_case) == after_create
    move.redo(new_case)
    transcribe.redo(new_case)
    assert annotations(new_case) == final

    delete = DeleteAnnotation(create.created_id, number=1)  # type: ignore[arg-type]
    delete.redo(new_case)
    assert annotations(new_case) == []
    delete.undo(new_case)
    assert annotations(new_case) == final
    delete.redo(new_case)
    delete.undo(new_case)
    assert annotations(new_case) == final


def test_redo_follows_uid_when_the_id_changed(new_case: CaseFile, tmp_path: Path) -> None:
    """If something else took the id meanwhile, later commands find the object by uid."""
    photo = add_photo(new_case, tmp_path)
    create = CreateAnnotation(photo_id=photo, shape_type="point", geometry={"x": 1, "y": 1})
    create.redo(new_case)
    first_id = create.created_id
    edit = EditAnnotation(first_id, {"notes": ""}, {"notes": "rusty"})  # type: ignore[arg-type]
    edit.redo(new_case)
    edit.undo(new_case)
    create.undo(new_case)
    # an annotation made outside the stack takes the freed id (SQLite reuses the max rowid)
    other = CreateAnnotation(photo_id=photo, shape_type="point", geometry={"x": 2, "y": 2},
                             number=2)
    other.redo(new_case)
    assert other.created_id == first_id
    create.redo(new_case)
    assert create.created_id != first_id
    edit.redo(new_case)
    with new_case.read_session() as s:
        notes = {a.number: a.notes for a in s.scalars(select(Annotation))}
    assert notes == {1: "rusty", 2: ""}


def test_delete_undo_restores_links(new_case: CaseFile, tmp_path: Path) -> None:
    photo = add_photo(new_case, tmp_path)
    create = CreateAnnotation(photo_id=photo, shape_type="rect", geometry=RECT)
    create.redo(new_case)
    with new_case.write_session() as s:
        claim = Claim(statement="Iskander used against Shusha")
        s.add(claim)
        s.flush()
        s.add(Link(from_annotation_id=create.created_id, to_claim_id=claim.id,
                   stance=Stance.CONTRADICTS, note="why"))
    delete = DeleteAnnotation(create.created_id)  # type: ignore[arg-type]
    assert delete.text == "Delete annotation"
    delete.redo(new_case)
    with new_case.read_session() as s:
        assert s.scalars(select(Link)).all() == []
    delete.undo(new_case)
    with new_case.read_session() as s:
        link = s.scalars(select(Link)).one()
        assert (link.from_annotation_id, link.stance.value, link.note) == (
            create.created_id, "contradicts", "why")


def test_edit_of_a_missing_annotation_fails_cleanly(new_case: CaseFile) -> None:
    with pytest.raises(UserError, match="no annotation with id 42"):
        EditAnnotation(42, {"notes": ""}, {"notes": "x"}).redo(new_case)


@pytest.mark.parametrize(
    ("before", "after", "text"),
    [
        ({"geometry": RECT}, {"geometry": {**RECT, "w": 5}}, "Resize annotation 3"),
        ({"geometry": {"points": [[0, 0]]}}, {"geometry": {"points": [[1, 1]]}},
         "Edit shape of annotation 3"),
        ({"geometry": {"x": 1, "y": 1}}, {"geometry": {"x": 2, "y": 1}}, "Move annotation 3"),
        ({"kind": "other", "notes": ""}, {"kind": "lot_number", "notes": "x"},
         "Edit annotation 3"),
        ({"confidence": "possible"}, {"confidence": "confirmed"},
         "Edit confidence of annotation 3"),
    ],
)
def test_edit_texts(before: dict, after: dict, text: str) -> None:
    assert edit_text(before, after, 3) == text
