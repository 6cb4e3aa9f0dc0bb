"""A dark palette when the system is set to dark, following the setting while running.

Qt's native styles on Windows 11 and macOS darken themselves; Fusion (Linux, and a
fallback elsewhere) keeps its light palette unless the platform theme hands it a dark one.
``ThemeFollower`` watches ``QStyleHints.colorScheme`` and, when the system asks for dark
and the palette Qt gave is still light, installs a dark Fusion palette; back to light, it
restores the style's own palette.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

Role, Group = QPalette.ColorRole, QPalette.ColorGroup


def dark_palette() -> QPalette:
    """A dark palette with enough contrast for long reading (text on #2b2b2b)."""
    palette = QPalette()
    colors = {
        Role.Window: "#2b2b2b", Role.WindowText: "#e6e6e6", Role.Base: "#1f1f1f",
        Role.AlternateBase: "#262626", Role.ToolTipBase: "#3a3a3a",
        Role.ToolTipText: "#f0f0f0", Role.PlaceholderText: "#8c8c8c", Role.Text: "#e6e6e6",
        Role.Button: "#353535", Role.ButtonText: "#e6e6e6", Role.BrightText: "#ff6b6b",
        Role.Light: "#4a4a4a", Role.Midlight: "#3e3e3e", Role.Mid: "#5a5a5a",
        Role.Dark: "#1a1a1a", Role.Shadow: "#000000", Role.Highlight: "#2f65ca",
        Role.HighlightedText: "#ffffff", Role.Link: "#7aa7ff", Role.LinkVisited: "#b48cff",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, QColor("#7a7a7a"))
    return palette


class ThemeFollower(QObject):
    """Keeps the application's palette in step with the system's light or dark setting."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.dark = False  # what the system asks for
        self._installed = False  # whether the dark palette in use is ours to take back
        app.styleHints().colorSchemeChanged.connect(self.apply)
        self.apply(app.styleHints().colorScheme())

    def apply(self, scheme: Qt.ColorScheme) -> None:
        """Use the dark palette for ``Qt.ColorScheme.Dark``, the style's own otherwise."""
        want_dark = scheme == Qt.ColorScheme.Dark
        if want_dark == self.dark:
            return
        self.dark = want_dark
        if want_dark:
            if self.app.palette().color(Role.Window).lightness() < 128:
                return  # the platform's style is dark already
            self.app.setPalette(dark_palette())
            self._installed = True
        elif self._installed:
            self.app.setPalette(self.app.style().standardPalette())
            self._installed = False
