"""The investigator's name is asked once, at the first start, and kept in the settings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.core.settings import explicit_investigator
from desktop.qt.dialogs.investigator_dialog import ask_investigator_once


def test_asked_once_and_an_account_name_is_refused(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = ask_investigator_once(None)
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.name, "root")
    assert not ok.isEnabled()  # the OS account is not a name to print
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Ana Lyst")
    assert ok.isEnabled()
    dialog.grab().save(str(tmp_path / "investigator-dialog.png"))
    with qtbot.waitSignal(dialog.named) as named:
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert named.args == ["Ana Lyst"]
    assert not dialog.isVisible()
    assert explicit_investigator() == "Ana Lyst"
    assert ask_investigator_once(None) is None  # never asked again


def test_later_asks_again_next_time(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ask_investigator_once(None)
    assert dialog is not None
    qtbot.addWidget(dialog)
    later = next(b for b in dialog.buttons.buttons() if b.text() == "Later")
    qtbot.mouseClick(later, Qt.MouseButton.LeftButton)
    assert explicit_investigator() is None
    again = ask_investigator_once(None)
    assert again is not None
    qtbot.addWidget(again)
    again.reject()
