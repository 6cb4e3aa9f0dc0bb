"""Tags and bulk actions in the window, done as a user does them: typing in the Inspector's
tag field, choosing a tag in the browser's filter, Ctrl-clicking photos and using the
actions on the selection, undoing with Ctrl+Z."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.core.casefile import CaseFile
from desktop.core.demo import build_demo_case
from desktop.core.queries.photos import list_photos
from desktop.core.queries.tags import photos_linked_to_claim
from desktop.qt.actions import ActionId
from desktop.qt.dialogs.link_photos_dialog import LinkPhotosDialog
from desktop.qt.dialogs.tag_dialog import TagDialog
from tests.qt.conftest import pick


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    case = build_demo_case(tmp_path_factory.mktemp("tags") / "Shusha")
    case.close()
    return case.root


@pytest.fixture
def demo_window(qtbot, window, demo_root: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    root = tmp_path / "Shusha.fragment"
    shutil.copytree(demo_root, root)
    assert window.open_case_path(root)
    browser = window.browser
    qtbot.waitUntil(lambda: not browser.loading and browser.model.total() == 3, timeout=20000)
    return window


def _tags(window) -> dict[str, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return {p.label: p.tags for p in window.ctx.case.read(list_photos)}


def _click_row(qtbot, browser, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    rect = browser.list.visualRect(browser.model.index(row, 0))
    qtbot.mouseClick(browser.list.viewport(), Qt.MouseButton.LeftButton, modifier,
                     pos=rect.center())


def test_tags_typed_in_the_inspector_shown_filtered_and_undone(qtbot, demo_window) -> None:  # type: ignore[no-untyped-def]
    win, browser = demo_window, demo_window.browser
    editor = win.inspector.tags_editor
    _click_row(qtbot, browser, 0)
    qtbot.waitUntil(lambda: editor.photo is not None and editor.photo.label == "P1")
    assert editor.empty.isVisible() and not editor.chips.isVisible()
    qtbot.mouseClick(editor.field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.field, " rusty ,  Tail section")
    qtbot.keyClick(editor.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.chips.count() == 2)
    assert [editor.chips.item(i).text() for i in range(2)] == ["rusty", "Tail section"]
    assert _tags(win)["P1"] == ("rusty", "Tail section")
    assert win.registry[ActionId.UNDO].text() == "&Undo Add tags “rusty”, “Tail section” to 1 photo"

    qtbot.keyClicks(editor.field, "x" * 70)
    qtbot.keyClick(editor.field, Qt.Key.Key_Return)
    assert "at most 64" in editor.error.text() and _tags(win)["P1"] == ("rusty",
                                                                        "Tail section")

    # the browser: tooltip, and the filter by tag remembered for the case
    qtbot.waitUntil(lambda: browser.tag_box.count() == 3)
    tip = browser.model.index(browser.model.row_of(editor.photo.id), 0).data(
        Qt.ItemDataRole.ToolTipRole)
    assert "Tags: rusty, Tail section" in tip
    pick(qtbot, browser.tag_box, "rusty")
    assert browser.count_label.text() == "1 of 3 photos"
    _click_row(qtbot, browser, 0)
    qtbot.waitUntil(lambda: win.canvas.photo is not None and win.canvas.photo.label == "P1")

    # completion from the case's tags on another photo
    browser.show_tag("")
    _click_row(qtbot, browser, 1)
    qtbot.waitUntil(lambda: editor.photo is not None and editor.photo.label == "P2")
    qtbot.mouseClick(editor.field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.field, "tai")
    completer = editor.field.completer()
    qtbot.waitUntil(lambda: completer.popup().isVisible())
    assert completer.currentCompletion() == "Tail section"
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    qtbot.keyClick(editor.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _tags(win)["P2"] == ("Tail section",))

    # a chip clicked and Delete pressed removes it; Ctrl+Z brings it back
    qtbot.waitUntil(lambda: editor.chips.count() == 1)
    item_rect = editor.chips.visualItemRect(editor.chips.item(0))
    qtbot.mouseClick(editor.chips.viewport(), Qt.MouseButton.LeftButton, pos=item_rect.center())
    qtbot.keyClick(editor.chips, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: _tags(win)["P2"] == ())
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _tags(win)["P2"] == ("Tail section",))
    qtbot.waitUntil(lambda: editor.chips.count() == 1)


def test_the_tag_filter_is_kept_per_case(qtbot, demo_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.ops.tags import add_tags

    win, browser = demo_window, demo_window.browser
    root = win.ctx.case.root
    add_tags(win.ctx.case, photo_ids=[browser.model.photo_at(2).id], tags=["motor"])
    browser.refresh()
    qtbot.waitUntil(lambda: browser.tag_box.count() == 2)
    pick(qtbot, browser.tag_box, "motor")
    assert browser.count_label.text() == "1 of 3 photos"
    other = CaseFile.create(tmp_path / "Other", title="Other", investigator="T")
    other_root = other.root
    other.close()
    assert win.open_case_path(other_root)
    qtbot.waitUntil(lambda: not browser.loading)
    assert browser.tag_box.currentData() == "" and not browser.model.tag
    assert win.open_case_path(root)
    qtbot.waitUntil(lambda: not browser.loading and browser.model.total() == 3)
    assert browser.tag_box.currentData() == "motor"
    assert browser.count_label.text() == "1 of 3 photos"


def test_bulk_tag_and_untag_a_selection_with_one_undo(qtbot, demo_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    win, browser = demo_window, demo_window.browser
    _click_row(qtbot, browser, 0)
    _click_row(qtbot, browser, 2, Qt.KeyboardModifier.ControlModifier)
    assert len(browser.selected_photo_ids()) == 2
    for action_id in (ActionId.ADD_TAG, ActionId.REMOVE_TAG, ActionId.LINK_PHOTOS):
        assert win.registry[action_id] in browser.list.actions()  # the right-click menu
        assert win.registry[action_id] in win.menus["selected_photos"].actions()
    opened: list[TagDialog] = []
    monkeypatch.setattr(TagDialog, "exec", lambda d: opened.append(d) or d.show())
    qtbot.keyClick(browser.list, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    (dialog,) = opened
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.tag_box.lineEdit(), "fin, Shusha")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert _tags(win) == {"P1": ("fin", "Shusha"), "P2": (), "P3": ("fin", "Shusha")}

    win.registry[ActionId.REMOVE_TAG].trigger()  # as from the menu bar
    dialog = opened[-1]
    qtbot.waitUntil(dialog.isVisible)
    assert [dialog.tag_box.itemText(i) for i in range(dialog.tag_box.count())] == [
        "fin", "Shusha"]
    pick(qtbot, dialog.tag_box, "Shusha")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert _tags(win) == {"P1": ("fin",), "P2": (), "P3": ("fin",)}
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _tags(win) == {"P1": ("fin", "Shusha"), "P2": (), "P3": ("fin", "Shusha")}
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the whole bulk
    assert _tags(win) == {"P1": (), "P2": (), "P3": ()}


def test_link_a_selection_to_a_claim_in_one_step(qtbot, demo_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    win, browser = demo_window, demo_window.browser
    _click_row(qtbot, browser, 1)
    _click_row(qtbot, browser, 2, Qt.KeyboardModifier.ControlModifier)
    ids = browser.selected_photo_ids()
    assert len(ids) == 2
    opened: list[LinkPhotosDialog] = []
    monkeypatch.setattr(LinkPhotosDialog, "exec", lambda d: opened.append(d) or d.show())
    win.registry[ActionId.LINK_PHOTOS].trigger()
    (dialog,) = opened
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.header.text().startswith("2 photos:")
    claim_item = dialog.claims.item(dialog.claims.count() - 1)
    claim_id = int(claim_item.data(Qt.ItemDataRole.UserRole))
    qtbot.mouseClick(dialog.claims.viewport(), Qt.MouseButton.LeftButton,
                     pos=dialog.claims.visualItemRect(claim_item).center())
    qtbot.mouseClick(dialog.stance_buttons["contradicts"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.rationale, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.rationale, "the same debris, seen from both sides")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    case = win.ctx.case
    assert case.read(photos_linked_to_claim, ids, claim_id) == set(ids)
    assert win.registry[ActionId.UNDO].text() == "&Undo Link 2 photos to claim"
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert case.read(photos_linked_to_claim, ids, claim_id) == set()
    qtbot.keyClick(win, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert case.read(photos_linked_to_claim, ids, claim_id) == set(ids)

    # the same selection again: every photo is linked already, and the dialog says so
    win.registry[ActionId.LINK_PHOTOS].trigger()
    dialog = opened[-1]
    qtbot.waitUntil(dialog.isVisible)
    dialog.select_claim(claim_id)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "already linked" in dialog.error.text()
    dialog.reject()
