"""The investigator's core loop on real widgets: import through the worker, draw a box on a
photo with EXIF orientation 6, read it, undo/redo, move it, reopen, find it unchanged."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialogButtonBox

from desktop.core.queries.investigation import list_annotations
from desktop.qt.actions import ActionId
from tests.qt.conftest import orientation6_photo


def _viewport_pos(window, x: float, y: float) -> QPoint:  # type: ignore[no-untyped-def]
    return window.view.mapFromScene(QPointF(x, y))


def _drag(qtbot, window, start: tuple[float, float], end: tuple[float, float]) -> None:  # type: ignore[no-untyped-def]
    vp = window.view.viewport()
    a, b = _viewport_pos(window, *start), _viewport_pos(window, *end)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=a)
    mid = QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2)
    qtbot.mouseMove(vp, mid)
    qtbot.mouseMove(vp, b)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=b)


def _annotations(window):  # type: ignore[no-untyped-def]
    with window.ctx.case.read_session() as session:
        return list_annotations(session, window.canvas.photo.id)


def _import(qtbot, window, paths: list[Path]):  # type: ignore[no-untyped-def]
    dialog = window.start_import(paths)
    with qtbot.waitSignal(dialog.finished_import, timeout=60000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    dialog.close()
    qtbot.waitUntil(lambda: not window.browser.loading, timeout=20000)
    window.activateWindow()  # the dialog took the focus; shortcuts need the main window
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    return dialog, blocker.args[0]


def test_draw_read_undo_move_reopen_on_rotated_photo(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    photo_path = orientation6_photo(tmp_path)
    dialog, report = _import(qtbot, window, [photo_path])
    assert report.count("imported") == 1
    assert dialog.label.text() == "1 photo imported."

    # The viewer shows the photo upright: 200 wide, 300 high, red block top-right.
    qtbot.waitUntil(lambda: window.canvas.photo is not None, timeout=10000)
    qtbot.waitUntil(window.canvas.is_full_resolution, timeout=20000)
    assert (window.canvas.photo.width, window.canvas.photo.height) == (200, 300)
    shown = window.view.canvas.image_item.pixmap().toImage()
    assert (shown.width(), shown.height()) == (200, 300)
    assert QColor(shown.pixel(150, 50)).red() > 180
    assert QColor(shown.pixel(50, 250)).red() < 100

    window.view.set_zoom(2.0)
    window.view.centerOn(100, 150)
    window.docks["adjustments"].raise_()  # the Inspector behind another tab, as left by a user
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_R)
    assert window.registry[ActionId.TOOL_RECTANGLE].isChecked()
    _drag(qtbot, window, (20, 30), (120, 150))
    rows = _annotations(window)
    assert len(rows) == 1
    g = rows[0].geometry
    assert abs(g["x"] - 20) <= 1 and abs(g["y"] - 30) <= 1
    assert abs(g["w"] - 100) <= 1 and abs(g["h"] - 120) <= 1
    assert window.view.canvas.selected_id == rows[0].id  # a new box is selected
    assert window.inspector.annotation is not None

    # Drawing leads into reading: the Inspector comes forward with the cursor in Reading.
    field = window.inspector.transcription
    assert not window.docks["inspector"].visibleRegion().isEmpty()
    assert field.hasFocus()
    assert rows[0].kind == "other"
    # Read the marking: the catalog match appears as the text is typed.
    qtbot.keyClicks(field, "9M723")
    assert field.text() == "9M723", (field.isEnabled(), field.isVisible())
    assert "Iskander" in window.inspector.match_label.text()
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert _annotations(window)[0].transcription == "9M723"
    # the catalog knows 9M723: the new box becomes an index code, in the same undo step
    assert _annotations(window)[0].kind == "index_code"
    assert window.inspector.kind_box.currentData() == "index_code"
    undo = window.registry[ActionId.UNDO]
    assert "reading and kind" in undo.text()

    undo.trigger()
    assert _annotations(window)[0].transcription == ""
    assert _annotations(window)[0].kind == "other"
    assert window.inspector.transcription.text() == ""
    window.registry[ActionId.REDO].trigger()
    assert _annotations(window)[0].transcription == "9M723"

    # A kind the user sets is kept when the reading changes.
    from tests.qt.conftest import pick

    pick(qtbot, window.inspector.kind_box, "manufacturer_mark")
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "9M723K1")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert [(a.transcription, a.kind) for a in _annotations(window)] == [
        ("9M723K1", "manufacturer_mark")]
    undo.trigger()
    undo.trigger()
    assert _annotations(window)[0].kind == "index_code"

    # Move it with the select tool: one drag, one undo step.
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_V)
    before = window.ctx.undo_stack.index()
    _drag(qtbot, window, (70, 90), (90, 100))
    assert window.ctx.undo_stack.index() == before + 1
    moved = _annotations(window)[0].geometry
    assert abs(moved["x"] - (g["x"] + 20)) <= 1 and abs(moved["y"] - (g["y"] + 10)) <= 1
    assert (moved["w"], moved["h"]) == (g["w"], g["h"])
    assert "Move" in undo.text()
    undo.trigger()
    assert _annotations(window)[0].geometry == g
    window.registry[ActionId.REDO].trigger()
    assert _annotations(window)[0].geometry == moved

    # Close, reopen: the box is where it was, in displayed-image pixels.
    root = window.ctx.case.root
    window.close_case()
    assert window.canvas.photo is None
    assert window.open_case_path(root)
    qtbot.waitUntil(lambda: window.canvas.photo is not None, timeout=10000)
    again = _annotations(window)
    assert [a.geometry for a in again] == [moved]
    assert again[0].transcription == "9M723"
    item = window.view.canvas.items_by_id[again[0].id]
    assert item.geometry == moved
    window.close_case()


def _groups(dialog) -> dict[str, list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    tree = dialog.details
    groups = {}
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        groups[group.text(0)] = [(group.child(j).text(0), group.child(j).text(1))
                                 for j in range(group.childCount())]
    return groups


def test_import_summary_in_plain_words_with_non_photos_apart(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    photo = orientation6_photo(tmp_path)
    readme = tmp_path / "README.txt"
    readme.write_text("Photos of the Shusha debris, March 2021.", encoding="utf-8")
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(photo.read_bytes()[:200])  # a JPEG header and nothing to decode
    _import(qtbot, window, [photo])
    dialog, report = _import(qtbot, window, [photo, readme, broken])
    assert report.count("duplicate") == 1 and report.count("rejected") == 2
    assert dialog.label.text() == ("0 photos imported; 1 already in the case; "
                                   "1 photo could not be read; 1 file is not a photo.")
    groups = _groups(dialog)
    assert list(groups) == ["Could not be read: not imported (1)",
                            "Already in the case: skipped (1)", "Not photos: skipped (1)"]
    (readme_row,) = groups["Not photos: skipped (1)"]
    assert readme_row[0].endswith("README.txt") and "not" in readme_row[1]
    (broken_row,) = groups["Could not be read: not imported (1)"]
    assert broken_row[0].endswith("broken.jpg") and broken_row[1]
    assert "_" not in "".join(text for rows in groups.values() for _f, text in rows)
    assert window.browser.model.total() == 1


def test_delete_key_removes_and_undo_restores(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _import(qtbot, window, [orientation6_photo(tmp_path)])
    qtbot.waitUntil(lambda: window.canvas.photo is not None, timeout=10000)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_O)  # point tool
    vp = window.view.viewport()
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=_viewport_pos(window, 100, 100))
    assert len(_annotations(window)) == 1
    assert window.registry[ActionId.DELETE].isEnabled()
    window.registry[ActionId.DELETE].trigger()
    assert _annotations(window) == []
    window.registry[ActionId.UNDO].trigger()
    assert len(_annotations(window)) == 1
    assert window.annotation_list.list.count() == 1


def test_dropping_files_on_the_window_imports_them(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    from desktop.qt.import_dialog import ImportDialog

    photo = orientation6_photo(tmp_path, "dropped.jpg")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path))])
    pos = QPointF(window.view.geometry().center())
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    dialogs = window.findChildren(ImportDialog)
    assert dialogs
    with qtbot.waitSignal(dialogs[-1].finished_import, timeout=60000) as blocker:
        qtbot.keyClick(dialogs[-1], Qt.Key.Key_Return)  # Import is the default button
    assert blocker.args[0].count("imported") == 1
    qtbot.waitUntil(lambda: window.browser.model.total() == 1, timeout=20000)
    assert window.browser.model.photo_at(0).file_name == photo.name


def test_import_summary_names_flagged_photos(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    photo = orientation6_photo(tmp_path, "cut.jpg")
    data = photo.read_bytes()
    photo.write_bytes(data[: len(data) * 2 // 3])  # a truncated JPEG is kept and flagged
    dialog, report = _import(qtbot, window, [photo])
    flagged = [r for r in report.results if r.flags]
    assert flagged and "truncated" in flagged[0].flags
    (row,) = _groups(dialog)["Imported, with a note (1)"]
    assert row[0].endswith("cut.jpg")
    assert "the file is cut short" in row[1] and "truncated" not in row[1]


def test_cancelled_import_stores_nothing(qtbot, window, corpus) -> None:  # type: ignore[no-untyped-def]
    dialog = window.start_import([corpus / "jpg"])
    with qtbot.waitSignal(dialog.finished_import, timeout=60000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)  # pressed at once
    assert blocker.args[0].cancelled
    assert "nothing was imported" in dialog.label.text()
    qtbot.waitUntil(lambda: not window.browser.loading, timeout=20000)
    assert window.browser.model.total() == 0
