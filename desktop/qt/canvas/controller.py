"""Binds the viewer to the case: loads the photo, mirrors annotations, turns tool output
into undoable commands, and applies view adjustments.

Flow: ``photo_selected`` -> the picture at view resolution (cached, or the thumbnail at
once and a decode in a worker; see ``picture.py``) -> annotations read through queries.
A tool's ``Created``/``Edited`` becomes one ``CreateAnnotation``/``EditAnnotation`` pushed
on the undo stack; the resulting ``changes_applied`` notice makes the scene re-read.
Nothing here writes to the database except through commands.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.adjustments import normalize_adjustments
from desktop.core.changes import Changes
from desktop.core.errors import FragmentError
from desktop.core.measurements import ScaleReference
from desktop.core.ops.annotation_commands import (
    CreateAnnotation,
    DeleteAnnotation,
    EditAnnotation,
)
from desktop.core.ops.investigation_commands import EditPhoto
from desktop.core.picture_cache import PictureCache
from desktop.core.queries.photos import PhotoInfo, get_photo
from desktop.qt.canvas.measure_preview import measure_shape, photo_references
from desktop.qt.canvas.measure_text import hint_text, label_value, status_value
from desktop.qt.canvas.measure_tool import MeasureTool
from desktop.qt.canvas.picture import PictureLoader
from desktop.qt.canvas.tools import Created, Edited, Selected
from desktop.qt.canvas.view import PhotoView
from desktop.qt.context import AppContext
from desktop.qt.jobs import JobRunner
from desktop.qt.undo import push_command


def list_photo_annotations(ctx: AppContext, photo_id: int) -> list[Any]:
    """The photo's annotation DTOs (empty when no case is open)."""
    from desktop.core.queries.investigation import list_annotations

    if ctx.case is None:
        return []
    return list(ctx.case.read(list_annotations, photo_id))


def stored_adjustments(photo: PhotoInfo) -> dict[str, Any]:
    """The view adjustments remembered for a photo (neutral when none were saved)."""
    try:
        return normalize_adjustments(dict(photo.view_adjustments) or None)
    except FragmentError:  # an unreadable stored value must not stop the photo from showing
        return normalize_adjustments(None)


class CanvasController(QObject):
    """The viewer's link to the open case."""

    #: the photo shown changed (PhotoInfo or None)
    photo_changed = Signal(object)
    #: the shown photo is at least at view resolution (sharp when fitted)
    sharp_ready = Signal()
    #: the full-resolution picture is shown (decoded only when zoomed in)
    full_resolution_ready = Signal()
    #: the current adjustments changed (a normalised dict)
    adjustments_changed = Signal(object)
    #: the live value of what is being measured, or what the measure tool wants next
    #: ("" when there is nothing to say)
    measure_status = Signal(str)

    def __init__(self, ctx: AppContext, view: PhotoView, jobs: JobRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = view
        self.jobs = jobs
        self.photo: PhotoInfo | None = None
        self.annotations: list[Any] = []
        self.references: tuple[ScaleReference, ...] = ()
        self.adjustments: dict[str, Any] = normalize_adjustments(None)
        self.pictures = PictureLoader(view, jobs, parent=self)
        self.pictures.sharp.connect(self.sharp_ready)
        self.pictures.full_resolution.connect(self.full_resolution_ready)
        self.pictures.failed.connect(ctx.bus.status_message)
        #: the photos to decode ahead of ``photo_id`` (the main window asks the browser)
        self.neighbours: Callable[[int], Sequence[PhotoInfo]] = lambda _photo_id: ()
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(600)
        self._save_timer.timeout.connect(self._save_adjustments)
        self._saved_adjustments: dict[str, Any] = dict(self.adjustments)
        bus = ctx.bus
        bus.case_changed.connect(lambda _case: self.show_photo(None))
        bus.photo_selected.connect(self.show_photo)
        bus.changes_applied.connect(self._on_changes)
        bus.annotation_selected.connect(self._on_annotation_selected)
        view.tool_output.connect(self._on_tool_output)
        view.preview_changed.connect(self._on_preview)

    # -- photo -----------------------------------------------------------------------
    @property
    def cache(self) -> PictureCache:
        """The decoded pictures kept for the viewer."""
        return self.pictures.cache

    def show_photo(self, photo_id: int | None) -> None:
        """Show a photo (``None`` or 0 clears the viewer)."""
        self._flush_adjustments()
        info = None
        if photo_id and self.ctx.case is not None:
            info = self.ctx.case.read(get_photo, photo_id)
        self.photo = info
        self.annotations = []
        self.view.canvas.clear_annotations()
        if info is None:
            self.pictures.show(self.ctx.case, None, self.adjustments)
            self.photo_changed.emit(None)
            return
        self.adjustments = stored_adjustments(info)
        self._saved_adjustments = dict(self.adjustments)
        self.pictures.show(self.ctx.case, info, self.adjustments, self.neighbours(info.id))
        self.adjustments_changed.emit(dict(self.adjustments))
        self.reload_annotations()
        self.photo_changed.emit(info)

    def is_sharp(self) -> bool:
        """True once the picture shown has the resolution the current zoom needs."""
        return self.pictures.is_sharp()

    def is_full_resolution(self) -> bool:
        """True once the decoded image has the photo's displayed width."""
        return self.photo is not None and self.view.canvas.decoded_width() == self.photo.width

    # -- adjustments -----------------------------------------------------------------
    def set_adjustments(self, adjustments: Mapping[str, Any]) -> None:
        """Show the photo with new view adjustments; saved for the photo shortly after."""
        if self.photo is None:
            return
        self.adjustments = normalize_adjustments(adjustments)
        self.pictures.set_adjustments(self.adjustments)
        self._save_timer.start()

    def _flush_adjustments(self) -> None:
        if self._save_timer.isActive():
            self._save_timer.stop()
            self._save_adjustments()

    def _save_adjustments(self) -> None:
        """One undoable "Adjust view" per pause in slider movement."""
        if self.photo is None or self.adjustments == self._saved_adjustments:
            return
        if self.ctx.case is None or self.ctx.case.readonly:
            return
        before = {"view_adjustments": dict(self._saved_adjustments)}
        after = {"view_adjustments": dict(self.adjustments)}
        self._saved_adjustments = dict(self.adjustments)
        wrapper = push_command(self.ctx, EditPhoto(self.photo.id, after, before,
                                                   expected_version=self.photo.version))
        if wrapper.error is not None:  # someone changed the photo since: show its state
            self._saved_adjustments = dict(before["view_adjustments"])
            self._photo_updated()

    # -- annotations -----------------------------------------------------------------
    def reload_annotations(self) -> None:
        """Re-read the photo's annotations and mirror them in the scene."""
        if self.photo is None:
            return
        self.annotations = list_photo_annotations(self.ctx, self.photo.id)
        self.references = photo_references(self.annotations)
        self.view.canvas.sync(self.annotations, self._measured_values())
        self.view.refresh_shapes()

    def _measured_values(self) -> dict[int, str]:
        """The value shown beside each measurement of the photo."""
        values: dict[int, str] = {}
        for a in self.annotations:
            if str(a.kind) != "measurement":
                continue
            measured = measure_shape(str(a.shape_type), dict(a.geometry), self.references)
            if measured is not None:
                values[a.id] = label_value(measured)
        return values

    # -- measuring -------------------------------------------------------------------
    def _on_preview(self, shape_type: str, geometry: object, kind: str) -> None:
        """Show the length of the shape being drawn or dragged, live (a scale reference's
        own length in pixels: its real length is what the user types next)."""
        measured = None
        if isinstance(geometry, dict) and kind in ("measurement", "scale_reference"):
            refs = self.references if kind == "measurement" else ()
            measured = measure_shape(shape_type, geometry, refs)
        if measured is None:
            self.view.canvas.set_preview_value("")
            tool = self.view.tool
            self.measure_status.emit(hint_text(tool.hint()) if isinstance(tool, MeasureTool)
                                     else "")
            return
        self.view.canvas.set_preview_value(label_value(measured))
        self.measure_status.emit(status_value(measured, shape_type, kind))

    def _on_changes(self, changes: Changes) -> None:
        if self.photo is None:
            return
        if changes.touches("annotation"):
            self.reload_annotations()
        photo_ref = ("photo", self.photo.id)
        if any(tuple(r) == photo_ref for r in changes.deleted):
            self.show_photo(None)
        elif any(tuple(r) == photo_ref for r in changes.updated):
            self._photo_updated()

    def _photo_updated(self) -> None:
        """Adjustments may have changed by undo/redo: follow the stored value."""
        if self.photo is None or self.ctx.case is None:
            return
        info = self.ctx.case.read(get_photo, self.photo.id)
        if info is None:
            return
        self.photo = info
        if self._save_timer.isActive():
            return  # the user is still moving a slider
        fresh = stored_adjustments(info)
        if fresh != self.adjustments:
            self._saved_adjustments = dict(fresh)
            self.set_adjustments(fresh)
            self._save_timer.stop()
            self.adjustments_changed.emit(dict(fresh))

    def annotation(self, annotation_id: int) -> Any | None:
        """The DTO of an annotation on the shown photo."""
        return next((a for a in self.annotations if a.id == annotation_id), None)

    def _on_annotation_selected(self, annotation_id: int) -> None:
        if self.view.canvas.selected_id != (annotation_id or None):
            self.view.select(annotation_id or None)

    def _on_tool_output(self, output: object) -> None:
        if isinstance(output, Selected):
            self.ctx.bus.annotation_selected.emit(output.annotation_id or 0)
            return
        if self.photo is None or self.ctx.case is None or self.ctx.case.readonly:
            return
        if isinstance(output, Created):
            command = CreateAnnotation(photo_id=self.photo.id, shape_type=output.shape_type,
                                       geometry=output.geometry,
                                       kind=output.kind or "other")
            wrapper = push_command(self.ctx, command)
            if wrapper.error is None and command.created_id is not None:
                self.view.select(command.created_id)
                self.ctx.bus.annotation_selected.emit(command.created_id)
                self.ctx.bus.annotation_created.emit(command.created_id)
        elif isinstance(output, Edited):
            current = self.annotation(output.annotation_id)
            number = getattr(current, "label", None) or getattr(current, "number", None)
            wrapper = push_command(self.ctx, EditAnnotation(
                output.annotation_id, {"geometry": output.before}, {"geometry": output.after},
                number=number, expected_version=getattr(current, "version", None)))
            if wrapper.error is not None:  # e.g. moved by someone else meanwhile
                self.reload_annotations()

    def delete_selected(self) -> None:
        """Delete the selected annotation (one undo step)."""
        selected = self.view.canvas.selected_id
        if selected is None or self.ctx.case is None:
            return
        current = self.annotation(selected)
        name = getattr(current, "label", None) or getattr(current, "number", None)
        wrapper = push_command(self.ctx, DeleteAnnotation(
            selected, number=name, expected_version=getattr(current, "version", None)))
        if wrapper.error is not None:  # changed by someone else meanwhile: keep it shown
            self.reload_annotations()
            return
        self.ctx.bus.annotation_selected.emit(0)
