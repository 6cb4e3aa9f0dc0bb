"""The window with the demo case, saved as a PNG (and as docs/screenshot.png on request).

Run with FRAGMENT_UPDATE_SCREENSHOT=1 to refresh the screenshot shown in the docs.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from PySide6.QtGui import QImage

from desktop.qt.actions import ActionId
from desktop.qt.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def _show_demo(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: win.canvas.photo is not None, timeout=20000)
    qtbot.waitUntil(win.canvas.is_sharp, timeout=20000)
    first = win.canvas.annotations[0]
    win.ctx.bus.annotation_selected.emit(first.id)


def test_demo_case_screenshot(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.demo import build_demo_case

    case = build_demo_case(tmp_path / "Shusha-demo")
    win = MainWindow.create()
    qtbot.addWidget(win)
    win.resize(1440, 900)
    win.show()
    try:
        win._set_case(case)
        _show_demo(qtbot, win)
        assert win.browser.model.rowCount() >= 2
        assert len(win.canvas.annotations) >= 2
        assert win.annotation_list.list.count() == len(win.canvas.annotations)
        assert win.inspector.transcription.text()
        assert win.inspector.match_label.text() not in ("", "No catalog match.")
        qtbot.wait(200)
        shot = tmp_path / "window.png"
        assert win.grab().save(str(shot))
        image = QImage(str(shot))
        assert image.width() >= 1440 and image.height() >= 900
        sampled = {image.pixel(x, y) for x in range(0, image.width(), 37)
                   for y in range(0, image.height(), 41)}
        assert len(sampled) > 200  # a real picture, not an empty grey window
        if os.environ.get("FRAGMENT_UPDATE_SCREENSHOT") == "1":
            shutil.copyfile(shot, ROOT / "docs" / "screenshot.png")
    finally:
        win.jobs.cancel_all()
        win.jobs.wait()
        win.close_case()


def test_create_demo_case_from_the_menu(qtbot, tmp_path, file_dialogs) -> None:  # type: ignore[no-untyped-def]
    win = MainWindow.create()
    qtbot.addWidget(win)
    win.show()
    file_dialogs["save"] = tmp_path / "Demo"
    with qtbot.waitSignal(win.ctx.bus.case_changed, timeout=60000):
        win.registry[ActionId.OPEN_DEMO].trigger()
    try:
        assert win.ctx.case is not None and win.ctx.case.root == tmp_path / "Demo.fragment"
        assert "Shusha missile debris" in win.windowTitle()
        _show_demo(qtbot, win)
    finally:
        win.jobs.wait()
        win.close_case()


def test_suggest_reading_offers_ocr_candidates(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from desktop.core.ocr import ocr_available
    from desktop.core.queries.investigation import get_annotation
    from desktop.qt.panels.reading_suggestions import ReadingSuggester

    if not ocr_available():
        pytest.skip("the optional OCR extra (rapidocr) is not installed")
    from desktop.core.demo import build_demo_case

    win = MainWindow.create()
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    win._set_case(build_demo_case(tmp_path / "Ocr"))
    try:
        qtbot.waitUntil(lambda: win.canvas.photo is not None, timeout=20000)
        lot = next(a for a in win.canvas.annotations if a.kind == "lot_number")
        win.ctx.bus.annotation_selected.emit(lot.id)
        suggester: ReadingSuggester = win.inspector.suggester
        assert suggester.button.isEnabled()
        win.registry[ActionId.SUGGEST_READING].trigger()
        qtbot.waitUntil(lambda: suggester.candidates.count() > 0, timeout=120000)
        buttons = [suggester.candidates.itemAt(i).widget()
                   for i in range(suggester.candidates.count())]
        assert suggester.status.text().startswith(f"OCR read this text in {lot.label};")
        chosen = next(b for b in buttons if "00317" in b.text())
        assert chosen.toolTip() == f"Use “{chosen.text()}” as the reading of {lot.label}"
        chosen.click()
        with win.ctx.case.read_session() as session:
            assert get_annotation(session, lot.id).transcription == chosen.text()
        win.registry[ActionId.UNDO].trigger()
        with win.ctx.case.read_session() as session:
            assert get_annotation(session, lot.id).transcription == lot.transcription
    finally:
        win.jobs.wait()
        win.close_case()
