"""The photo viewer: zoom, pan, and mouse input forwarded to the active canvas tool.

Zoom with the wheel, ``+``/``-``, fit (``F``), one-to-one (``1``). Pan by dragging empty
space with the select tool, with the middle button, or with space held down. Mouse positions
are mapped to scene coordinates, which are displayed-image pixels (the scene scales whatever
resolution is decoded), and handed to the Qt-free tools in ``tools.py``; their results are
emitted as ``tool_output`` for the controller to turn into undoable commands.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsView, QLabel, QWidget

from desktop.qt.canvas.loupe import Loupe
from desktop.qt.canvas.measure_tool import MeasureMode, MeasureTool
from desktop.qt.canvas.scene import AnnotationScene
from desktop.qt.canvas.toolbox import Tool, make_tool
from desktop.qt.canvas.tools import (
    Bounds,
    Edited,
    Selected,
    SelectTool,
    ToolKind,
    ToolOutput,
    translate,
)

MIN_ZOOM = 0.02
MAX_ZOOM = 32.0
ZOOM_STEP = 1.25
HIT_PX = 7.0  # how close (screen pixels) the pointer must be to a handle or edge

_SHAPE_OF_TOOL = {ToolKind.RECTANGLE: "rect", ToolKind.POLYGON: "polygon",
                  ToolKind.POINT: "point"}
_KEYS = {Qt.Key.Key_Escape: "escape", Qt.Key.Key_Return: "enter", Qt.Key.Key_Enter: "enter",
         Qt.Key.Key_Backspace: "backspace"}
_ARROWS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1),
           Qt.Key.Key_Down: (0, 1)}


class PhotoView(QGraphicsView):
    """Shows one photo and its annotations; drives the canvas tools."""

    #: a ``Created``, ``Edited`` or ``Selected`` from the active tool
    tool_output = Signal(object)
    #: the zoom factor (screen pixels per image pixel) changed
    zoom_changed = Signal(float)
    #: the pointer is over image pixel (x, y)
    pointer_moved = Signal(float, float)
    #: The pointer left the photo (or the view): its position is no longer known.
    pointer_left = Signal()
    #: the shape being drawn or dragged changed: (shape type, geometry, annotation kind),
    #: or ("", None, "") when nothing is being drawn
    preview_changed = Signal(str, object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = AnnotationScene(self)
        self.setScene(self.canvas)
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.SmoothPixmapTransform)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Photo viewer"))
        self.tool: Tool = SelectTool(Bounds(0, 0))
        #: what the measure tool draws (kept when switching tools or photos)
        self.measure_mode = MeasureMode.LINE
        self._space = False
        self._pan_from: QPointF | None = None
        self._fit_mode = True
        self.loupe = Loupe(self)
        self.placeholder = QLabel(self.viewport())
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #d0d0d0; font-size: 15px;")
        self.placeholder.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.sharpening = QLabel(self.tr("Sharpening…"), self.viewport())
        self.sharpening.setStyleSheet("color: #f0f0f0; background: rgba(0, 0, 0, 150); "
                                      "padding: 3px 8px; border-radius: 3px;")
        self.sharpening.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.sharpening.hide()
        # shown only when sharpening takes a noticeable time, so quick decodes never flash it
        self._sharpening_timer = QTimer(self)
        self._sharpening_timer.setSingleShot(True)
        self._sharpening_timer.setInterval(250)
        self._sharpening_timer.timeout.connect(self._show_sharpening)

    def set_sharpening(self, busy: bool) -> None:
        """Say "Sharpening…" while a sharper picture of the photo is being decoded."""
        if busy:
            if not self.sharpening.isVisible() and not self._sharpening_timer.isActive():
                self._sharpening_timer.start()
        else:
            self._sharpening_timer.stop()
            self.sharpening.hide()

    def _show_sharpening(self) -> None:
        self.sharpening.adjustSize()
        self.sharpening.move(8, max(0, self.viewport().height() - self.sharpening.height() - 8))
        self.sharpening.show()

    def set_placeholder(self, text: str) -> None:
        """Text shown in the middle of the viewer while no photo is shown."""
        self.placeholder.setText(text)
        self._place_placeholder()

    def _place_placeholder(self) -> None:
        rect = self.viewport().rect().adjusted(40, 40, -40, -40)
        self.placeholder.setGeometry(rect)
        self.placeholder.setVisible(self.canvas.image_size == (0, 0)
                                    and bool(self.placeholder.text()))

    # -- image and tools -------------------------------------------------------------
    def show_image(self, image: QImage | None, size: tuple[int, int], *,
                   reset_view: bool) -> None:
        """Display ``image`` as a photo of displayed size ``size``; optionally fit it."""
        self.canvas.set_image(image, size)
        self._place_placeholder()
        self.tool = self._make_tool(self.tool.kind, Bounds(*size))
        self.refresh_shapes()
        if reset_view:
            self.fit()

    def _make_tool(self, kind: ToolKind, bounds: Bounds) -> Tool:
        return make_tool(kind, bounds, self.measure_mode)

    def set_tool(self, kind: ToolKind) -> None:
        """Switch tool (a shape in progress is dropped)."""
        self.tool.cancel()
        self.tool = self._make_tool(kind, Bounds(*self.canvas.image_size))
        self.refresh_shapes()
        self.canvas.set_preview(None, None)
        self.preview_changed.emit("", None, "")
        cursor = Qt.CursorShape.ArrowCursor if kind is ToolKind.SELECT \
            else Qt.CursorShape.CrossCursor
        self.viewport().setCursor(cursor)

    def set_measure_mode(self, mode: MeasureMode) -> None:
        """What the measure tool draws: a line, a polyline, a circle or a scale line."""
        self.measure_mode = mode
        if isinstance(self.tool, MeasureTool):
            self.set_tool(ToolKind.MEASURE)

    def refresh_shapes(self) -> None:
        """Give the select tool the current shapes and selection from the scene."""
        if isinstance(self.tool, SelectTool):
            self.tool.set_shapes(self.canvas.shapes())
            self.tool.selected = self.canvas.selected_id

    def select(self, annotation_id: int | None) -> None:
        """Select an annotation (from outside, e.g. the list) and bring it into view."""
        self.canvas.set_selected(annotation_id)
        self.refresh_shapes()
        item = self.canvas.items_by_id.get(annotation_id or 0)
        if item is not None:
            self.ensureVisible(item.boundingRect(), 40, 40)

    # -- zoom ------------------------------------------------------------------------
    def zoom(self) -> float:
        """Screen pixels per displayed-image pixel."""
        return self.transform().m11()

    def set_zoom(self, factor: float, *, anchor: QPointF | None = None) -> None:
        """Zoom to ``factor`` (clamped), keeping the photo point at viewport position
        ``anchor`` where it is (the view centre without one).

        The anchor is applied by hand from the event's own position: Qt's
        ``AnchorUnderMouse`` uses the last mouse-move position, which lags behind a wheel
        event (or is missing, when the pointer has not moved over the view yet). While the
        whole photo fits in the view it stays centred, so the point moves until the photo
        is larger than the view.
        """
        factor = min(max(factor, MIN_ZOOM), MAX_ZOOM)
        current = self.zoom()
        if current <= 0 or abs(factor - current) < 1e-9:
            return
        if anchor is None:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
            self.scale(factor / current, factor / current)
        else:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
            scene_point = self.viewportTransform().inverted()[0].map(anchor)
            self.scale(factor / current, factor / current)
            moved = self.viewportTransform().map(scene_point) - anchor
            for bar, delta in ((self.horizontalScrollBar(), moved.x()),
                               (self.verticalScrollBar(), moved.y())):
                bar.setValue(bar.value() + round(delta))
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self._fit_mode = False
        self._zoomed()

    def zoom_in(self) -> None:
        """One step closer."""
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        """One step further."""
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def one_to_one(self) -> None:
        """One image pixel per screen pixel."""
        self.set_zoom(1.0)

    def fit(self) -> None:
        """Show the whole photo; stays fitted when the window is resized."""
        if self.canvas.image_size == (0, 0):
            return
        self.fitInView(self.canvas.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self._fit_mode = True
        self._zoomed()

    def _zoomed(self) -> None:
        self.canvas.set_pixel_size(1.0 / max(self.zoom(), 1e-6))
        self.zoom_changed.emit(self.zoom())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the photo fitted while in fit mode."""
        super().resizeEvent(event)
        self._place_placeholder()
        if self._fit_mode:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Zoom around the pointer."""
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.set_zoom(self.zoom() * (ZOOM_STEP ** steps), anchor=event.position())
        event.accept()

    # -- mouse -----------------------------------------------------------------------
    def _tolerance(self) -> float:
        return HIT_PX / max(self.zoom(), 1e-6)

    def _scene_xy(self, event: QMouseEvent) -> tuple[float, float]:
        p = self.mapToScene(event.position().toPoint())
        return p.x(), p.y()

    def _start_pan(self, event: QMouseEvent) -> None:
        self._pan_from = event.position()
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Middle button or space+left pans; left feeds the tool."""
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton and self._space
        ):
            self._start_pan(event)
            return
        if event.button() == Qt.MouseButton.RightButton and self.canvas.image_size != (0, 0):
            self._select_under_pointer(event)  # so the context menu acts on that shape
            return
        if event.button() != Qt.MouseButton.LeftButton or self.canvas.image_size == (0, 0):
            super().mousePressEvent(event)
            return
        x, y = self._scene_xy(event)
        self._emit(self.tool.press(x, y, self._tolerance()))
        if isinstance(self.tool, SelectTool) and self.tool.dragging() is None:
            self._start_pan(event)  # dragging empty space pans
        self._update_preview()

    def _select_under_pointer(self, event: QMouseEvent) -> None:
        picker = SelectTool(Bounds(*self.canvas.image_size))
        picker.set_shapes(self.canvas.shapes())
        picker.selected = self.canvas.selected_id
        x, y = self._scene_xy(event)
        shape = picker.shape_at(x, y, self._tolerance())
        if shape is not None and shape.annotation_id != self.canvas.selected_id:
            self._emit(Selected(shape.annotation_id))
            self.refresh_shapes()

    def viewportEvent(self, event: QEvent) -> bool:
        """The pointer leaving the view clears its position in the status bar."""
        if event.type() == QEvent.Type.Leave:
            self.pointer_left.emit()
        return super().viewportEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Pan, or let the tool follow the pointer."""
        x, y = self._scene_xy(event)
        width, height = self.canvas.image_size
        if 0 <= x < width and 0 <= y < height:
            self.pointer_moved.emit(x, y)
        else:
            self.pointer_left.emit()  # over the margin: no photo pixel to name
        self.loupe.follow(event.position())
        if self._pan_from is not None:
            delta = event.position() - self._pan_from
            self._pan_from = event.position()
            self.horizontalScrollBar().setValue(int(self.horizontalScrollBar().value()
                                                    - delta.x()))
            self.verticalScrollBar().setValue(int(self.verticalScrollBar().value() - delta.y()))
            return
        self._emit(self.tool.move(x, y))
        self._update_preview()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """End a pan, or finish the tool's gesture."""
        if self._pan_from is not None:
            self._pan_from = None
            self.set_tool_cursor()
            return
        if event.button() == Qt.MouseButton.LeftButton:
            x, y = self._scene_xy(event)
            self._emit(self.tool.release(x, y))
            self._update_preview()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Close a polygon, or add/remove a vertex of the selected polygon."""
        if event.button() != Qt.MouseButton.LeftButton:
            return
        x, y = self._scene_xy(event)
        self._emit(self.tool.double_click(x, y, self._tolerance()))
        self._update_preview()

    def set_tool_cursor(self) -> None:
        """The cursor of the active tool."""
        cursor = Qt.CursorShape.ArrowCursor if isinstance(self.tool, SelectTool) \
            else Qt.CursorShape.CrossCursor
        if self._space:
            cursor = Qt.CursorShape.OpenHandCursor
        self.viewport().setCursor(cursor)

    # -- keys ------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Space arms panning; Escape/Enter/Backspace go to the tool; arrows nudge."""
        key = Qt.Key(event.key())
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.set_tool_cursor()
            return
        if key in _KEYS:
            self._emit(self.tool.key(_KEYS[key]))
            self._update_preview()
            return
        if key in _ARROWS and self._nudge(key, event.modifiers()):
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        """Space released: back to the tool."""
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.set_tool_cursor()
            return
        super().keyReleaseEvent(event)

    def _nudge(self, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> bool:
        """Arrow keys move the selected shape by 1 pixel (10 with Shift)."""
        if not isinstance(self.tool, SelectTool) or self.tool.selected is None:
            return False
        shape = next((s for s in self.tool.shapes
                      if s.annotation_id == self.tool.selected), None)
        if shape is None:
            return False
        step = 10 if modifiers & Qt.KeyboardModifier.ShiftModifier else 1
        dx, dy = _ARROWS[key]
        after = translate(shape.shape_type, shape.geometry, dx * step, dy * step,
                          self.tool.bounds)
        if after != shape.geometry:
            self.tool_output.emit(Edited(shape.annotation_id, shape.geometry, after, "move"))
        return True

    # -- helpers ---------------------------------------------------------------------
    def _emit(self, output: ToolOutput) -> None:
        if output is None:
            return
        if isinstance(output, Selected):
            self.canvas.set_selected(output.annotation_id)
        self.tool_output.emit(output)

    def _update_preview(self) -> None:
        tool: Any = self.tool
        geometry = tool.preview()
        if isinstance(tool, MeasureTool):
            drawn = tool.preview_shape()
            if drawn is None:
                self.canvas.set_preview(None, None)
                self.preview_changed.emit("", None, "")
            else:
                self.canvas.set_preview(drawn[0], drawn[1], kind=tool.annotation_kind)
                self.preview_changed.emit(drawn[0], drawn[1], tool.annotation_kind)
            return
        if isinstance(tool, SelectTool):
            dragged = tool.dragging()
            shape = next((s for s in tool.shapes if s.annotation_id == dragged), None)
            if shape is None or geometry is None or geometry == shape.geometry:
                self.canvas.set_preview(None, None)
                self.preview_changed.emit("", None, "")
            else:
                self.canvas.set_preview(shape.shape_type, geometry, replacing=dragged)
                item = self.canvas.items_by_id.get(shape.annotation_id)
                self.preview_changed.emit(shape.shape_type, geometry,
                                          item.kind if item is not None else "")
        else:
            self.canvas.set_preview(_SHAPE_OF_TOOL[tool.kind] if geometry else None, geometry)
