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
from tests.conftest import ARTICLE


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
    """The test text with the Shusha coordinates and marking (tests/data/text)."""
    return ARTICLE.read_text(encoding="utf-8")


def add_annotated_photo(ctx: AppContext, folder: Path, transcription: str = "9М723",
                        name: str = "fragment.jpg") -> tuple[int, int]:
    """Import a small real JPEG and draw one index-code annotation on it.

    Returns ``(photo_id, annotation_id)``. The photo goes through the real import; the
    annotation through the real core verb.
    """
    from PIL import Image, ImageDraw

    from desktop.core.ingest import import_paths
    from desktop.core.ops.annotations import create_annotation

    assert ctx.case is not None
    folder.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (320, 200), (92, 96, 70))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 60, 280, 140), fill=(120, 118, 90))
    draw.text((70, 90), transcription, fill=(235, 235, 225))
    path = folder / name
    image.save(path, quality=90)
    report = import_paths(ctx.case, [path])
    (result,) = report.results
    assert result.photo_id is not None, result.reason
    annotation_id, _ = create_annotation(
        ctx.case, photo_id=result.photo_id, shape_type="rect",
        geometry={"x": 40, "y": 60, "w": 240, "h": 80}, kind="index_code",
        transcription=transcription, confidence="confirmed",
    )
    return result.photo_id, annotation_id
