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
    window.grab().save("/tmp/bigcase-shot.png")
    window.close_case()
