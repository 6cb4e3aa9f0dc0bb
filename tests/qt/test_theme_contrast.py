"""Every text colour the window uses reads at WCAG AA contrast (4.5:1) on the backgrounds
it is drawn on, in the light palette and in the dark one."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QStyleFactory

from desktop.qt.theme import TEXT_COLORS, dark_palette, light_palette, text_color

Role, Group = QPalette.ColorRole, QPalette.ColorGroup
AA = 4.5

#: (text role, background roles) as the widgets draw them
PAIRS = (
    (Role.WindowText, (Role.Window,)),
    (Role.Text, (Role.Base, Role.AlternateBase)),
    (Role.ButtonText, (Role.Button,)),
    (Role.ToolTipText, (Role.ToolTipBase,)),
    (Role.HighlightedText, (Role.Highlight,)),
    (Role.PlaceholderText, (Role.Base, Role.Window)),  # hints sit on fields and panels
    (Role.Link, (Role.Base, Role.Window)),
)


def luminance(color: QColor) -> float:
    """WCAG 2 relative luminance."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_formula_matches_wcag() -> None:
    assert contrast(QColor("#000"), QColor("#fff")) == pytest.approx(21.0)
    assert contrast(QColor("#767676"), QColor("#fff")) == pytest.approx(4.54, abs=0.01)


def _palettes(qtbot) -> dict[str, QPalette]:  # type: ignore[no-untyped-def]
    fusion = QStyleFactory.create("Fusion")
    return {"light": light_palette(fusion.standardPalette()), "dark": dark_palette()}


def test_text_roles_of_both_palettes_reach_aa(qtbot) -> None:  # type: ignore[no-untyped-def]
    low = []
    for name, palette in _palettes(qtbot).items():
        for text, backgrounds in PAIRS:
            for group in (Group.Active, Group.Disabled):
                if group == Group.Disabled and text not in (
                        Role.WindowText, Role.Text, Role.ButtonText):
                    continue
                for background in backgrounds:
                    ratio = contrast(palette.color(group, text),
                                     palette.color(Group.Active, background))
                    if ratio < AA:
                        low.append(f"{name} {group.name} {text.name} on {background.name}: "
                                   f"{ratio:.2f}")
    assert low == []


def test_the_colours_the_app_writes_text_in_reach_aa(qtbot) -> None:  # type: ignore[no-untyped-def]
    low = []
    for name, palette in _palettes(qtbot).items():
        for kind in TEXT_COLORS:
            color = text_color(kind, palette)
            for background in (Role.Base, Role.AlternateBase, Role.Window):
                ratio = contrast(color, palette.color(background))
                if ratio < AA:
                    low.append(f"{name} {kind} on {background.name}: {ratio:.2f}")
    assert low == []


def test_disabled_text_stays_apart_from_enabled_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    for palette in _palettes(qtbot).values():
        enabled = palette.color(Group.Active, Role.ButtonText)
        disabled = palette.color(Group.Disabled, Role.ButtonText)
        assert contrast(enabled, disabled) > 1.5
