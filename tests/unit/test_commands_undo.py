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
    assert transcribe.text == "Edit reading of annotation 1"
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
        new_case.audit(s, "test.setup", "case")
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
         "Edit kind and notes of annotation 3"),
        ({"transcription": "", "kind": "other"}, {"transcription": "9M723", "kind": "index_code"},
         "Edit reading and kind of annotation 3"),
        ({"kind": "other", "notes": "", "confidence": "possible"},
         {"kind": "lot_number", "notes": "x", "confidence": "confirmed"}, "Edit annotation 3"),
        ({"confidence": "possible"}, {"confidence": "confirmed"},
         "Edit confidence of annotation 3"),
    ],
)
def test_edit_texts(before: dict, after: dict, text: str) -> None:
    assert edit_text(before, after, 3) == text


# -- every other kind, through the same generic commands -------------------------------------

def _cycle(case: CaseFile, command: object) -> None:
    """redo, undo, redo, undo, redo: each undo returns exactly to the state before."""
    from tests.unit.investigation_fixtures import case_state

    before = case_state(case)
    command.redo(case)  # type: ignore[attr-defined]
    after = case_state(case)
    assert after != before
    for _ in range(2):
        command.undo(case)  # type: ignore[attr-defined]
        assert case_state(case) == before
        command.redo(case)  # type: ignore[attr-defined]
        assert case_state(case) == after


def test_every_command_undoes_and_redoes(new_case: CaseFile, tmp_path: Path) -> None:
    from desktop.core.changes import Ref
    from desktop.core.ops import investigation_commands as ic

    photo = add_photo(new_case, tmp_path)
    attachment = tmp_path / "statement.txt"
    attachment.write_text("Заявление", encoding="utf-8")

    source = ic.CreateSource(title="Article", language="fr", published_on="2021-03-19")
    actor = ic.CreateActor(name="ANAMA", kind="agency")
    for command in (source, actor):
        _cycle(new_case, command)
    claim = ic.CreateClaim(statement="Iskander used", actor_id=actor.created_id,
                           source_id=source.created_id, about_when="2020-23")
    other = ic.CreateClaim(statement="Not used", status="disputed")
    location = ic.CreateLocation(coordinates="39°45'38.10\"N 46°44'33.90\"E", name="Shusha",
                                 aliases=["Şuşa"])
    ann = CreateAnnotation(photo_id=photo, shape_type="rect", geometry=RECT)
    for command in (claim, other, location, ann):
        _cycle(new_case, command)
    assert claim.text == "Add claim" and location.text == "Add location"
    link = ic.CreateLink(from_ref=Ref("annotation", ann.created_id), to_ref=Ref(
        "claim", claim.created_id), stance="supports", note="reads 9M723")
    assert link.text == "Link annotation to claim"
    commands = [
        link,
        ic.CreateLink(from_ref=Ref("claim", other.created_id),
                      to_ref=Ref("claim", claim.created_id), stance="contradicts"),
        ic.CreateLink(from_ref=Ref("photo", photo), to_ref=Ref("location",
                                                              location.created_id)),
        ic.EditSource(source.created_id, {"publisher": "Paper", "url": "https://x.org"}),
        ic.AttachSourceFile(source.created_id, attachment),
        ic.EditActor(actor.created_id, {"affiliation": "Azerbaijan"}),
        ic.EditClaim(claim.created_id, {"status": "disputed"}),
        ic.EditLocation(location.created_id, {"coordinates": "39.7577 46.7572"}),
        ic.EditPhoto(photo, {"view_adjustments": {"contrast": 1.5, "invert": True}}),
        ic.EditPhoto(photo, {"notes": "Շուշի"}),
    ]
    for command in commands:
        _cycle(new_case, command)
    edit_link = ic.EditLink(link.created_id, {"stance": "contradicts"})  # type: ignore[arg-type]
    assert edit_link.text == "Change stance of link"
    _cycle(new_case, edit_link)
    for command in (
        ic.DeleteLink(link.created_id),  # type: ignore[arg-type]
        ic.DeleteClaim(claim.created_id),  # type: ignore[arg-type]
        ic.DeleteActor(actor.created_id),  # type: ignore[arg-type]
        ic.DeleteSource(source.created_id),  # type: ignore[arg-type]
        ic.DeleteLocation(location.created_id),  # type: ignore[arg-type]
        DeleteAnnotation(ann.created_id),  # type: ignore[arg-type]
    ):
        _cycle(new_case, command)


def test_whole_stack_undone_and_redone_in_order(new_case: CaseFile, tmp_path: Path) -> None:
    """A stack like the GUI's: undo everything, redo everything, same final state."""
    from desktop.core.changes import Ref
    from desktop.core.ops import investigation_commands as ic
    from tests.unit.investigation_fixtures import case_state

    photo = add_photo(new_case, tmp_path)
    start = case_state(new_case)
    stack: list = []

    def push(command):  # type: ignore[no-untyped-def]
        command.redo(new_case)
        stack.append(command)
        return command

    claim = push(ic.CreateClaim(statement="c"))
    ann = push(CreateAnnotation(photo_id=photo, shape_type="point", geometry={"x": 1, "y": 2}))
    push(EditAnnotation(ann.created_id, {"transcription": ""}, {"transcription": "9M723"}))
    link = push(ic.CreateLink(from_ref=Ref("annotation", ann.created_id),
                              to_ref=Ref("claim", claim.created_id), stance="supports"))
    push(ic.EditLink(link.created_id, {"note": "why"}))
    push(DeleteAnnotation(ann.created_id))
    push(ic.EditClaim(claim.created_id, {"statement": "c2"}))
    end = case_state(new_case)
    for command in reversed(stack):
        command.undo(new_case)
    assert case_state(new_case) == start
    for command in stack:
        command.redo(new_case)
    assert case_state(new_case) == end
