"""Qt test fixtures: offscreen platform, isolated QSettings, patched modal dialogs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox


class MessageBoxes(list):
    """The message boxes shown during a test, as (kind, text), and the answers prepared.

    A box needs an answer prepared before it pops up, as a user would have to click one:
    ``messages.answer(QMessageBox.StandardButton.Yes)``. A box with no answer waiting fails
    the test, naming its text, so a box nobody expected never passes unnoticed.
    """

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[QMessageBox.StandardButton] = []
        self.unanswered: list[str] = []

    def answer(self, *buttons: QMessageBox.StandardButton) -> None:
        """Prepare the buttons the next boxes get, in order."""
        self.answers.extend(buttons)

    def show(self, kind: str, text: str) -> QMessageBox.StandardButton:
        """Record a box and give it the next prepared answer (or fail the test)."""
        self.append((kind, text))
        if not self.answers:
            self.unanswered.append(f"{kind}: {text}")
            pytest.fail(f"a {kind} message box popped up with no answer prepared: {text!r}",
                        pytrace=False)
        return self.answers.pop(0)


@pytest.fixture(autouse=True)
def _qt_isolation(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[MessageBoxes]:
    """QSettings in a temp folder; message boxes answered from the test, never blocking."""
    settings_dir = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings_dir))
    QCoreApplication.setOrganizationName("FragmentTests")
    QCoreApplication.setApplicationName("FragmentTests")
    shown = MessageBoxes()

    def static_box(kind: str):  # type: ignore[no-untyped-def]
        def box(_parent: object, _title: str, text: str, *args: object, **kwargs: object):
            return shown.show(kind, text)
        return box

    for name in ("warning", "critical", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(static_box(name)))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.show("exec", self.text()))
    yield shown
    # The failure raised inside the app may have been swallowed on its way out: fail here too.
    if shown.unanswered:
        pytest.fail("message boxes popped up with no answer prepared: "
                    + "; ".join(shown.unanswered), pytrace=False)
    if shown.answers:
        pytest.fail(f"answers prepared for message boxes that never popped up: "
                    f"{[a.name for a in shown.answers]}", pytrace=False)


@pytest.fixture(autouse=True)
def _pool_drained() -> Iterator[None]:
    """Each test starts with an idle shared thread pool: jobs a previous test left running
    (a decode, a crop) never hold the pool's two threads while this test waits for its own."""
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(60000)
    yield


@pytest.fixture
def messages(_qt_isolation: MessageBoxes) -> MessageBoxes:
    """Message boxes shown during the test, as (kind, text); prepare answers with
    ``messages.answer(...)`` before the action that shows one."""
    return _qt_isolation


@pytest.fixture
def file_dialogs(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Answers for QFileDialog/QInputDialog: set keys 'save', 'open', 'dir', 'text'."""
    answers: dict[str, object] = {}
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(answers.get("save", "")), "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(p) for p in answers.get("open", [])],
                                                      "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: str(answers.get("dir", ""))))
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *a, **k: (str(answers.get("text", "Case")), True)))
    return answers


@pytest.fixture
def window(qtbot, new_case) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A main window with the empty test case open."""
    from desktop.qt.main_window import MainWindow

    win = MainWindow.create()
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    win.activateWindow()  # shortcuts only fire in the active window
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)
    win._set_case(new_case)
    qtbot.waitUntil(lambda: not win.browser.loading, timeout=20000)
    yield win
    win.jobs.cancel_all()
    win.jobs.wait()
    win.ctx.case = None  # new_case closes itself


def orientation6_photo(folder: Path, name: str = "rotated.jpg") -> Path:
    """A 300×200 stored JPEG with EXIF orientation 6 (shown 200 wide, 300 high).

    The top-left stored quarter is red, so after rotation the red block is top-right.
    """
    from PIL import Image

    image = Image.new("RGB", (300, 200), (40, 40, 40))
    image.paste((220, 20, 20), (0, 0, 150, 100))
    exif = Image.Exif()
    exif[0x0112] = 6
    path = folder / name
    image.save(path, "JPEG", exif=exif.tobytes(), quality=95)
    return path


def pick(qtbot, combo, data: object) -> None:  # type: ignore[no-untyped-def]
    """Choose the item of ``combo`` whose data is ``data`` as a user does with the mouse:
    open the list and click the item (which emits ``activated`` once, as for a user)."""
    from PySide6.QtCore import Qt

    target = combo.findData(data)
    assert target >= 0, f"{data!r} is not among the choices of {combo.objectName() or combo}"
    assert combo.isEnabled(), f"the box offering {data!r} is disabled"
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=10000)
    index = view.model().index(target, combo.modelColumn(), view.rootIndex())
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert rect.isValid(), f"{data!r} is not shown in the open list"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=10000)
    assert combo.currentIndex() == target, f"clicking {data!r} in the list did not choose it"
