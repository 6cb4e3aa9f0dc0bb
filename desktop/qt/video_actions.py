"""Opening the frame picker from the window: the video chosen in the Photos panel's Videos
section (double-click, Enter) or, from *File → Pick Frame from Video…*, the selected one."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

from desktop.qt.context import AppContext
from desktop.qt.dialogs.frame_picker import FramePicker
from desktop.qt.errors import show_error
from desktop.qt.jobs import JobRunner
from desktop.qt.panels.photo_browser import PhotoBrowser


class _Window(Protocol):
    ctx: AppContext
    jobs: JobRunner
    browser: PhotoBrowser


def open_frame_picker(window: _Window, video_id: int = 0) -> FramePicker | None:
    """Show the frame picker on ``video_id`` (0: the video selected in the Photos panel, or
    the first); one sentence when the case has no video."""
    videos = window.browser.videos
    wanted = video_id or videos.current_video_id()
    video = next((v for v in videos.videos() if v.id == wanted), None)
    parent = window if isinstance(window, QWidget) else None
    if window.ctx.case is None or video is None:
        show_error(parent, QCoreApplication.translate(
            "FramePicker", "This case has no video: import one first (Ctrl+I)."))
        return None
    picker = FramePicker(window.ctx, window.jobs, video, parent)
    picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # and its reader stops
    picker.show()
    picker.raise_()
    return picker
