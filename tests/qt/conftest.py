"""Qt test fixtures: offscreen platform, isolated QSettings, patched modal dialogs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox


@pytest.fixture(autouse=True)
def _qt_isolation(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str]]]:
    """QSettings in a temp folder; message boxes recorded instead of blocking."""
    settings_dir = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings_dir))
    QCoreApplication.setOrganizationName("FragmentTests")
    QCoreApplication.setApplicationName("FragmentTests")
    shown: list[tuple[str, str]] = []

    def record(kind: str):  # type: ignore[no-untyped-def]
        def box(_parent: object, title: str, text: str, *args: object, **kwargs: object):
            shown.append((kind, text))
            return QMessageBox.StandardButton.Ok
        return box

    for name in ("warning", "critical", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(record(name)))
    yield shown


@pytest.fixture
def messages(_qt_isolation: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Message boxes shown during the test, as (kind, text)."""
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
