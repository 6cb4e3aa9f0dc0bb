"""The window turns dark when the system is set to dark, and light again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from desktop.qt.theme import ThemeFollower


def test_the_palette_follows_the_system_setting(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    light = app.palette().color(QPalette.ColorRole.Window)
    follower = ThemeFollower(app)
    try:
        # the signal Qt emits when the user switches the system to dark
        app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert follower.dark
        window_color = app.palette().color(QPalette.ColorRole.Window)
        text = app.palette().color(QPalette.ColorRole.WindowText)
        assert window_color.lightness() < 60 and text.lightness() > 200
        qtbot.waitUntil(lambda: window.palette().color(QPalette.ColorRole.Window)
                        == window_color, timeout=5000)  # widgets follow the application
        shot = window.grab().toImage()
        assert shot.pixelColor(5, shot.height() - 5).lightness() < 80  # the status bar
        app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
        assert not follower.dark
        assert app.palette().color(QPalette.ColorRole.Window) == light
    finally:
        app.setPalette(app.style().standardPalette())
        follower.deleteLater()
