"""Sources, actors and claims: validation, auditing, deletion with references."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.core.casefile import CaseFile
from desktop.core.changes import Ref
from desktop.core.errors import UserError, ValidationError
from desktop.core.ops.actors import create_actor, delete_actor, restore_actor, update_actor
from desktop.core.ops.claims import create_claim, delete_claim, restore_claim, update_claim
from desktop.core.ops.sources import (
    attach_source_file,
    create_source,
    delete_source,
    restore_source,
    update_source,
)
from desktop.core.store import sha256_file
from tests.unit.investigation_fixtures import audit_count, case_state, last_audit

HOSTILE = "<b>bold</b> & &amp; \u202eRTL\u202c שלום Շուշի Шуша Şuşa 9М723"


def test_claim_with_actor_and_source(new_case: CaseFile) -> None:
    actor, _ = create_actor(new_case, name="ANAMA", kind="agency",
                            affiliation="Republic of Azerbaijan")
    source, _ = create_source(new_case, title="Article", publisher="A paper", language="fr",
                              published_on="2021-03-19", url="https://example.org/a")
    claim, changes = create_claim(new_case, statement=HOSTILE, actor_id=actor,
                                  source_id=source, claimed_on="2021-03-19",
                                  about_when="2020-23", status="disputed", note="n")
    assert changes.created == {Ref("claim", claim)}
    state = case_state(new_case)
    row = state["claim"][0]
    assert row["statement"] == HOSTILE
    assert row["claimed_on"] == date(2021, 3, 19) and row["about_when"] == "2020-23"
    assert state["source"][0]["published_on"] == date(2021, 3, 19)
    event = last_audit(new_case)
    assert event.action == "claim.create" and event.details["after"]["statement"] == HOSTILE


def test_a_ten_megabyte_statement_is_stored_exactly(new_case: CaseFile) -> None:
    statement = ("Շուշի & <i>x</i> " * 700_000)[:10_000_000]
    claim, _ = create_claim(new_case, statement=statement)
    assert case_state(new_case)["claim"][0]["statement"] == statement
    assert claim


@pytest.mark.parametrize(("fields", "message"), [
    ({"statement": "  "}, "statement: must not be empty"),
    ({"statement": "x", "status": "true"}, "status: unknown value 'true'"),
    ({"statement": "x", "actor_id": 99}, "actor_id: there is no actor with id 99"),
    ({"statement": "x", "source_id": 99}, "source_id: there is no source with id 99"),
    ({"statement": "x", "claimed_on": "19/03/2021"}, "claimed_on: expected a date"),
    ({"statement": "x", "about_when": "autumn"}, "about_when: 'autumn' is not an EDTF date"),
    ({"statement": "x\x00y"}, "NUL"),
])
def test_bad_claims_change_nothing(new_case: CaseFile, fields: dict, message: str) -> None:
    state, events = case_state(new_case), audit_count(new_case)
    with pytest.raises(ValidationError, match=message):
        create_claim(new_case, **fields)
    assert case_state(new_case) == state and audit_count(new_case) == events


def test_update_claim_and_refusals(new_case: CaseFile) -> None:
    claim, _ = create_claim(new_case, statement="x")
    changes = update_claim(new_case, claim_id=claim, status="refuted", about_when="2020-11-10")
    assert changes.updated == {Ref("claim", claim)}
    assert last_audit(new_case).details == {
        "label": "C1", "before": {"status": "unverified", "about_when": ""},
        "after": {"status": "refuted", "about_when": "2020-11-10"}}
    with pytest.raises(UserError, match="cannot edit uid"):
        update_claim(new_case, claim_id=claim, uid="x")
    with pytest.raises(UserError, match="no claim with id 5"):
        update_claim(new_case, claim_id=5, note="x")


def test_deleting_an_actor_keeps_claims_and_restore_reattaches(new_case: CaseFile) -> None:
    actor, _ = create_actor(new_case, name="Ministry of Defence of Russia", kind="ministry")
    c1, _ = create_claim(new_case, statement="a", actor_id=actor)
    c2, _ = create_claim(new_case, statement="b", actor_id=actor)
    before = case_state(new_case)
    snapshot, changes = delete_actor(new_case, actor_id=actor)
    assert changes.deleted == {Ref("actor", actor)}
    assert changes.updated == {Ref("claim", c1), Ref("claim", c2)}
    assert [c["actor_id"] for c in case_state(new_case)["claim"]] == [None, None]
    restore_actor(new_case, snapshot=snapshot)
    assert case_state(new_case) == before
    update_actor(new_case, actor_id=actor, affiliation="Russia")
    with pytest.raises(ValidationError, match="kind: unknown value 'army'"):
        update_actor(new_case, actor_id=actor, kind="army")


def test_source_with_attached_file(new_case: CaseFile, tmp_path: Path) -> None:
    attachment = tmp_path / "Statement.PDF"
    attachment.write_bytes(b"%PDF-1.4 fake but real bytes\n")
    sha = sha256_file(attachment)
    source, _ = create_source(new_case, title="Statement", file=attachment)
    row = case_state(new_case)["source"][0]
    assert (row["file_sha256"], row["file_name"], row["file_ext"]) == (sha, "Statement.PDF",
                                                                      "pdf")
    stored = new_case.originals.path_for(sha, "pdf")
    assert stored.read_bytes() == attachment.read_bytes()
    other = tmp_path / "page.html"
    other.write_text("<html>Շուշի</html>", encoding="utf-8")
    attach_source_file(new_case, source_id=source, path=other)
    assert case_state(new_case)["source"][0]["file_ext"] == "html"
    assert stored.is_file()  # the earlier original stays in the store
    with pytest.raises(UserError, match="not in the case store"):
        update_source(new_case, source_id=source, file_sha256="0" * 64, file_ext="pdf")
    with pytest.raises(UserError, match="is not a file"):
        create_source(new_case, title="x", file=tmp_path / "missing.pdf")


@pytest.mark.parametrize(("fields", "message"), [
    ({"title": ""}, "title: must not be empty"),
    ({"title": "x", "language": "French"}, "language: 'French' is not a language tag"),
    ({"title": "x", "url": "http://a b"}, "url: a URL cannot contain spaces"),
    ({"title": "x", "retrieved_on": "yesterday"}, "retrieved_on: expected a date"),
])
def test_bad_sources(new_case: CaseFile, fields: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        create_source(new_case, **fields)
    assert case_state(new_case)["source"] == []


def test_delete_source_and_claim_restore(new_case: CaseFile) -> None:
    source, _ = create_source(new_case, title="s")
    claim, _ = create_claim(new_case, statement="x", source_id=source)
    before = case_state(new_case)
    snap_s, _ = delete_source(new_case, source_id=source)
    snap_c, _ = delete_claim(new_case, claim_id=claim)
    assert case_state(new_case)["claim"] == []
    restore_claim(new_case, snapshot=snap_c)
    restore_source(new_case, snapshot=snap_s)
    assert case_state(new_case) == before
