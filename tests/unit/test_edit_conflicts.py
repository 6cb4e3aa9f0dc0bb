"""Undo and redo never overwrite someone else's later change: they are refused, named."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.casefile import CaseFile
from desktop.core.ops.claims import create_claim, update_claim
from desktop.core.ops.investigation_commands import CreateClaim, EditClaim
from desktop.core.ops.undoable import ConflictError
from tests.unit.investigation_fixtures import audit_count, case_state
from tests.unit.test_postgres import pg_url  # noqa: F401  (the team-case fixture)


def test_undo_after_someone_else_edited_is_refused(new_case: CaseFile) -> None:
    claim_id, _ = create_claim(new_case, statement="Iskanders were used")
    edit = EditClaim(claim_id, {"statement": "Two Iskanders were used"})
    edit.redo(new_case)
    update_claim(new_case, claim_id=claim_id, note="Checked by a colleague")  # not ours
    before, events = case_state(new_case), audit_count(new_case)
    with pytest.raises(ConflictError, match=r"claim C1 was changed by Tester at .* UTC \(note\) "
                                            r"after this step; undoing this edit would "
                                            r"overwrite"):
        edit.undo(new_case)
    assert case_state(new_case) == before and audit_count(new_case) == events


def test_undo_and_redo_of_our_own_steps_still_work(new_case: CaseFile) -> None:
    create = CreateClaim(statement="First")
    create.redo(new_case)
    edit = EditClaim(create.created_id, {"statement": "Second"})  # type: ignore[arg-type]
    edit.redo(new_case)
    edit.undo(new_case)
    create.undo(new_case)
    create.redo(new_case)
    edit.redo(new_case)
    assert case_state(new_case)["claim"][0]["statement"] == "Second"


def test_undoing_a_creation_that_someone_then_edited_is_refused(new_case: CaseFile) -> None:
    create = CreateClaim(statement="Made by me")
    create.redo(new_case)
    update_claim(new_case, claim_id=create.created_id, status="disputed")
    with pytest.raises(ConflictError, match="undoing its creation would overwrite"):
        create.undo(new_case)
    assert len(case_state(new_case)["claim"]) == 1


@pytest.mark.postgres
def test_two_investigators_on_a_team_case(tmp_path: Path, pg_url: str) -> None:  # noqa: F811
    with CaseFile.create(tmp_path / "Team", title="t", investigator="Ana",
                         database_url=pg_url) as ana, \
            CaseFile.open(tmp_path / "Team.fragment", investigator="Boris") as boris:
        claim_id, _ = create_claim(ana, statement="Iskanders were used")
        mine = EditClaim(claim_id, {"status": "corroborated"})
        mine.redo(ana)
        update_claim(boris, claim_id=claim_id, status="refuted")
        with pytest.raises(ConflictError, match="changed by Boris"):
            mine.undo(ana)
        assert case_state(ana)["claim"][0]["status"].value == "refuted"
