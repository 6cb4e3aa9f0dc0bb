"""Help > About (version, licence, licence files) and cases opened from Finder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication, QLabel

from desktop import __version__
from desktop.core.casefile import CaseFile
from desktop.qt.dialogs.about_dialog import AboutDialog, licence_files
from desktop.qt.file_open import FileOpenHandler


def test_about_shows_the_version_and_licence_and_opens_the_licence(qtbot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert f"Fragment {__version__}" in text
    assert "GNU General Public License, version 3 or later" in text
    files = licence_files()
    # A source checkout ships LICENSE; the notices and SBOM exist in installer builds only.
    assert files["licence"] is not None and files["licence"].name == "LICENSE"
    assert dialog.buttons["licence"].isEnabled()
    assert not dialog.buttons["notices"].isEnabled()
    assert "installer builds" in dialog.buttons["sbom"].toolTip()
    dialog.grab().save("/tmp/packaging-about.png")


def test_a_case_opened_from_finder_is_opened_once_the_window_exists(tmp_path: Path) -> None:
    app = QApplication.instance()
    assert app is not None
    CaseFile.create(tmp_path / "Finder", title="From Finder").close()
    handler = FileOpenHandler()
    app.installEventFilter(handler)
    opened: list[Path] = []
    try:
        # Before a window is attached (a launch from Finder) the path waits.
        QApplication.sendEvent(app, QFileOpenEvent(str(tmp_path / "Finder.fragment")))
        assert handler.pending == [tmp_path / "Finder.fragment"] and opened == []
        assert handler.attach(opened.append) is True
        assert opened == [tmp_path / "Finder.fragment"] and handler.pending == []
        # While running, the next case goes straight to the window.
        QApplication.sendEvent(app, QFileOpenEvent(QUrl.fromLocalFile(str(tmp_path / "B"))))
        assert opened[-1] == tmp_path / "B"
    finally:
        app.removeEventFilter(handler)
