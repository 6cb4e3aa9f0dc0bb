"""Graphics items that draw annotations: outline, number-and-kind label, handles.

Items only paint; they never write to the database and never move themselves (the select
tool computes the new geometry and the controller pushes one command on release). Line
widths and handle sizes are constant on screen whatever the zoom: the scene tells items how
many scene units one screen pixel is (``set_pixel_size``).
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from desktop.qt.canvas.tools import geometry_points, handle_points

#: Outline colour per annotation kind (chosen to stay distinct on rusty/grey metal).
KIND_COLORS: dict[str, str] = {
    "index_code": "#ff6d00",
    "serial_number": "#2979ff",
    "lot_number": "#00b0ff",
    "manufacturer_mark": "#d500f9",
    "date_code": "#00bfa5",
    "damage": "#ff1744",
    "scale_reference": "#76ff03",
    "measurement": "#18ffff",
    "redaction": "#212121",
    "other": "#ffd600",
}

HANDLE_PX = 9.0
LINE_PX = 2.0
POINT_PX = 7.0
TICK_PX = 7.0  # half-length of the ticks across the ends of a measured line

#: Shapes drawn open (no fill, no closing edge).
OPEN_SHAPES = ("line", "polyline")


def kind_label(kind: str) -> str:
    """The translated, human-readable name of an annotation kind."""
    names = {
        "index_code": QCoreApplication.translate("Kinds", "index code"),
        "serial_number": QCoreApplication.translate("Kinds", "serial number"),
        "lot_number": QCoreApplication.translate("Kinds", "lot number"),
        "manufacturer_mark": QCoreApplication.translate("Kinds", "manufacturer mark"),
        "date_code": QCoreApplication.translate("Kinds", "date code"),
        "damage": QCoreApplication.translate("Kinds", "damage feature"),
        "scale_reference": QCoreApplication.translate("Kinds", "scale reference"),
        "measurement": QCoreApplication.translate("Kinds", "measurement"),
        "redaction": QCoreApplication.translate("Kinds", "redaction"),
        "other": QCoreApplication.translate("Kinds", "other"),
    }
    return names.get(kind, kind)


def shape_path(shape_type: str, geometry: dict[str, Any], pixel: float) -> QPainterPath:
    """The outline of a shape in scene (displayed-image) coordinates."""
    path = QPainterPath()
    pts = geometry_points(shape_type, geometry)
    if shape_type == "point":
        r = POINT_PX * pixel
        path.addEllipse(QPointF(*pts[0]), r, r)
    elif shape_type == "rect":
        x, y = pts[0]
        path.addRect(QRectF(x, y, pts[2][0] - x, pts[2][1] - y))
    elif shape_type == "circle":
        r = float(geometry["r"])
        path.addEllipse(QPointF(float(geometry["cx"]), float(geometry["cy"])), r, r)
    elif shape_type in OPEN_SHAPES:
        path.moveTo(QPointF(*pts[0]))
        for x, y in pts[1:]:
            path.lineTo(QPointF(x, y))
    else:
        path.addPolygon(QPolygonF([QPointF(x, y) for x, y in pts]))
        path.closeSubpath()
    return path


def _tick(a: tuple[float, float], b: tuple[float, float], half: float,
          path: QPainterPath) -> None:
    """A short stroke across the segment ab at a, as on a drawn dimension."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    norm = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / norm * half, dx / norm * half
    path.moveTo(QPointF(a[0] + nx, a[1] + ny))
    path.lineTo(QPointF(a[0] - nx, a[1] - ny))


def dimension_path(shape_type: str, geometry: dict[str, Any], pixel: float) -> QPainterPath:
    """The marks that make a shape read as a measurement: ticks across both ends of a line
    or polyline, the horizontal diameter (with its end ticks) of a circle."""
    path = QPainterPath()
    half = TICK_PX * pixel
    if shape_type in OPEN_SHAPES:
        pts = geometry_points(shape_type, geometry)
        if len(pts) >= 2:
            _tick(pts[0], pts[1], half, path)
            _tick(pts[-1], pts[-2], half, path)
    elif shape_type == "circle":
        cx, cy, r = (float(geometry[k]) for k in ("cx", "cy", "r"))
        left, right = (cx - r, cy), (cx + r, cy)
        path.moveTo(QPointF(*left))
        path.lineTo(QPointF(*right))
        _tick(left, right, half, path)
        _tick(right, left, half, path)
    return path


