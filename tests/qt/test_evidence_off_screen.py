"""The Evidence view behind another tab reads nothing until it comes forward (the window's
own wiring, and a big case, are in ``test_bigcase.py``)."""

from __future__ import annotations

import pytest

from desktop.core.changes import Ref
from desktop.core.ops.investigation_commands import CreateClaim, CreateLink
from desktop.qt.panels.evidence_panel import EvidencePanel
from desktop.qt.undo import push_command
from tests.qt.panels_helpers import add_annotated_photo, panel_ctx  # noqa: F401


@pytest.fixture
def claim_with_evidence(panel_ctx, tmp_path):  # noqa: F811
    _photo, annotation = add_annotated_photo(panel_ctx, tmp_path / "in")
    claim = CreateClaim(statement="Iskander missiles were used against Shusha.")
    push_command(panel_ctx, claim)
    push_command(panel_ctx, CreateLink(from_ref=Ref("annotation", annotation),
                                       to_ref=Ref("claim", claim.created_id),
                                       stance="supports", note="9M723 is Iskander-M"))
    panel_ctx.undo_stack.clear()
    return claim.created_id


@pytest.fixture
def panel(qtbot, panel_ctx):  # noqa: F811
    widget = EvidencePanel(panel_ctx)
    qtbot.addWidget(widget)
    widget.resize(900, 640)
    widget.show()
    yield widget
    qtbot.waitUntil(lambda: widget.images_pending() == 0, timeout=10000)


def _claim_texts(panel: EvidencePanel) -> list[str]:
    return [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]


def test_a_case_opened_behind_another_tab_is_read_when_the_tab_comes_forward(
        qtbot, panel, panel_ctx, claim_with_evidence) -> None:  # noqa: F811
    assert len(_claim_texts(panel)) == 1  # on screen: read when the claim was linked
    qtbot.waitUntil(lambda: panel.images_pending() == 0, timeout=10000)
    panel.set_on_screen(False)
    panel_ctx.set_case(panel_ctx.case)  # as when the window opens the case
    assert not panel.loading and panel.jobs.running == 0  # nothing read for nobody
    assert panel.tree.topLevelItemCount() == 0  # and no lines left from before

    panel.set_on_screen(True)
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() == 1 and not panel.loading,
                    timeout=10000)
    assert "Iskander" in _claim_texts(panel)[0]
    assert panel.summary.text() == "1 claims, 1 links shown"


def test_an_edit_made_while_the_tab_is_behind_shows_when_it_comes_back(
        qtbot, panel, panel_ctx, claim_with_evidence) -> None:  # noqa: F811
    panel.set_on_screen(False)
    push_command(panel_ctx, CreateClaim(statement="The strike came from the north."))
    assert len(_claim_texts(panel)) == 1  # not re-read off screen

    panel.set_on_screen(True)
    qtbot.waitUntil(lambda: len(_claim_texts(panel)) == 2 and not panel.loading,
                    timeout=10000)
    assert any("from the north" in text for text in _claim_texts(panel))


def test_a_tab_that_goes_behind_during_a_read_shows_it_when_it_comes_back(
        qtbot, panel, panel_ctx, claim_with_evidence) -> None:  # noqa: F811
    panel_ctx.set_case(panel_ctx.case)
    assert panel.loading
    panel.set_on_screen(False)
    push_command(panel_ctx, CreateClaim(statement="A second claim, made meanwhile."))
    panel.set_on_screen(True)
    qtbot.waitUntil(lambda: not panel.loading and panel.jobs.running == 0, timeout=10000)
    qtbot.wait(50)  # any older read delivered meanwhile has been dropped
    assert len(_claim_texts(panel)) == 2
