"""A window on a team case shows another investigator's change within seconds."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack

from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes
from desktop.core.ops.claims import create_claim, update_claim
from desktop.qt.bus import EventBus
from desktop.qt.context import AppContext
from desktop.qt.team_watch import TeamWatcher
from tests.unit.test_postgres import pg_url  # noqa: F401  (the team-case fixture)

pytestmark = pytest.mark.postgres


def test_another_investigators_edit_is_announced(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                 pg_url: str) -> None:  # noqa: F811
    ctx = AppContext(bus=EventBus(), undo_stack=QUndoStack())
    watcher = TeamWatcher(ctx.bus)
    watcher.timer.setInterval(50)
    with CaseFile.create(tmp_path / "Team", title="t", investigator="Ana",
                         database_url=pg_url) as ana:
        claim_id, _ = create_claim(ana, statement="Iskanders were used")
        ctx.set_case(ana)
        assert watcher.timer.isActive()
        seen: list[Changes] = []
        ctx.bus.changes_applied.connect(seen.append)
        with CaseFile.open(tmp_path / "Team.fragment", investigator="Boris") as boris:
            update_claim(boris, claim_id=claim_id, status="refuted")
        qtbot.waitUntil(lambda: any(c.touches("claim") for c in seen), timeout=10000)
        assert any(ref.id == claim_id for c in seen for ref in c.refs)
        count = len(seen)
        qtbot.wait(300)
        assert len(seen) == count  # announced once, not at every tick
        ctx.set_case(None)
    assert not watcher.timer.isActive()


def test_a_local_case_is_not_polled(qtbot, new_case: CaseFile) -> None:  # type: ignore[no-untyped-def]
    ctx = AppContext(bus=EventBus(), undo_stack=QUndoStack())
    watcher = TeamWatcher(ctx.bus)
    ctx.set_case(new_case)
    assert not watcher.timer.isActive()
    ctx.case = None