class AnnotationItem(QGraphicsItem):
    """One annotation: its outline, its caption "A3 · index code", and handles when selected."""

    def __init__(self, annotation_id: int, number: int, kind: str, shape_type: str,
                 geometry: dict[str, Any], transcription: str = "", label: str = "") -> None:
        super().__init__()
        self.annotation_id = annotation_id
        self.number = number
        self.label = label
        self.kind = kind
        self.shape_type = shape_type
        self.geometry = geometry
        self.transcription = transcription
        #: a measurement's value as shown beside it ("31.2 ± 0.6 cm", "812 px")
        self.value_text = ""
        self.selected = False
        self.preview = False  # a shape being drawn or dragged: dashed, no label
        self._pixel = 1.0
        # where the scene's label layout put the label (None: the usual place above)
        self._label_at: QRectF | None = None
        self.leader = False
        self.setZValue(10 + number)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # the view drives the tools

    # -- state set by the scene ------------------------------------------------------
    def set_pixel_size(self, pixel: float) -> None:
        """Scene units per screen pixel (1 / zoom)."""
        if pixel != self._pixel:
            self.prepareGeometryChange()
            self._pixel = pixel

    def set_geometry(self, geometry: dict[str, Any]) -> None:
        """Show a new geometry (used for previews while dragging)."""
        self.prepareGeometryChange()
        self.geometry = geometry

    def set_selected(self, selected: bool) -> None:
        """Show or hide the handles."""
        self.selected = selected
        self.setZValue(1000 if selected else 10 + self.number)
        self.update()

    def label_text(self) -> str:
        """Stored label (the number when there is none yet) and kind, then the transcription
        when there is one."""
        if self.preview:  # a shape being drawn: its value only
            return self.value_text
        name = self.label or str(self.number)
        if self.kind == "measurement" and self.value_text:
            text = f"{name} · {self.value_text}"
        else:
            text = f"{name} · {kind_label(self.kind)}"
        if self.transcription:
            text += f" · {self.transcription}"
        return text

    def label_size(self) -> tuple[float, float]:
        """The label's width and height in scene units at the current zoom."""
        fm = QFontMetricsF(self._font())
        return ((fm.horizontalAdvance(self.label_text()) + 10) * self._pixel,
                (fm.height() + 4) * self._pixel)

    def shape_box(self) -> tuple[float, float, float, float]:
        """The shape's left, top, right, bottom in photo pixels."""
        pts = geometry_points(self.shape_type, self.geometry)
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return min(xs), min(ys), max(xs), max(ys)

    def obstacle_box(self) -> tuple[float, float, float, float]:
        """What of this shape other labels must not cover: its box, but only the drawn
        diameter of a circle and the middle of a line (a measurement across a fragment
        must not push the labels of the markings on it away)."""
        if self.shape_type == "circle":
            cx, cy, r = (float(self.geometry[k]) for k in ("cx", "cy", "r"))
            return cx - r, cy, cx + r, cy
        if self.shape_type in OPEN_SHAPES:
            pts = geometry_points(self.shape_type, self.geometry)
            a, b = pts[len(pts) // 2 - 1], pts[len(pts) // 2]
            x, y = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
            return x, y, x, y
        return self.shape_box()

    def place_label(self, box: tuple[float, float, float, float] | None,
                    leader: bool) -> None:
        """Put the label at ``box`` (from the scene's layout; None: the usual place)."""
        rect = QRectF(box[0], box[1], box[2] - box[0], box[3] - box[1]) if box else None
        if rect != self._label_at or leader != self.leader:
            self.prepareGeometryChange()
            self._label_at, self.leader = rect, leader
            self.update()

    # -- painting --------------------------------------------------------------------
    def _label_rect(self) -> QRectF:
        if self._label_at is not None:
            return self._label_at
        w, h = self.label_size()
        x, y, _right, _bottom = self.shape_box()
        return QRectF(x, y - h - 2 * self._pixel, w, h)

    def _font(self) -> QFont:
        font = QFont()
        font.setPixelSize(12)
        font.setBold(True)
        return font

    def boundingRect(self) -> QRectF:
        margin = (HANDLE_PX + LINE_PX) * self._pixel
        rect = shape_path(self.shape_type, self.geometry, self._pixel).boundingRect()
        rect = rect.adjusted(-margin, -margin, margin, margin)
        if self.preview and not self.value_text:
            return rect
        label = self._label_rect()
        margin = 2 * self._pixel
        return rect.united(label.adjusted(-margin, -margin, margin, margin))

    def shape(self) -> QPainterPath:
        """Hit area: the outline (the tools do their own hit-testing)."""
        return shape_path(self.shape_type, self.geometry, self._pixel)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        """Outline with a dark halo for contrast, label, and handles when selected."""
        color = QColor(KIND_COLORS.get(self.kind, KIND_COLORS["other"]))
        path = shape_path(self.shape_type, self.geometry, self._pixel)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        halo = QPen(QColor(0, 0, 0, 150), (LINE_PX + 2) * self._pixel)
        painter.setPen(halo)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        pen = QPen(color, LINE_PX * self._pixel)
        if self.preview:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        fill = QColor(color)
        # Barely tinted: the marking inside must stay readable with adjustments applied.
        fill.setAlpha(22 if self.selected else 0)
        painter.setBrush(QBrush(fill) if self.shape_type != "point" else QBrush(color))
        if (self.shape_type == "polygon" and self.preview) or self.shape_type in OPEN_SHAPES:
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        if self.kind in ("measurement", "scale_reference"):
            self._paint_dimension(painter, pen)
        if not self.preview or self.value_text:
            self._paint_label(painter, color)
        if self.selected and self.shape_type != "point":
            self._paint_handles(painter, color)

    def _paint_dimension(self, painter: QPainter, pen: QPen) -> None:
        marks = dimension_path(self.shape_type, self.geometry, self._pixel)
        if marks.isEmpty():
            return
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(0, 0, 0, 150), (LINE_PX + 2) * self._pixel))
        painter.drawPath(marks)
        solid = QPen(pen)
        solid.setStyle(Qt.PenStyle.SolidLine)
        painter.setPen(solid)
        painter.drawPath(marks)

    def _paint_label(self, painter: QPainter, color: QColor) -> None:
        rect = self._label_rect()
        if self.leader:  # moved away from its shape: a line says whose label it is
            left, top, right, bottom = self.shape_box()
            target = QPointF(min(max(rect.center().x(), left), right),
                             top if rect.center().y() < top else bottom)
            start = QPointF(rect.center().x(), rect.bottom() if rect.center().y() < top
                            else rect.top())
            painter.setPen(QPen(QColor(0, 0, 0, 160), 3 * self._pixel))
            painter.drawLine(start, target)
            painter.setPen(QPen(color, 1.2 * self._pixel))
            painter.drawLine(start, target)
        painter.setPen(Qt.PenStyle.NoPen)
        background = QColor(20, 20, 20, 200)
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 3 * self._pixel, 3 * self._pixel)
        painter.save()
        painter.translate(rect.topLeft())
        painter.scale(self._pixel, self._pixel)
        painter.setFont(self._font())
        painter.setPen(color.lighter(130))
        painter.drawText(QRectF(5, 2, rect.width() / self._pixel, rect.height() / self._pixel),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         self.label_text())
        painter.restore()

    def _paint_handles(self, painter: QPainter, color: QColor) -> None:
        size = HANDLE_PX * self._pixel
        painter.setPen(QPen(QColor("black"), 1 * self._pixel))
        painter.setBrush(QColor("white"))
        for x, y in handle_points(self.shape_type, self.geometry):
            painter.drawRect(QRectF(x - size / 2, y - size / 2, size, size))
