"""Menus, toolbars and docks of the main window, built from the action registry.

Kept apart from ``main_window.py`` so that the window class only composes and handles the
case lifecycle. Dock object names are stable so ``QMainWindow.saveState`` can restore them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QMainWindow,
    QMenu,
    QScrollArea,
    QTabBar,
    QToolBar,
    QWidget,
)

from desktop.qt.actions import PAGE_ACTIONS, TOOL_ACTIONS, ActionId, ActionRegistry

Area = Qt.DockWidgetArea


@dataclass(frozen=True)
class DockSpec:
    """A dock: stable object name, title, area, and the dock it is tabbed with."""

    name: str
    title: str
    area: Area
    tab_with: str = ""


def make_dock(window: QMainWindow, name: str, title: str, widget: QWidget, *,
              scroll: bool = False) -> QDockWidget:
    """A movable, closable, floatable dock holding ``widget``.

    With ``scroll`` the widget sits in a scroll area, so a tall panel does not force its
    minimum height on the dock area (and squeeze the viewer).
    """
    dock = QDockWidget(title, window)
    dock.setObjectName(f"dock.{name}")
    if scroll:
        area = QScrollArea(dock)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(widget)
        dock.setWidget(area)
    else:
        dock.setWidget(widget)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                     | QDockWidget.DockWidgetFeature.DockWidgetClosable
                     | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
    return dock


def arrange_docks(window: QMainWindow, docks: dict[str, QDockWidget],
                  specs: list[DockSpec]) -> None:
    """Put docks in their default areas and tabify them (the "Reset Layout" state)."""
    for spec in specs:
        window.removeDockWidget(docks[spec.name])  # start from a clean slate on reset
    last_of_group: dict[str, str] = {}
    for spec in specs:
        dock = docks[spec.name]
        dock.setFloating(False)
        if spec.tab_with:
            # Tabify onto the group's latest member straight away: adding every dock to the
            # area first and tabifying later leaves a stale duplicate tab bar in Qt 6.
            previous = last_of_group.get(spec.tab_with, spec.tab_with)
            window.tabifyDockWidget(docks[previous], dock)
            last_of_group[spec.tab_with] = spec.name
        else:
            window.addDockWidget(spec.area, dock)
    for spec in specs:
        docks[spec.name].show()  # after placing it: showing first makes a stray tab bar
    for spec in specs:  # the first dock of each tab group is the one shown
        if not spec.tab_with:
            docks[spec.name].raise_()
    hide_stale_tab_bars(window)


def hide_stale_tab_bars(window: QMainWindow) -> int:
    """Hide dock tab bars that Qt left behind; returns how many were hidden.

    Qt 6 keeps the tab bar of an intermediate state visible when a second group of docks is
    tabified (a bar showing "Claims, Sources" under the real "Claims, Sources, Evidence,
    Map" one). A bar whose tabs are all shown by a larger bar is such a leftover.
    """
    bars = [b for b in window.findChildren(QTabBar) if b.parent() is window and not b.isHidden()]
    tabs = {b: {b.tabText(i) for i in range(b.count())} for b in bars}
    hidden = 0
    for bar in bars:
        if any(other is not bar and tabs[bar] < tabs[other] for other in bars):
            bar.hide()
            hidden += 1
    return hidden


def build_menus(window: QMainWindow, actions: ActionRegistry, docks: dict[str, QDockWidget],
                recent_menu_filler: Callable[[QMenu], None]) -> dict[str, QMenu]:
    """The menu bar; returns the menus by name."""
    bar = window.menuBar()
    tr = window.tr
    menus: dict[str, QMenu] = {}
    file_menu = bar.addMenu(tr("&File"))
    file_menu.addAction(actions[ActionId.NEW_CASE])
    file_menu.addAction(actions[ActionId.OPEN_CASE])
    recent = file_menu.addMenu(tr("Open &Recent"))
    recent.setObjectName("menu.recent")
    recent.aboutToShow.connect(lambda: recent_menu_filler(recent))
    recent_menu_filler(recent)
    file_menu.addAction(actions[ActionId.OPEN_DEMO])
    file_menu.addAction(actions[ActionId.CLOSE_CASE])
    file_menu.addSeparator()
    file_menu.addAction(actions[ActionId.IMPORT_PHOTOS])
    file_menu.addAction(actions[ActionId.IMPORT_FOLDER])
    file_menu.addAction(actions[ActionId.PICK_FRAME])
    file_menu.addSeparator()
    file_menu.addAction(actions[ActionId.EXPORT])
    file_menu.addSeparator()
    file_menu.addAction(actions[ActionId.QUIT])
    menus["file"], menus["recent"] = file_menu, recent

    edit = bar.addMenu(tr("&Edit"))
    edit.addAction(actions[ActionId.UNDO])
    edit.addAction(actions[ActionId.REDO])
    edit.addSeparator()
    edit.addAction(actions[ActionId.DELETE])
    edit.addAction(actions[ActionId.LINK_TO_CLAIM])
    edit.addAction(actions[ActionId.SUGGEST_READING])
    edit.addSeparator()
    selected = edit.addMenu(tr("Selected &Photos"))
    selected.setObjectName("menu.selected_photos")
    for action_id in (ActionId.ADD_TAG, ActionId.REMOVE_TAG, ActionId.LINK_PHOTOS,
                      ActionId.EXPORT_SELECTION):
        selected.addAction(actions[action_id])
    edit.addSeparator()
    edit.addAction(actions[ActionId.FIND])
    menus["edit"], menus["selected_photos"] = edit, selected

    view = bar.addMenu(tr("&View"))
    for action_id in (ActionId.ZOOM_IN, ActionId.ZOOM_OUT, ActionId.ZOOM_FIT,
                      ActionId.ZOOM_ORIGINAL, ActionId.LOUPE):
        view.addAction(actions[action_id])
    view.addSeparator()
    view.addAction(actions[ActionId.PREVIOUS_PHOTO])
    view.addAction(actions[ActionId.NEXT_PHOTO])
    view.addSeparator()
    for action_id in PAGE_ACTIONS.values():
        view.addAction(actions[action_id])
    view.addSeparator()
    panels = view.addMenu(tr("&Panels"))
    for dock in docks.values():
        panels.addAction(dock.toggleViewAction())
    view.addAction(actions[ActionId.RESET_LAYOUT])
    menus["view"] = view

    tools = bar.addMenu(tr("&Tools"))
    for action_id in TOOL_ACTIONS:
        tools.addAction(actions[action_id])
    menus["tools"] = tools

    help_menu = bar.addMenu(tr("&Help"))
    help_menu.addAction(actions[ActionId.USER_GUIDE])
    help_menu.addAction(actions[ActionId.SHORTCUTS])
    help_menu.addSeparator()
    help_menu.addAction(actions[ActionId.ABOUT])
    menus["help"] = help_menu
    return menus


def build_toolbar(window: QMainWindow, actions: ActionRegistry) -> QToolBar:
    """The main toolbar: case, import, undo, tools, zoom."""
    bar = QToolBar(window.tr("Main"), window)
    bar.setObjectName("toolbar.main")
    bar.setIconSize(QSize(22, 22))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    groups = (
        (ActionId.OPEN_CASE, ActionId.IMPORT_PHOTOS, ActionId.EXPORT),
        (ActionId.UNDO, ActionId.REDO),
        TOOL_ACTIONS,
        (ActionId.ZOOM_IN, ActionId.ZOOM_OUT, ActionId.ZOOM_FIT, ActionId.ZOOM_ORIGINAL,
         ActionId.LOUPE),
        (ActionId.PREVIOUS_PHOTO, ActionId.NEXT_PHOTO),
        (ActionId.LINK_TO_CLAIM, ActionId.DELETE),
    )
    for i, group in enumerate(groups):
        if i:
            bar.addSeparator()
        for action_id in group:
            bar.addAction(actions[action_id])
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar
