"""Linking an annotation to a claim with a stance and rationale, through the undo stack."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.core.ops.investigation_commands import CreateActor, CreateClaim
from desktop.core.queries.investigation import get_claim, links_of_annotation
from desktop.qt.dialogs.link_claim_dialog import LinkClaimDialog
from desktop.qt.undo import push_command
from tests.qt.panels_helpers import add_annotated_photo, panel_ctx, read  # noqa: F401


@pytest.fixture
def scene(panel_ctx, tmp_path):  # noqa: F811
    photo_id, annotation_id = add_annotated_photo(panel_ctx, tmp_path / "in")
    actor = CreateActor(name="ANAMA", kind="agency", affiliation="Azerbaijan")
    push_command(panel_ctx, actor)
    supported = CreateClaim(statement="Armenia used Iskander missiles against Shusha.",
                            actor_id=actor.created_id, about_when="2020-09-27/2020-11-10")
    denied = CreateClaim(statement="Armenia did not use its Iskanders in the conflict.")
    push_command(panel_ctx, supported)
    push_command(panel_ctx, denied)
    panel_ctx.undo_stack.clear()
    return {"annotation": annotation_id, "photo": photo_id,
            "supported": supported.created_id, "denied": denied.created_id}


def _ok(dialog: LinkClaimDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_link_with_stance_then_undo_and_redo(qtbot, panel_ctx, scene) -> None:  # noqa: F811
    dialog = LinkClaimDialog(panel_ctx, scene["annotation"])
    qtbot.addWidget(dialog)
    assert "“9М723” (index code)" in dialog.header.text()
    assert "fragment.jpg" in dialog.header.text()
    assert not _ok(dialog).isEnabled()  # no claim chosen yet
    dialog.select_claim(scene["supported"])
    qtbot.mouseClick(dialog.stance_buttons["supports"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.rationale, "Index code 9M723 is the Iskander-M missile.")
    assert _ok(dialog).isEnabled()
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted

    (link,) = read(panel_ctx, links_of_annotation, scene["annotation"])
    assert (link.to_ref.kind, link.to_ref.id) == ("claim", scene["supported"])
    assert link.stance == "supports"
    assert link.note == "Index code 9M723 is the Iskander-M missile."
    assert read(panel_ctx, get_claim, scene["supported"]).supporting == 1
    assert panel_ctx.undo_stack.undoText() == "Link annotation to claim"

    panel_ctx.undo_stack.undo()
    assert read(panel_ctx, links_of_annotation, scene["annotation"]) == []
    assert read(panel_ctx, get_claim, scene["supported"]).supporting == 0
    panel_ctx.undo_stack.redo()
    (again,) = read(panel_ctx, links_of_annotation, scene["annotation"])
    assert (again.stance, again.note) == ("supports", link.note)


def test_contradicting_stance_and_duplicate_refused_in_place(qtbot, panel_ctx, scene) -> None:  # noqa: F811
    first = LinkClaimDialog(panel_ctx, scene["annotation"], claim_id=scene["denied"])
    qtbot.addWidget(first)
    first.set_stance("contradicts")
    first.accept()
    assert first.result() == first.DialogCode.Accepted
    (link,) = read(panel_ctx, links_of_annotation, scene["annotation"])
    assert link.stance == "contradicts"

    second = LinkClaimDialog(panel_ctx, scene["annotation"], claim_id=scene["denied"])
    qtbot.addWidget(second)
    item = second.claims.currentItem()
    assert "already linked" in item.text()
    second.set_stance("supports")
    second.accept()  # the core refuses a second link between the same two objects
    assert second.result() != second.DialogCode.Accepted
    assert not second.error.isHidden()
    assert second.error.text().endswith(".") and "\n" not in second.error.text()
    assert len(read(panel_ctx, links_of_annotation, scene["annotation"])) == 1
    assert panel_ctx.undo_stack.count() == 1  # the refused step left the stack


def test_filter_hides_other_claims(qtbot, panel_ctx, scene) -> None:  # noqa: F811
    dialog = LinkClaimDialog(panel_ctx, scene["annotation"])
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.filter, "did not")
    visible = [dialog.claims.item(i).text() for i in range(dialog.claims.count())
               if not dialog.claims.item(i).isHidden()]
    assert len(visible) == 1 and visible[0].startswith("C2  Armenia did not")
