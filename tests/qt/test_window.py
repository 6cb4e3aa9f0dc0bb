"""The main window: shortcuts, tools, zoom, docks, layout memory, recent cases, errors."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget, QMessageBox

from desktop.qt import recent
from desktop.qt.actions import SPECS, TOOL_ACTIONS, ActionId
from desktop.qt.canvas.tools import ToolKind
from desktop.qt.main_window import MainWindow


def test_every_action_is_declared_once_with_an_id(window) -> None:  # type: ignore[no-untyped-def]
    assert set(window.registry.all()) == set(ActionId) == set(SPECS)
    shortcuts: dict[str, ActionId] = {}
    for action_id, action in window.registry.all().items():
        assert action.objectName() == action_id.value
        for seq in action.shortcuts():
            key = seq.toString()
            assert key not in shortcuts, f"{key} is bound to {shortcuts.get(key)} and {action_id}"
            shortcuts[key] = action_id


def test_tool_shortcuts_switch_the_canvas_tool(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.view.setFocus()
    for key, action_id, kind in ((Qt.Key.Key_R, ActionId.TOOL_RECTANGLE, ToolKind.RECTANGLE),
                                 (Qt.Key.Key_P, ActionId.TOOL_POLYGON, ToolKind.POLYGON),
                                 (Qt.Key.Key_O, ActionId.TOOL_POINT, ToolKind.POINT),
                                 (Qt.Key.Key_V, ActionId.TOOL_SELECT, ToolKind.SELECT)):
        qtbot.keyClick(window.view, key)
        assert window.registry[action_id].isChecked()
        assert window.view.tool.kind is kind
    assert sum(window.registry[a].isChecked() for a in TOOL_ACTIONS) == 1


def test_zoom_shortcuts(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.qt.conftest import orientation6_photo
    from tests.qt.test_annotate_flow import _import

    _import(qtbot, window, [orientation6_photo(tmp_path)])
    qtbot.waitUntil(lambda: window.canvas.photo is not None, timeout=10000)
    view = window.view
    view.setFocus()
    fitted = view.zoom()
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert view.zoom() == 1.0
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom() == 1.25
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert abs(view.zoom() - 0.8) < 1e-9
    qtbot.keyClick(view, Qt.Key.Key_F)
    assert abs(view.zoom() - fitted) < 1e-6
    assert window.zoom_label.text().startswith("Zoom")


def test_typing_in_a_text_field_does_not_trigger_single_key_shortcuts(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    box = window.browser.filter_box
    box.setFocus()
    qtbot.keyClicks(box, "rfpo1")
    assert box.text() == "rfpo1"
    assert window.view.tool.kind is ToolKind.SELECT


def test_docks_layout_is_remembered(qtbot, window, new_case) -> None:  # type: ignore[no-untyped-def]
    names = {d.objectName() for d in window.findChildren(QDockWidget)}
    assert {"dock.photos", "dock.inspector", "dock.metadata", "dock.adjustments",
            "dock.annotations"} == names
    assert window.dockWidgetArea(window.docks["photos"]) == Qt.DockWidgetArea.LeftDockWidgetArea
    window.removeDockWidget(window.docks["annotations"])
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, window.docks["annotations"])
    window.docks["annotations"].show()
    window.save_layout()
    second = MainWindow.create()
    qtbot.addWidget(second)
    assert (second.dockWidgetArea(second.docks["annotations"])
            == Qt.DockWidgetArea.LeftDockWidgetArea)
    second.reset_layout()
    assert (second.dockWidgetArea(second.docks["annotations"])
            == Qt.DockWidgetArea.RightDockWidgetArea)


def test_title_recent_cases_and_close(qtbot, window, new_case) -> None:  # type: ignore[no-untyped-def]
    assert "Test case" in window.windowTitle()  # the case title, not the folder name
    assert recent.recent_cases(QSettings())[0] == new_case.root.resolve()
    assert window.registry[ActionId.IMPORT_PHOTOS].isEnabled()
    window.close_case()
    assert window.windowTitle() == "Fragment"
    assert not window.registry[ActionId.IMPORT_PHOTOS].isEnabled()
    assert not window.registry[ActionId.TOOL_RECTANGLE].isEnabled()
    window._fill_recent_menu(window.menus["recent"])
    texts = [a.text() for a in window.menus["recent"].actions()]
    assert f"Test case  ({new_case.root.name})" in texts  # the case's title, then its folder


def test_opening_a_missing_case_shows_one_sentence(qtbot, window, tmp_path, messages) -> None:  # type: ignore[no-untyped-def]
    before = window.ctx.case
    messages.answer(QMessageBox.StandardButton.Ok)
    assert not window.open_case_path(tmp_path / "nowhere.fragment")
    assert window.ctx.case is before
    assert len(messages) == 1 and "not a Fragment case" in messages[0][1]


def test_new_case_through_the_dialogs(qtbot, window, tmp_path, file_dialogs) -> None:  # type: ignore[no-untyped-def]
    file_dialogs["save"] = tmp_path / "Shusha"
    file_dialogs["text"] = "Shusha fragments"
    window.registry[ActionId.NEW_CASE].trigger()
    assert window.ctx.case is not None
    assert window.ctx.case.root == tmp_path / "Shusha.fragment"
    assert "Shusha" in window.windowTitle()
    window.close_case()


def test_unexpected_exception_is_logged_and_shown_with_copy_details(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from desktop.core.settings import log_dir
    from desktop.qt.errors import report_exception

    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as exc:
        dialog = report_exception(type(exc), exc, exc.__traceback__)
    assert dialog is not None
    qtbot.addWidget(dialog)
    log = (log_dir() / "fragment.log").read_text(encoding="utf-8")
    assert "boom in a slot" in log and "Traceback" in log
    dialog.copy_button.click()
    assert "RuntimeError: boom in a slot" in QApplication.clipboard().text()
    dialog.close()


def test_a_full_disk_in_a_slot_is_one_sentence_not_a_crash_dialog(qtbot, messages) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from PySide6.QtWidgets import QMessageBox

    from desktop.core.settings import log_dir
    from desktop.qt.errors import report_exception

    messages.answer(QMessageBox.StandardButton.Ok)
    try:
        raise sqlite3.OperationalError("database or disk is full")
    except sqlite3.OperationalError as exc:
        dialog = report_exception(type(exc), exc, exc.__traceback__)
    assert dialog is None
    [(kind, text)] = messages
    assert kind == "warning" and text.startswith("The disk is full, so nothing was saved;")
    assert "database or disk is full" in (log_dir() / "fragment.log").read_text(
        encoding="utf-8")


def test_export_action_opens_the_export_dialog(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop.qt.dialogs.export_dialog import ExportDialog

    action = window.registry[ActionId.EXPORT]
    assert action.isEnabled()
    assert action.shortcut().toString() == "Ctrl+E"
    assert action in window.menus["file"].actions()
    opened: list[ExportDialog] = []
    monkeypatch.setattr(ExportDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    action.trigger()
    assert len(opened) == 1 and opened[0].ctx is window.ctx
    window.close_case()
    assert not action.isEnabled()
