"""Help inside the window: the user guide (F1), the shortcut sheet, shortcuts in tooltips."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication

from desktop.core.user_guide import guide_pages
from desktop.qt.actions import ActionId
from desktop.qt.dialogs.help_dialogs import ShortcutsDialog, UserGuideDialog


def _top(kind):  # type: ignore[no-untyped-def]
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, kind) and w.isVisible()), None)


def test_f1_opens_the_user_guide_and_links_between_pages_stay_inside(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: _top(UserGuideDialog) is not None, timeout=5000)
    guide = _top(UserGuideDialog)
    assert guide.contents.count() == len(guide_pages()) >= 10
    assert guide.contents.item(0).text() == "The Fragment window"  # gui.md comes first
    assert "Keyboard shortcuts" in guide.browser.toPlainText()
    assert guide.browser.document().toPlainText().count("|") < 5  # tables are rendered
    # clicking the contents shows that page
    row = next(i for i in range(guide.contents.count())
               if guide.contents.item(i).text().startswith("Importing"))
    rect = guide.contents.visualItemRect(guide.contents.item(row))
    qtbot.mouseClick(guide.contents.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "Importing" in guide.browser.toPlainText()[:200]
    # a link to another page of the guide opens it in the same window
    guide.browser.anchorClicked.emit(QUrl("investigation-panels.md"))
    assert guide.contents.currentItem().text().startswith("Claims, sources")
    guide.close()


def test_the_shortcut_sheet_lists_the_registry(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.registry[ActionId.SHORTCUTS].trigger()
    sheet = _top(ShortcutsDialog)
    assert sheet is not None
    table = sheet.table
    rows = {table.item(r, 1).text(): table.item(r, 0).text() for r in range(table.rowCount())}
    assert rows["Link to Claim"] == "Ctrl+L"
    assert rows["Evidence"] == "Ctrl+4"
    assert rows["Rectangle"] == "R"
    assert rows["Pan the photo"] == "Space + drag"
    sheet.close()


def test_toolbar_tooltips_name_the_shortcut(window) -> None:  # type: ignore[no-untyped-def]
    tips = {action.objectName(): action.toolTip() for action in window.toolbar.actions()
            if not action.isSeparator()}
    assert tips["view.zoom_in"] == "Zoom In (+)"
    assert tips["tool.rect"] == "Rectangle (R)"
    assert tips["annotation.link_claim"] == "Link to Claim (Ctrl+L)"
    assert all(tip.endswith(")") for tip in tips.values())  # every button has a shortcut


def test_without_a_guide_the_dialog_says_where_it_is(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = UserGuideDialog(pages=[])
    qtbot.addWidget(dialog)
    assert "not included in this installation" in dialog.browser.toPlainText()
