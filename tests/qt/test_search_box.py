"""The search box: Ctrl+F, debounced typing, results from the thread pool, and choosing a
result selects it in the window (photo and annotation, claim, source)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from desktop.core.casefile import CaseFile
from desktop.core.demo import build_demo_case


@pytest.fixture
def demo_window(qtbot, tmp_path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from desktop.qt.main_window import MainWindow

    build_demo_case(tmp_path / "Demo").close()
    case = CaseFile.open(tmp_path / "Demo.fragment", investigator="Tester")
    win = MainWindow.create()
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)
    win._set_case(case)
    qtbot.waitUntil(lambda: not win.browser.loading, timeout=20000)
    yield win
    win.jobs.cancel_all()
    win.jobs.wait()
    win.ctx.set_case(None)


def _results(qtbot, box) -> list[str]:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: box.results.isVisible() and box._pending is None
                    and not box.timer.isActive(), timeout=10000)
    return [box.results.list.item(i).text() for i in range(box.results.list.count())]


def test_ctrl_f_typing_and_enter_select_an_annotation_on_its_photo(
        qtbot, demo_window) -> None:  # type: ignore[no-untyped-def]
    win = demo_window
    box = win.search_box
    qtbot.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert box.field.hasFocus()
    qtbot.keyClicks(box.field, "9M7")  # Latin; the readings are stencilled in Cyrillic
    assert box.timer.isActive()  # debounced: nothing runs while typing
    rows = _results(qtbot, box)
    annotations = [row for row in rows if "annotation" in row]
    assert [row.split()[0] for row in annotations] == ["A1", "A4", "A7"]
    while not box.results.list.currentItem().text().startswith("A4"):
        qtbot.keyClick(box.field, Qt.Key.Key_Down)
    with qtbot.waitSignal(win.ctx.bus.annotation_selected) as selected:
        qtbot.keyClick(box.field, Qt.Key.Key_Return)
    assert not box.results.isVisible()
    a4 = win.ctx.case.read(__import__("desktop.core.queries.search",
                                      fromlist=["search"]).search, "9M723")
    hit = next(h for h in a4 if h.label == "A4")
    assert selected.args == [hit.object_id]
    qtbot.waitUntil(lambda: win.annotation_list.list.currentItem() is not None
                    and win.annotation_list.list.currentItem().text().startswith("A4"),
                    timeout=10000)


def test_choosing_a_claim_or_a_source_selects_it_in_its_panel(
        qtbot, demo_window) -> None:  # type: ignore[no-untyped-def]
    win = demo_window
    box = win.search_box
    box.focus()
    qtbot.keyClicks(box.field, '"did not use Iskander missiles during"')
    rows = _results(qtbot, box)
    assert len(rows) == 1 and rows[0].startswith("C3")
    with qtbot.waitSignal(win.ctx.bus.claim_selected):
        qtbot.keyClick(box.field, Qt.Key.Key_Return)
    box.field.clear()
    qtbot.keyClicks(box.field, "azerbaidjan")  # the source writes Azerbaïdjan
    rows = _results(qtbot, box)
    assert rows[0].startswith("S1")
    item = box.results.list.item(0)
    rect = box.results.list.visualItemRect(item)
    qtbot.mouseClick(box.results.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center())
    sources = win.workspace.panel("sources")
    assert win.workspace.name_at(win.workspace.currentIndex()) == "sources"  # brought forward
    qtbot.waitUntil(lambda: sources.current_source() is not None, timeout=10000)
    assert sources.current_source().label == "S1"


def test_hostile_and_oversized_queries_show_one_sentence(
        qtbot, demo_window) -> None:  # type: ignore[no-untyped-def]
    box = demo_window.search_box
    box.field.setText('NEAR("*" ^ {x} : ) "')
    box.run_query()
    assert _results(qtbot, box) == ["No results."]
    box.field.setText("x" * 10_240)
    box.run_query()
    [row] = _results(qtbot, box)
    assert row.startswith("The search is too long") and row.endswith(".")
    qtbot.keyClick(box.field, Qt.Key.Key_Escape)
    assert not box.results.isVisible()


def test_closing_the_case_empties_and_disables_the_box(
        qtbot, demo_window) -> None:  # type: ignore[no-untyped-def]
    win = demo_window
    win.search_box.focus()
    qtbot.keyClicks(win.search_box.field, "pale")
    _results(qtbot, win.search_box)
    win.jobs.wait()
    win.ctx.set_case(None)
    assert win.search_box.field.text() == "" and not win.search_box.field.isEnabled()
    assert not win.search_box.results.isVisible()
