"""What a layout test looks for in a window on screen: widgets cut off or squeezed.

A widget is *clipped* when part of it is hidden by its parents (a button half outside its
dock) and *squeezed* when it is narrower or shorter than the size its content needs (a
button whose text is cut, a line edit two characters wide). Widgets inside a scroll area's
viewport are meant to scroll and are only checked for sideways scrolling.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QDockWidget,
    QGraphicsView,
    QLabel,
    QLineEdit,
    QTabBar,
    QToolButton,
    QWidget,
)

CHECKED = (QAbstractButton, QComboBox, QLineEdit, QLabel)


def _scrolled(widget: QWidget) -> bool:
    """True inside a scroll area's viewport (a list, a scrolled panel)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return True
        parent = parent.parentWidget()
    return False


def _describe(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, (QAbstractButton, QLabel)):
        text = widget.text()
    elif isinstance(widget, QComboBox):
        text = widget.currentText()
    name = widget.objectName() or type(widget).__name__
    return f"{name} {text[:40]!r}" if text else name


def _covered(widget: QWidget) -> bool:
    """True inside a dock that sits behind another dock's tab (Qt keeps it "visible")."""
    parent: QWidget | None = widget
    while parent is not None:
        if isinstance(parent, QDockWidget):
            return parent.visibleRegion().isEmpty()
        parent = parent.parentWidget()
    return False


def layout_problems(window: QWidget) -> list[str]:
    """Every visible widget that is clipped or below its size hint, as sentences."""
    problems: list[str] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window or _covered(widget):
            continue
        if widget.objectName().startswith("qt_dockwidget_"):
            continue  # a dock's own title bar buttons (hidden under a tab when tabified)
        if isinstance(widget, QAbstractScrollArea) and not isinstance(widget, QGraphicsView):
            bar = widget.horizontalScrollBar()
            if bar.isVisible() and not isinstance(widget, QAbstractItemView):
                problems.append(f"{_describe(widget)} scrolls sideways ({bar.maximum()} px)")
            continue
        if not isinstance(widget, CHECKED) or _scrolled(widget):
            continue
        if isinstance(widget, QToolButton) and widget.parentWidget() is not None and \
                isinstance(widget.parentWidget(), QTabBar):
            continue  # a tab bar's own scroll arrows
        need = widget.minimumSizeHint()
        if isinstance(widget, QAbstractButton):
            need = widget.sizeHint()  # a push button below its hint cuts its text
        if isinstance(widget, QLabel) and widget.wordWrap():
            need.setWidth(min(need.width(), 60))
        if widget.width() < need.width() or widget.height() < need.height():
            problems.append(f"{_describe(widget)} is {widget.width()}x{widget.height()}, "
                            f"below its {need.width()}x{need.height()} hint")
            continue
        shown = widget.visibleRegion().boundingRect()
        if widget.rect().width() > 0 and (shown.width() < widget.width() - 1
                                          or shown.height() < widget.height() - 1):
            problems.append(f"{_describe(widget)} is cut: {shown.width()}x{shown.height()} of "
                            f"{widget.width()}x{widget.height()} shown")
    return problems
