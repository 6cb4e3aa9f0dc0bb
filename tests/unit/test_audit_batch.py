"""Audit events written in one pass (``record_many``) are as verifiable as one by one."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sqlalchemy import select

from db.models import AuditEvent, Claim
from desktop.core.audit import PendingEvent
from desktop.core.casefile import CaseFile
from desktop.core.interchange.load import load_case
from desktop.core.verify import verify_case
from tests.unit.import_helpers import jpeg_bytes, write


def _claims_in_one_pass(case: CaseFile, statements: list[str]) -> list[int]:
    with case.write_session() as session:
        claims = [Claim(statement=s) for s in statements]
        session.add_all(claims)
        session.flush()
        case.audit_many(session, [
            PendingEvent("claim.create", "claim", c.id, {"label": c.label},
                         (("claim", c.uid),)) for c in claims])
        return [c.id for c in claims]


def test_each_event_records_the_state_of_its_own_object(new_case: CaseFile) -> None:
    ids = _claims_in_one_pass(new_case, ["one", "two", "three"])
    with new_case.read_session() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "claim.create")
                           .order_by(AuditEvent.id)).all()
        labels = {c.id: c.label for c in s.scalars(select(Claim))}
    assert [e.object_id for e in events] == ids
    for event in events:
        assert [entry["label"] for entry in event.state] == [labels[event.object_id]]
        assert event.state[0]["digest"]
    assert [labels[i] for i in ids] == ["C1", "C2", "C3"]  # labels assigned at the flush
    assert verify_case(new_case).ok


def test_changes_not_named_by_any_event_go_to_the_first(new_case: CaseFile) -> None:
    with new_case.write_session() as session:
        stray = Claim(statement="stray")
        named = Claim(statement="named")
        session.add_all([stray, named])
        session.flush()
        new_case.audit_many(session, [PendingEvent("claim.create", "claim", named.id, {},
                                                   (("claim", named.uid),))])
    with new_case.read_session() as s:
        event = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
    assert [entry["label"] for entry in event.state] == ["C1", "C2"]
    assert verify_case(new_case).ok


def test_a_row_edited_after_a_batch_is_found(new_case: CaseFile) -> None:
    _claims_in_one_pass(new_case, ["one", "two"])
    new_case.close()
    db = sqlite3.connect(new_case.root / "case.sqlite")
    db.execute("UPDATE claim SET statement = 'forged' WHERE label = 'C2'")
    db.commit()
    db.close()
    reopened = CaseFile.open(new_case.root)
    try:
        report = verify_case(reopened)
    finally:
        reopened.close()
    assert not report.ok
    assert any("C2" in p.detail for p in report.problems)


def test_a_load_records_one_event_per_object_and_verifies(new_case: CaseFile,
                                                          tmp_path: Path) -> None:
    doc = {"format": "fragment-case", "version": 1, "case": {"title": "t"},
           "claims": [{"key": "c1", "statement": "s"}],
           "photos": [{"key": f"p{i}", "file": f"p{i}.jpg"} for i in range(3)],
           "annotations": [{"key": f"n{i}", "photo": f"p{i % 3}", "text": "9M55K",
                            "shape": {"type": "point", "x": 1, "y": 1}} for i in range(7)],
           "links": [{"from": f"n{i}", "to": "c1", "stance": "supports"} for i in range(7)]}
    for i in range(3):
        write(tmp_path / "doc" / f"p{i}.jpg", jpeg_bytes(seed=i))
    (tmp_path / "doc" / "case.json").write_text(json.dumps(doc), encoding="utf-8")
    load_case(new_case, tmp_path / "doc" / "case.json")
    with new_case.read_session() as s:
        events = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    actions = [e.action for e in events]
    assert actions.count("photo.import") == 3
    assert actions.count("annotation.create") == 7 and actions.count("link.create") == 7
    labels = [e.state[0]["label"] for e in events if e.action == "annotation.create"]
    assert labels == [f"A{i}" for i in range(1, 8)]
    assert all(len(e.state) == 1 for e in events
               if e.action in ("annotation.create", "link.create", "photo.import"))
    assert verify_case(new_case).ok
