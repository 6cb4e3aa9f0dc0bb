"""The Photo Metadata panel reads a selected photo only while it is on screen: behind the
Inspector's tab (the default), selecting a photo costs the GUI thread none of its reads."""

from __future__ import annotations

from desktop.core.demo import build_demo_case


def test_metadata_is_read_when_its_tab_comes_forward(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case = build_demo_case(tmp_path / "Lazy")
    root = case.root
    case.close()
    window._raise_dock("inspector")  # the metadata tab behind it
    assert window.open_case_path(root)
    browser, panel = window.browser, window.metadata
    qtbot.waitUntil(lambda: not browser.loading and window.canvas.photo is not None,
                    timeout=20000)
    qtbot.waitUntil(lambda: not panel._on_screen, timeout=5000)
    second = browser.model.photo_at(1)
    browser.select_row(1)
    assert window.canvas.photo.id == second.id
    assert panel.labels["file"].text() != second.file_name  # noted, not read
    window._raise_dock("metadata")
    qtbot.waitUntil(lambda: panel.labels["file"].text() == second.file_name, timeout=5000)
    assert panel.sha.text() == second.sha256
    browser.select_row(2)  # on screen: read at once
    assert panel.labels["file"].text() == browser.model.photo_at(2).file_name
