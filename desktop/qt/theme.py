"""A dark palette when the system is set to dark, following the setting while running.

Qt's native styles on Windows 11 and macOS darken themselves; Fusion (Linux, and a
fallback elsewhere) keeps its light palette unless the platform theme hands it a dark one.
``ThemeFollower`` watches ``QStyleHints.colorScheme`` and, when the system asks for dark
and the palette Qt gave is still light, installs a dark Fusion palette; back to light, it
restores the style's own palette.

Text the app colours itself (errors, hints, stances, claim statuses) takes its colour from
``text_color``, which has a light and a dark set; every text colour, and every text role of
both palettes, reads at WCAG AA contrast (4.5:1) on the backgrounds it is drawn on
(``tests/qt/test_theme_contrast.py`` computes them). The light palette is the style's own
with its greyed text roles (placeholders, disabled labels) darkened to reach it.
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
        Role.ToolTipText: "#f0f0f0", Role.PlaceholderText: "#9e9e9e", Role.Text: "#e6e6e6",
        Role.Button: "#353535", Role.ButtonText: "#e6e6e6", Role.BrightText: "#ff6b6b",
        Role.Light: "#4a4a4a", Role.Midlight: "#3e3e3e", Role.Mid: "#5a5a5a",
        Role.Dark: "#1a1a1a", Role.Shadow: "#000000", Role.Highlight: "#2f65ca",
        Role.HighlightedText: "#ffffff", Role.Link: "#7aa7ff", Role.LinkVisited: "#b48cff",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, QColor(DISABLED_DARK))
    return palette


DISABLED_DARK = "#a3a3a3"  # 4.8:1 on the dark button colour, still apart from #e6e6e6
GREYED_LIGHT = "#6b6b6b"  # 4.6:1 on Fusion's light window colour (#efefef)


def light_palette(palette: QPalette) -> QPalette:
    """``palette`` (the style's light one) with its greyed text readable: placeholders and
    disabled text at AA contrast on the window and field colours."""
    tuned = QPalette(palette)
    for group in (Group.Active, Group.Inactive, Group.Disabled):
        tuned.setColor(group, Role.PlaceholderText, QColor(GREYED_LIGHT))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        tuned.setColor(Group.Disabled, role, QColor(GREYED_LIGHT))
    # Fusion's selection blue (#308cc6) under white text is 3.7:1: darken it until 4.5
    for group in (Group.Active, Group.Inactive):
        highlight = tuned.color(group, Role.Highlight)
        text = tuned.color(group, Role.HighlightedText)
        while _contrast(highlight, text) < 4.6 and highlight.lightness() > 20:
            highlight = highlight.darker(108)
        tuned.setColor(group, Role.Highlight, highlight)
    return tuned


def _luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF()))


def _contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


#: Colours of text the app colours itself, for a light and a dark background.
TEXT_COLORS: dict[str, tuple[str, str]] = {
    "error": ("#b00020", "#ff8a80"),
    "ok": ("#1f5130", "#7fd49a"),
    "hint": (GREYED_LIGHT, "#9e9e9e"),
    "supports": ("#1e7a3c", "#6fcf8a"),
    "contradicts": ("#b00020", "#ff8a80"),
    "context": ("#4a5a6a", "#a9bacb"),
    "unverified": (GREYED_LIGHT, "#a8a8a8"),
    "corroborated": ("#1e7a3c", "#6fcf8a"),
    "disputed": ("#9a5b00", "#f0a94e"),
    "refuted": ("#b00020", "#ff8a80"),
}


def is_dark(palette: QPalette | None = None) -> bool:
    """True when ``palette`` (default: the application's) draws light text on dark."""
    palette = palette if palette is not None else QApplication.palette()
    return palette.color(Role.Base).lightness() < 128


def text_color(name: str, palette: QPalette | None = None) -> QColor:
    """The colour of text of kind ``name`` (``error``, ``hint``, a stance, a claim status)
    readable on ``palette``'s backgrounds (default: the application's palette)."""
    light, dark = TEXT_COLORS[name]
    return QColor(dark if is_dark(palette) else light)


def color_style(name: str) -> str:
    """A style sheet setting the text colour ``text_color(name)``."""
    return f"color: {text_color(name).name()};"


class ThemeFollower(QObject):
    """Keeps the application's palette in step with the system's light or dark setting."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.dark = False  # what the system asks for
        self._installed = False  # whether the dark palette in use is ours to take back
        if not is_dark(app.palette()):
            app.setPalette(light_palette(app.palette()))
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
            self.app.setPalette(light_palette(self.app.style().standardPalette()))
            self._installed = False
