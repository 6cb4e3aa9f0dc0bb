"""The Photo Metadata panel lists the other photos within 250 m of a photo, with their
distances, never the photo itself."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core.demo import build_demo_case


def test_neighbours_of_a_photo_with_their_distances(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case = build_demo_case(tmp_path / "Near")
    root = case.root
    case.close()
    assert window.open_case_path(root)
    browser, panel = window.browser, window.metadata
    window._raise_dock("metadata")  # read only while on screen (a tab behind the Inspector)
    qtbot.waitUntil(lambda: not browser.loading and browser.model.total() == 3, timeout=20000)
    for row, expected, absent in ((0, "P2 IMG_0415.jpg (0 m)", "P1 "),
                                  (2, "no other photo", "P3 ")):
        rect = browser.list.visualRect(browser.model.index(row, 0))
        qtbot.mouseClick(browser.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        label = browser.model.photo_at(row).label
        qtbot.waitUntil(lambda label=label: panel.photo is not None
                        and panel.photo.label == label, timeout=10000)
        text = panel.labels["near"].text()
        assert expected in text and absent not in text, text
