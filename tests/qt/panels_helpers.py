"""Fixtures for the investigation panel tests (import them into a test module by name).

Each test gets a real case on disk, a real ``AppContext`` with its own bus and undo stack,
and no main window: the panels are exercised alone, as the main window would embed them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack

from desktop.core.casefile import CaseFile
from desktop.qt.bus import EventBus
from desktop.qt.context import AppContext

ROOT = Path(__file__).resolve().parents[2]
SEED_ARTICLE = ROOT.parent / "shared" / "seed" / "000_80bccaffba1ce918.txt"


@pytest.fixture
def panel_ctx(qtbot, new_case: CaseFile) -> Iterator[AppContext]:
    """An ``AppContext`` with the fresh test case open."""
    ctx = AppContext(bus=EventBus(), undo_stack=QUndoStack())
    ctx.case = new_case
    yield ctx
    ctx.undo_stack.clear()
    ctx.case = None  # new_case closes the case itself


def read(ctx: AppContext, query, *args):  # type: ignore[no-untyped-def]
    """Run a core query in a short read session."""
    assert ctx.case is not None
    with ctx.case.read_session() as session:
        return query(session, *args)


def seed_article() -> str:
    """The seed news article's text (skips with a reason when shared/ is absent)."""
    if not SEED_ARTICLE.is_file():
        pytest.skip("the shared seed article (../shared/seed) is not present")
    return SEED_ARTICLE.read_text(encoding="utf-8")
