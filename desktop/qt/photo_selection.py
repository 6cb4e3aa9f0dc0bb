"""The actions on the photos selected in the browser: add a tag, remove a tag, link them
to a claim (each one undo step; Export Selected Photos lives with the export dialog).

The window hands each action the browser's selection when it is triggered; the dialogs
push the commands themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from desktop.qt.actions import ActionId, ActionRegistry
from desktop.qt.context import AppContext

#: The actions on a selection, in the order the menus show them.
SELECTION_ACTIONS = (ActionId.ADD_TAG, ActionId.REMOVE_TAG, ActionId.LINK_PHOTOS,
                     ActionId.EXPORT_SELECTION)


def add_tag(ctx: AppContext, photo_ids: list[int], parent: QWidget) -> None:
    """Ask for a tag and put it on every selected photo."""
    from desktop.qt.dialogs.tag_dialog import TagDialog

    if ctx.case is not None and photo_ids:
        TagDialog(ctx, photo_ids, parent=parent).exec()


def remove_tag(ctx: AppContext, photo_ids: list[int], parent: QWidget) -> None:
    """Ask which tag to take off every selected photo."""
    from desktop.qt.dialogs.tag_dialog import TagDialog

    if ctx.case is not None and photo_ids:
        TagDialog(ctx, photo_ids, remove=True, parent=parent).exec()


def link_to_claim(ctx: AppContext, photo_ids: list[int], parent: QWidget) -> None:
    """Link every selected photo to one claim with one stance and rationale."""
    from desktop.qt.dialogs.link_photos_dialog import LinkPhotosDialog

    if ctx.case is not None and photo_ids:
        LinkPhotosDialog(ctx, photo_ids, parent).exec()


def connect(registry: ActionRegistry, ctx: AppContext, selection: Callable[[], list[int]],
            parent: QWidget) -> None:
    """Run the selection dialogs when their actions are triggered."""
    for action_id, run in ((ActionId.ADD_TAG, add_tag), (ActionId.REMOVE_TAG, remove_tag),
                           (ActionId.LINK_PHOTOS, link_to_claim)):
        registry.on_triggered(action_id, lambda _=False, r=run: r(ctx, selection(), parent))
