"""A big case: the statements a panel issues to fill do not grow
with the number of photos and locations (no query per row)."""

from __future__ import annotations

from pathlib import Path

from desktop.core.casefile import CaseFile
from tests.benchmarks.bench_bigcase import build_case, panel_statements


def _statements(tmp_path: Path, photos: int) -> dict[str, int]:
    root = build_case(tmp_path / f"Case{photos}.fragment", photos, photos * 3)
    case = CaseFile.open(root, readonly=True)
    try:
        return panel_statements(case)
    finally:
        case.close()


def test_panels_fill_with_the_same_statements_for_ten_times_the_rows(tmp_path: Path) -> None:
    small = _statements(tmp_path, 50)  # 10 locations
    large = _statements(tmp_path, 500)  # 100 locations
    assert set(small) == {"photo browser", "map", "claims"}
    assert small["map"] > 0 and small["photo browser"] > 0
    assert large == small


def test_the_window_reads_the_map_and_decodes_the_basemap_only_once_it_is_shown(
        qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.qt.map.map_data import read_map_points

    root = build_case(tmp_path / "Map.fragment", 20, 40)
    panel = window.workspace.panel("map")
    window.workspace.show_page("claims")  # the map behind the Claims tab
    window.close_case()
    assert window.open_case_path(root)
    qtbot.waitUntil(lambda: not window.browser.loading and window.jobs.running == 0,
                    timeout=20000)
    assert panel.view.points() == () and not panel.view.has_basemap

    window.workspace.show_page("map")
    qtbot.waitUntil(lambda: panel.view.has_basemap and not panel.loading
                    and not panel.view.filling and window.jobs.running == 0, timeout=20000)
    expected = read_map_points(window.ctx.case)
    assert len(expected) == 10
    assert sorted(p.key for p in panel.view.points()) == sorted(p.key for p in expected)
    assert panel.locations.count() == len(expected)
    panel.view.cursor_moved.emit(39.8, 46.75)  # over Azerbaijan
    assert "Azerbaijan" in panel.cursor_info.text()
    window.grab().save(str(tmp_path / "bigcase-shot.png"))
    window.close_case()


def test_the_evidence_behind_another_tab_is_read_when_it_comes_forward(
        qtbot, window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Off screen while the case opens, the Evidence tab builds nothing; raised, it fills
    in slices, measuring each line a bounded number of times (a claim's bold font set
    after its row joined the tree had the tree measure every line again: 30,000
    measures per claim at 10,000 lines, a stall of 430 ms)."""
    from desktop.qt.panels import evidence_panel
    from desktop.qt.panels.evidence_panel import WrapDelegate

    root = build_case(tmp_path / "Evidence.fragment", 200, 4000)  # 400 links, 20 claims
    panel = window.workspace.panel("evidence")
    window.workspace.show_page("claims")
    window.close_case()
    assert window.open_case_path(root)
    qtbot.waitUntil(lambda: not window.browser.loading and window.jobs.running == 0,
                    timeout=20000)
    assert panel.tree.topLevelItemCount() == 0 and not panel.rows and not panel.loading

    measures = [0]

    class Counting(WrapDelegate):
        def sizeHint(self, option, index):  # type: ignore[no-untyped-def]
            measures[0] += 1
            return super().sizeHint(option, index)

    panel.tree.setItemDelegate(Counting(panel.tree))
    monkeypatch.setattr(evidence_panel, "FILL_SLICE_S", 0.0)  # a turn of the loop per line
    window.workspace.show_page("evidence")
    qtbot.waitUntil(lambda: bool(panel.rows) and not panel.loading, timeout=30000)
    lines = sum(len(r.supporting) + len(r.contradicting) + len(r.context) for r in panel.rows)
    assert lines == 400 and panel.tree.topLevelItemCount() == 20
    assert panel.summary.text() == f"20 claims, {lines} links shown"
    assert measures[0] < 8 * (lines + 20) * evidence_panel.COLUMNS, measures[0]
    window.close_case()
