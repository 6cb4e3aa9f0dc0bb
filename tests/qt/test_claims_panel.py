"""The Claims panel and the actors dialog: list, edit, refuse bad input, undo."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop.core.ops.investigation_commands import CreateActor, CreateClaim, CreateSource
from desktop.core.queries.investigation import get_claim, list_actors, list_claims
from desktop.qt.dialogs.actors_dialog import ActorsDialog
from desktop.qt.panels.claims_panel import ClaimsPanel
from desktop.qt.undo import push_command
from tests.qt.conftest import pick
from tests.qt.panels_helpers import panel_ctx, read  # noqa: F401


@pytest.fixture
def panel(qtbot, panel_ctx):  # noqa: F811
    widget = ClaimsPanel(panel_ctx)
    qtbot.addWidget(widget)
    widget.resize(640, 600)
    widget.show()
    return widget


@pytest.fixture
def filled(panel_ctx):  # noqa: F811
    anama = CreateActor(name="ANAMA", kind="agency", affiliation="Azerbaijan")
    mod = CreateActor(name="Ministry of Defence", kind="ministry", affiliation="Russia")
    source = CreateSource(title="Fragments of two missiles found in Shusha", publisher="Wire",
                          language="fr", published_on="2021-03-16")
    for command in (anama, mod, source):
        push_command(panel_ctx, command)
    claim = CreateClaim(statement="Armenia used Iskander missiles against Shusha.",
                        actor_id=anama.created_id, source_id=source.created_id,
                        claimed_on="2021-03-15", about_when="2020-23")
    push_command(panel_ctx, claim)
    panel_ctx.undo_stack.clear()
    return {"anama": anama.created_id, "mod": mod.created_id, "claim": claim.created_id}


def test_lists_claims_with_actor_status_and_dates(qtbot, panel, filled) -> None:
    assert panel.model.rowCount() == 1
    cells = [panel.model.index(0, c).data() for c in range(panel.model.columnCount())]
    assert cells[:6] == ["C1", "Armenia used Iskander missiles against Shusha.", "ANAMA",
                         "Unverified", "2021-03-15", "autumn 2020"]  # EDTF in words
    assert panel.empty_hint.isHidden()


def test_selecting_a_row_announces_the_claim_and_loads_the_editor(qtbot, panel, panel_ctx,  # noqa: F811
                                                                  filled) -> None:
    seen: list[int] = []
    panel_ctx.bus.claim_selected.connect(seen.append)
    panel.table.selectRow(0)
    assert seen == [filled["claim"]]
    assert panel.statement.toPlainText() == "Armenia used Iskander missiles against Shusha."
    assert panel.actor.currentData() == filled["anama"]
    assert panel.about_when.text() == "2020-23"
    assert panel.label_text.text() == "C1"
    assert panel.source.currentText().startswith("S1  Fragments of two missiles")


def test_edits_are_undoable_one_field_at_a_time(qtbot, panel, panel_ctx, filled) -> None:  # noqa: F811
    panel.select_claim(filled["claim"])
    pick(qtbot, panel.status, "disputed")
    pick(qtbot, panel.actor, filled["mod"])
    panel.about_when.setFocus()
    panel.about_when.selectAll()
    qtbot.keyClicks(panel.about_when, "2020-09-27/2020-11-10")
    qtbot.keyClick(panel.about_when, Qt.Key.Key_Return)
    claim = read(panel_ctx, get_claim, filled["claim"])
    assert (claim.status, claim.actor_name, claim.about_when) == (
        "disputed", "Ministry of Defence", "2020-09-27/2020-11-10")
    assert panel_ctx.undo_stack.count() == 3
    assert panel.model.index(0, 3).data() == "Disputed"

    panel_ctx.undo_stack.undo()
    panel_ctx.undo_stack.undo()
    claim = read(panel_ctx, get_claim, filled["claim"])
    assert (claim.status, claim.actor_name, claim.about_when) == ("disputed", "ANAMA", "2020-23")
    assert panel.actor.currentData() == filled["anama"]  # the editor follows the undo


def test_bad_edtf_and_date_are_refused_with_a_sentence(qtbot, panel, panel_ctx, filled) -> None:  # noqa: F811
    panel.select_claim(filled["claim"])
    panel.about_when.setText("autumn-ish")
    panel.about_when.commit()
    assert not panel.error.isHidden()
    assert panel.error.text().endswith(".")
    assert read(panel_ctx, get_claim, filled["claim"]).about_when == "2020-23"
    assert panel.about_when.text() == "2020-23"  # the stored value is shown again
    panel.claimed_on.setText("15/03/2021")
    panel.claimed_on.commit()
    assert read(panel_ctx, get_claim, filled["claim"]).claimed_on == dt.date(2021, 3, 15)
    assert panel_ctx.undo_stack.count() == 0


def test_new_and_delete_claim(qtbot, panel, panel_ctx, filled) -> None:  # noqa: F811
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert len(read(panel_ctx, list_claims)) == 2
    new = panel.current_claim()
    assert new is not None and new.statement == "New claim"
    panel.statement.selectAll()
    qtbot.keyClicks(panel.statement, "Armenia did not use its Iskanders.")
    panel.statement.commit()
    assert read(panel_ctx, get_claim, new.id).statement == "Armenia did not use its Iskanders."
    assert new.label == "C2" and panel.label_text.text() == "C2"
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert [c.id for c in read(panel_ctx, list_claims)] == [filled["claim"]]
    panel_ctx.undo_stack.undo()
    assert len(read(panel_ctx, list_claims)) == 2
    # the restored claim has its label back; a claim made after a delete gets a new one
    labels = [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())]
    assert sorted(labels) == ["C1", "C2"]
    panel_ctx.undo_stack.redo()
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert panel.current_claim().label == "C3"
    assert panel.label_text.text() == "C3"


def test_claim_selected_elsewhere_is_selected_here(qtbot, panel, panel_ctx, filled) -> None:  # noqa: F811
    panel_ctx.bus.claim_selected.emit(filled["claim"])
    assert panel.current_claim() is not None
    assert panel.table.selectionModel().isRowSelected(0)


def test_actors_dialog_adds_renames_and_deletes(qtbot, panel_ctx, filled) -> None:  # noqa: F811
    dialog = ActorsDialog(panel_ctx)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    dialog.name.setText("Nikol Pashinyan")
    dialog.name.commit()
    pick(qtbot, dialog.kind, "official")
    names = {a.name: a.kind for a in read(panel_ctx, list_actors)}
    assert names["Nikol Pashinyan"] == "official"
    dialog.name.setText("   ")
    dialog.name.commit()
    assert not dialog.error.isHidden()  # an empty name is refused
    assert "Nikol Pashinyan" in {a.name for a in read(panel_ctx, list_actors)}
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert len(read(panel_ctx, list_actors)) == 2
    panel_ctx.undo_stack.undo()
    assert len(read(panel_ctx, list_actors)) == 3


def test_wide_short_dock_puts_the_editor_beside_the_table(qtbot, panel, filled) -> None:
    panel.resize(1100, 300)
    qtbot.wait(10)
    assert panel.splitter.orientation() == Qt.Orientation.Horizontal
    assert panel.table.width() > panel.editor.width()
    panel.resize(500, 800)
    qtbot.wait(10)
    assert panel.splitter.orientation() == Qt.Orientation.Vertical


def test_relate_two_claims_as_contradicting(qtbot, panel, panel_ctx, filled, monkeypatch) -> None:  # noqa: F811
    from desktop.core.queries.evidence import evidence_matrix
    from desktop.qt.dialogs.relate_claim_dialog import RelateClaimDialog

    denial = CreateClaim(statement="All Iskanders stayed in storage.", actor_id=filled["mod"])
    push_command(panel_ctx, denial)
    panel.select_claim(denial.created_id)
    assert panel.relate_button.isEnabled()

    def fake_exec(dialog: RelateClaimDialog) -> int:
        assert dialog.claims.count() == 1  # the claim itself is not offered
        dialog.select_claim(filled["claim"])
        dialog.rationale.setPlainText("Storage means no launch.")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(RelateClaimDialog, "exec", fake_exec)
    qtbot.mouseClick(panel.relate_button, Qt.MouseButton.LeftButton)
    (row,) = read(panel_ctx, evidence_matrix, [filled["claim"]])
    (related,) = row.contradicting_claims
    assert related.claim_id == denial.created_id and related.note == "Storage means no launch."
    panel_ctx.undo_stack.undo()
    (row,) = read(panel_ctx, evidence_matrix, [filled["claim"]])
    assert row.contradicting_claims == ()

    dialog = RelateClaimDialog(panel_ctx, denial.created_id)
    qtbot.addWidget(dialog)
    dialog.select_claim(filled["claim"])
    dialog.accept()
    again = RelateClaimDialog(panel_ctx, filled["claim"])  # the other direction
    qtbot.addWidget(again)
    again.select_claim(denial.created_id)
    again.accept()
    assert again.result() != again.DialogCode.Accepted
    assert not again.error.isHidden()


def test_editor_lists_relations_from_both_sides(qtbot, panel, panel_ctx, filled) -> None:  # noqa: F811
    from desktop.core.changes import Ref
    from desktop.core.ops.investigation_commands import CreateLink

    denial = CreateClaim(statement="All Iskanders stayed in storage.", actor_id=filled["mod"])
    push_command(panel_ctx, denial)
    panel.select_claim(filled["claim"])
    assert panel.relations.text() == "none"
    push_command(panel_ctx, CreateLink(from_ref=Ref("claim", denial.created_id),
                                       to_ref=Ref("claim", filled["claim"]),
                                       stance="contradicts"))
    assert panel.relations.text() == "C2 (Ministry of Defence) contradicts this claim"
    panel.select_claim(denial.created_id)
    assert panel.relations.text() == "This claim contradicts C1 (ANAMA)"
    panel.grab().save("/tmp/defects-shot-claims.png")
    panel_ctx.undo_stack.undo()
    assert panel.relations.text() == "none"
