"""The Claims and Sources views read a case just opened in a worker, as the Evidence view
does: nothing is read on the GUI thread when the case is set, the rows arrive from the
worker, and an edit made meanwhile is not overwritten by the older read."""

from __future__ import annotations

import pytest

from desktop.core.ops.investigation_commands import CreateActor, CreateClaim, CreateSource
from desktop.qt.panels.claims_panel import ClaimsPanel
from desktop.qt.panels.sources_panel import SourcesPanel
from desktop.qt.undo import push_command
from tests.qt.panels_helpers import panel_ctx  # noqa: F401


@pytest.fixture
def filled(panel_ctx):  # noqa: F811
    actor = CreateActor(name="ANAMA", kind="agency", affiliation="Azerbaijan")
    push_command(panel_ctx, actor)
    for title in ("Fragments found in Shusha", "A second report"):
        source = CreateSource(title=title, publisher="Wire")
        push_command(panel_ctx, source)
    for statement in ("Iskander missiles were used.", "Cluster munitions were used."):
        push_command(panel_ctx, CreateClaim(statement=statement, actor_id=actor.created_id,
                                            source_id=source.created_id))
    panel_ctx.undo_stack.clear()
    return panel_ctx


def _claims(panel: ClaimsPanel) -> list[str]:
    return [panel.model.index(r, 1).data() for r in range(panel.model.rowCount())]


def _sources(panel: SourcesPanel) -> list[str]:
    return [panel.list.item(r).text() for r in range(panel.list.count())]


@pytest.mark.parametrize("kind", ["claims", "sources"])
def test_a_case_opened_is_read_in_a_worker(qtbot, filled, kind) -> None:
    panel = ClaimsPanel(filled) if kind == "claims" else SourcesPanel(filled)
    qtbot.addWidget(panel)
    panel.show()
    rows = _claims if kind == "claims" else _sources
    at_once = rows(panel)  # read at once when the panel is made (and after an edit)
    assert len(at_once) == 2
    filled.set_case(filled.case)  # as when the window opens the case
    assert panel.opened.loading and rows(panel) == []  # not read on the GUI thread
    qtbot.waitUntil(lambda: not panel.opened.loading, timeout=10000)
    assert rows(panel) == at_once


@pytest.mark.parametrize("kind", ["claims", "sources"])
def test_an_edit_while_the_case_is_read_is_not_overwritten_by_the_older_read(
        qtbot, filled, kind) -> None:
    panel = ClaimsPanel(filled) if kind == "claims" else SourcesPanel(filled)
    qtbot.addWidget(panel)
    rows = _claims if kind == "claims" else _sources
    filled.set_case(filled.case)
    assert panel.opened.loading
    push_command(filled, CreateClaim(statement="A third claim, made meanwhile.")
                 if kind == "claims" else CreateSource(title="A third source"))
    assert not panel.opened.loading and len(rows(panel)) == 3  # re-read at once
    assert panel.opened.jobs.wait()
    qtbot.wait(50)  # the worker's (stale) result has been delivered and dropped
    assert len(rows(panel)) == 3
