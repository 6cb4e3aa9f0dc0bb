"""Stable labels through the verbs: undo/redo keeps them, a new object never reuses one,
and every audit event about a labelled object names it."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from sqlalchemy import select

from db.models import AuditEvent
from desktop.core.casefile import CaseFile
from desktop.core.ingest import import_paths
from desktop.core.ops.annotation_commands import CreateAnnotation, DeleteAnnotation
from desktop.core.ops.claims import create_claim, delete_claim
from desktop.core.ops.investigation_commands import (
    CreateClaim,
    DeleteClaim,
    DeleteLocation,
    EditClaim,
)
from desktop.core.ops.locations import create_location
from desktop.core.ops.sources import create_source
from desktop.core.queries.investigation import get_annotation, get_claim, list_claims
from desktop.core.queries.labels import ids_for_labels
from desktop.core.queries.photos import get_photo_by_label, list_photos
from tests.unit.investigation_fixtures import add_photo, last_audit

RECT = {"x": 10, "y": 20, "w": 100, "h": 40}


def claim_labels(case: CaseFile) -> dict[str, str]:
    """statement -> label of every claim."""
    with case.read_session() as s:
        return {c.statement: c.label for c in list_claims(s)}


def test_labels_survive_undo_and_redo_of_delete(new_case: CaseFile) -> None:
    create_claim(new_case, statement="first")
    second, _ = create_claim(new_case, statement="second")
    create_claim(new_case, statement="third")
    assert claim_labels(new_case) == {"first": "C1", "second": "C2", "third": "C3"}

    delete = DeleteClaim(second)
    delete.redo(new_case)
    assert claim_labels(new_case) == {"first": "C1", "third": "C3"}
    delete.undo(new_case)
    assert claim_labels(new_case)["second"] == "C2"
    delete.redo(new_case)
    delete.undo(new_case)
    assert claim_labels(new_case) == {"first": "C1", "second": "C2", "third": "C3"}

    # an edit of a restored claim keeps its label too
    EditClaim(second, {"status": "refuted"}).redo(new_case)
    with new_case.read_session() as s:
        claim = get_claim(s, second)
    assert claim is not None and (claim.label, claim.status) == ("C2", "refuted")


def test_undo_of_create_then_redo_keeps_the_label(new_case: CaseFile) -> None:
    create = CreateClaim(statement="made twice")
    create.redo(new_case)
    assert claim_labels(new_case) == {"made twice": "C1"}
    create.undo(new_case)
    create.redo(new_case)
    assert claim_labels(new_case) == {"made twice": "C1"}


def test_a_deleted_label_is_never_handed_out_again(new_case: CaseFile) -> None:
    create_claim(new_case, statement="older")
    newest, _ = create_claim(new_case, statement="newest")
    delete_claim(new_case, claim_id=newest)
    create_claim(new_case, statement="after the delete")
    assert claim_labels(new_case) == {"older": "C1", "after the delete": "C3"}

    a, _ = create_location(new_case, lat=39.76, lon=46.74, name="A")
    b, _ = create_location(new_case, lat=39.75, lon=46.75, name="B")
    DeleteLocation(b).redo(new_case)
    c, _ = create_location(new_case, lat=39.74, lon=46.76, name="C")
    with new_case.read_session() as s:
        assert ids_for_labels(s, "location", ["l1", "L3"]) == {"L1": a, "L3": c}


def test_annotation_labels_and_undo(new_case: CaseFile, tmp_path: Path) -> None:
    photo = add_photo(new_case, tmp_path)
    create = CreateAnnotation(photo_id=photo, shape_type="rect", geometry=RECT)
    create.redo(new_case)
    ann = create.created_id
    assert ann is not None
    delete = DeleteAnnotation(ann, number=1)
    delete.redo(new_case)
    delete.undo(new_case)
    with new_case.read_session() as s:
        info = get_annotation(s, ann)
        photos = list_photos(s)
        by_label = get_photo_by_label(s, "p1")
    assert info is not None and info.label == "A1" and info.photo_label == "P1"
    assert info.caption.startswith("A1 · ")
    assert [p.label for p in photos] == ["P1"] and by_label is not None


def test_audit_events_name_the_label(new_case: CaseFile, tmp_path: Path) -> None:
    photo = add_photo(new_case, tmp_path)
    source, _ = create_source(new_case, title="Article")
    assert last_audit(new_case).details["label"] == "S1"
    claim, _ = create_claim(new_case, statement="x", source_id=source)
    assert last_audit(new_case).details["label"] == "C1"
    EditClaim(claim, {"status": "disputed"}).redo(new_case)
    event = last_audit(new_case)
    assert (event.action, event.details["label"]) == ("claim.update", "C1")
    assert event.details["after"] == {"status": "disputed"}
    delete = DeleteClaim(claim)
    delete.redo(new_case)
    assert (last_audit(new_case).action, last_audit(new_case).details["label"]) == (
        "claim.delete", "C1")
    delete.undo(new_case)
    assert (last_audit(new_case).action, last_audit(new_case).details["label"]) == (
        "claim.restore", "C1")
    CreateAnnotation(photo_id=photo, shape_type="point", geometry={"x": 5, "y": 5}).redo(
        new_case)
    assert last_audit(new_case).details["label"] == "A1"
    # the real importer names the photo and its camera-less import
    path = tmp_path / "second.jpg"
    Image.new("RGB", (64, 48), (10, 20, 30)).save(path, "JPEG")
    import_paths(new_case, [path])
    with new_case.read_session() as s:
        imported = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "photo.import")
                                  .order_by(AuditEvent.id)))
    assert imported[-1].details["label"] == "P2"


def test_dump_writes_labels_and_load_ignores_them(new_case: CaseFile, tmp_path: Path) -> None:
    import json

    from desktop.core.interchange import dump_case, load_case

    create_claim(new_case, statement="kept")
    gone, _ = create_claim(new_case, statement="deleted")
    delete_claim(new_case, claim_id=gone)
    create_claim(new_case, statement="third")
    create_source(new_case, title="Wire")
    doc = dump_case(new_case, tmp_path / "case.json")
    assert [(c["statement"], c["label"]) for c in doc["claims"]] == [("kept", "C1"),
                                                                    ("third", "C3")]
    assert doc["sources"][0]["label"] == "S1"

    # a label in the file is information only: the target case numbers its new objects
    target = CaseFile.create(tmp_path / "Target", title="t", investigator="Tester")
    try:
        create_claim(target, statement="already there")
        hand = {"format": "fragment-case", "version": 1, "claims": [
            {"key": "c1", "label": "C99", "statement": "from a file"}]}
        (tmp_path / "hand.json").write_text(json.dumps(hand), encoding="utf-8")
        load_case(target, tmp_path / "hand.json")
        load_case(target, tmp_path / "case.json")
        assert claim_labels(target) == {"already there": "C1", "from a file": "C2",
                                        "kept": "C3", "third": "C4"}
        event = last_audit(target)
        assert event.action == "case.load"
        with target.read_session() as s:
            created = list(s.scalars(select(AuditEvent).where(
                AuditEvent.action == "claim.create").order_by(AuditEvent.id)))
        assert [e.details["label"] for e in created] == ["C1", "C2", "C3", "C4"]
    finally:
        target.close()
