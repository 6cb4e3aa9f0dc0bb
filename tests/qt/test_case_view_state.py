"""Each case keeps its own photo filter, sort and last photo viewed; Open Recent shows
case titles."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core.casefile import CaseFile
from desktop.core.ingest import import_paths
from tests.qt.conftest import orientation6_photo, pick


def _case_with_photos(folder, title: str, names: list[str]) -> CaseFile:  # type: ignore[no-untyped-def]
    case = CaseFile.create(folder / title, title=title, investigator="Tester")
    photos = []
    for i, name in enumerate(names):
        path = orientation6_photo(folder, name)
        path.write_bytes(path.read_bytes() + bytes([i]))  # each photo its own hash
        photos.append(path)
    import_paths(case, photos)
    return case


def test_the_filter_of_one_case_does_not_carry_over_to_the_next(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = _case_with_photos(tmp_path, "First", ["alpha.jpg", "beta.jpg", "gamma.jpg"])
    second = _case_with_photos(tmp_path, "Second", ["one.jpg", "two.jpg"])
    roots = first.root, second.root
    first.close()
    second.close()
    browser = window.browser
    assert window.open_case_path(roots[0])
    qtbot.waitUntil(lambda: not browser.loading and browser.model.total() == 3, timeout=20000)
    browser.filter_box.setFocus()
    qtbot.keyClicks(browser.filter_box, "beta")
    assert browser.count_label.text() == "1 of 3 photos"
    pick(qtbot, browser.sort_box, "name")
    rect = browser.list.visualRect(browser.model.index(0, 0))
    qtbot.mouseClick(browser.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.canvas.photo is not None
                    and window.canvas.photo.file_name == "beta.jpg", timeout=10000)

    assert window.open_case_path(roots[1])
    qtbot.waitUntil(lambda: not browser.loading and browser.model.total() == 2, timeout=20000)
    assert browser.filter_box.text() == ""
    assert browser.count_label.text() == "2 photos"  # not "0 of 2 photos"
    assert browser.sort_box.currentData() == "imported"
    qtbot.waitUntil(lambda: window.canvas.photo is not None
                    and window.canvas.photo.file_name == "one.jpg", timeout=10000)

    assert window.open_case_path(roots[0])  # back: its filter, sort and photo again
    qtbot.waitUntil(lambda: not browser.loading and browser.model.total() == 3, timeout=20000)
    assert browser.filter_box.text() == "beta"
    assert browser.count_label.text() == "1 of 3 photos"
    assert browser.sort_box.currentData() == "name"
    qtbot.waitUntil(lambda: window.canvas.photo is not None
                    and window.canvas.photo.file_name == "beta.jpg", timeout=10000)

    window._fill_recent_menu(window.menus["recent"])
    texts = [a.text() for a in window.menus["recent"].actions()]
    assert texts[:3] == ["First  (First.fragment)", "Second  (Second.fragment)",
                         "Test case  (Test.fragment)"]


def test_thumbnail_size_from_the_slider(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    case = _case_with_photos(tmp_path, "Sizes", ["a.jpg", "b.jpg"])
    root = case.root
    case.close()
    browser = window.browser
    assert window.open_case_path(root)
    qtbot.waitUntil(lambda: not browser.loading and browser.model.total() == 2, timeout=20000)
    index = browser.model.index(0, 0)
    medium = browser.list.visualRect(index).size()
    qtbot.waitUntil(lambda: browser.thumbnails.cached(
        browser.model.photo_at(0).id) is not None, timeout=10000)
    slider = browser.size_slider
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_End)  # the largest
    large = browser.list.visualRect(index).size()
    assert large.width() > medium.width() + 50 and large.height() > medium.height() + 50
    qtbot.waitUntil(lambda: (p := browser.thumbnails.cached(browser.model.photo_at(0).id))
                    is not None and max(p.width(), p.height()) > 128, timeout=10000)
    qtbot.keyClick(slider, Qt.Key.Key_Home)  # the smallest
    assert browser.list.visualRect(index).width() < medium.width()
    assert str(QSettings().value("photos/thumbnail_side")) == "96"  # remembered


def test_export_the_photos_selected_with_ctrl_click(qtbot, window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop.qt.actions import ActionId
    from desktop.qt.dialogs.export_dialog import ExportDialog

    case = _case_with_photos(tmp_path, "Pick", ["a.jpg", "b.jpg", "c.jpg"])
    root = case.root
    case.close()
    browser = window.browser
    assert window.open_case_path(root)
    qtbot.waitUntil(lambda: not browser.loading and browser.model.total() == 3, timeout=20000)
    vp = browser.list.viewport()
    first = browser.list.visualRect(browser.model.index(0, 0)).center()
    third = browser.list.visualRect(browser.model.index(2, 0)).center()
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=first)
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     pos=third)
    ids = [browser.model.photo_at(r).id for r in range(3)]
    assert browser.selected_photo_ids() == [ids[0], ids[2]]
    action = window.registry[ActionId.EXPORT_SELECTION]
    assert action in browser.list.actions()  # the grid's right-click menu
    opened: list[ExportDialog] = []
    monkeypatch.setattr(ExportDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    action.trigger()
    (dialog,) = opened
    assert dialog.photos.selected_ids() == (ids[0], ids[2])
    assert dialog.photos.count.text()  # "2 of 3" or the like is shown
