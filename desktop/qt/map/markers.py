"""Location markers: one shape and colour per location kind, a label, a precision circle.

Markers ignore the view's zoom (constant size on screen); the precision circle scales with
the map because it is a distance on the ground.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsSimpleTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from desktop.qt.map.projection import lonlat_to_xy, metres_to_scene

MARKER_SIZE = 14.0
HALO = 13.0
Z_PRECISION, Z_LINE, Z_MARKER, Z_SELECTED, Z_PREVIEW = 0, 5, 10, 20, 30


@dataclass(frozen=True)
class MapPoint:
    """What the map needs to know about one point (built from the core's DTOs).

    A point is a stored location, or the camera position of a photo that has GPS but no
    location row of its own; ``key`` tells them apart ("location:5", "photo:7").
    """

    key: str
    location_id: int | None
    lat: float
    lon: float
    kind: str  # "camera" | "claimed" | "geolocated" (LocationKind values)
    label: str
    """The name shown (the location's name, a file name, or the coordinates)."""
    precision_m: float | None = None
    photo_id: int | None = None
    claim_ids: tuple[int, ...] = ()
    tag: str = ""
    """The stored label: the location's (L2), or the photo's (P3) for a bare camera point."""
    version: int = 0
    """The location's edit counter when read (a rename passes it back)."""
    name: str = ""
    """The location's stored name ("" when it has none and ``label`` shows something else),
    which a rename passes back as the value it showed."""

    @property
    def title(self) -> str:
        """Stored label then name: "L2 Shusha, debris site 1"."""
        return f"{self.tag} {self.label}".strip()


@dataclass(frozen=True)
class KindStyle:
    """How one location kind is drawn and named in the legend."""

    color: QColor
    shape: str  # "circle" | "triangle" | "diamond" | "cross"
    title: str


def kind_styles() -> dict[str, KindStyle]:
    """Style per location kind, with translated legend titles."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("MapLegend", text)

    return {
        "camera": KindStyle(QColor("#1f6fb4"), "circle", tr("Camera position (EXIF)")),
        "claimed": KindStyle(QColor("#d0312d"), "triangle", tr("Claimed location")),
        "geolocated": KindStyle(QColor("#238b45"), "diamond", tr("Analyst geolocation")),
    }


PREVIEW_STYLE_COLOR = QColor("#7a3db8")


def shape_path(shape: str, size: float = MARKER_SIZE) -> QPainterPath:
    """A marker outline centred on (0, 0)."""
    half = size / 2
    path = QPainterPath()
    if shape == "triangle":
        path.addPolygon(
            QPolygonF([QPointF(0, -half * 1.15), QPointF(half, half * 0.85),
                       QPointF(-half, half * 0.85), QPointF(0, -half * 1.15)])
        )
    elif shape == "diamond":
        path.addPolygon(
            QPolygonF([QPointF(0, -half * 1.1), QPointF(half * 1.1, 0), QPointF(0, half * 1.1),
                       QPointF(-half * 1.1, 0), QPointF(0, -half * 1.1)])
        )
    elif shape == "target":  # an open ring with four ticks (stroked, not filled)
        path.addEllipse(QPointF(0, 0), half * 0.6, half * 0.6)
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            path.moveTo(QPointF(dx * half * 0.3, dy * half * 0.3))
            path.lineTo(QPointF(dx * half, dy * half))
    else:
        path.addEllipse(QPointF(0, 0), half * 0.85, half * 0.85)
    return path


def _drawn_marker(style: KindStyle, side: float, ratio: float, marker_size: float) -> QPixmap:
    """The marker of ``style`` (``marker_size`` across) with its white outline, centred in
    a transparent ``side``-pixel square (logical pixels) at ``ratio`` device pixels."""
    pixmap = QPixmap(math.ceil(side * ratio), math.ceil(side * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(side / 2, side / 2)
    painter.setPen(QPen(QColor("white"), 1.5))
    painter.setBrush(QBrush(style.color))
    painter.drawPath(shape_path(style.shape, marker_size))
    painter.end()
    return pixmap


def legend_pixmap(style: KindStyle, size: int = 16, ratio: float = 1.0) -> QPixmap:
    """A small image of the marker for the legend."""
    return _drawn_marker(style, size, ratio, size * 0.8)


STAMP_SIDE = 24  # logical pixels: the marker's shape with its white outline fits
_stamps: dict[tuple[str, str, float], QPixmap] = {}


def marker_stamp(kind: tuple[str, str], style: KindStyle, ratio: float) -> QPixmap:
    """The marker of ``style`` (``kind``: its colour's name and shape) drawn once into a
    pixmap (GUI thread only), so that painting thousands of markers copies pixels instead
    of filling antialiased shapes. Once drawn, no Qt call: each one on the GUI thread may
    wait for the interpreter lock while a worker thread runs."""
    key = (*kind, ratio)
    stamp = _stamps.get(key)
    if stamp is None:
        stamp = _stamps[key] = _drawn_marker(style, STAMP_SIDE, ratio, MARKER_SIZE)
    return stamp


_hit_paths: dict[str, QPainterPath] = {}


def _hit_path(shape: str) -> QPainterPath:
    """The marker's outline at ``MARKER_SIZE``, built once per shape (GUI thread only; a
    ``QPainterPath`` is copied on write, so markers share it)."""
    path = _hit_paths.get(shape)
    if path is None:
        path = _hit_paths[shape] = shape_path(shape)
    return path


class LabelItem(QGraphicsSimpleTextItem):
    """Text on a soft white plate so it stays readable over land, sea and boundaries."""

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 210))
        painter.drawRoundedRect(self.boundingRect().adjusted(-3, -1, 3, 1), 3, 3)
        super().paint(painter, option, widget)  # type: ignore[arg-type]  # Qt passes a null widget; the stub omits None


class LocationMarker(QGraphicsPathItem):
    """One location on the map; selectable; its label and precision circle follow it.

    The marker paints nothing: the view's ``MarkerLayer`` draws every marker in one
    ``paint``. The item is what is clicked (its path is the hit area), selected, hovered
    for the tooltip and cursor, and carries the label and leader line."""

    def __init__(self, point: MapPoint, style: KindStyle) -> None:
        super().__init__(_hit_path(style.shape))
        self.point = point
        self.style = style
        self._offset = QPointF(0, 0)
        self._leader_end: QPointF | None = None
        self._selected_look = False
        #: the scene position, and the fan-out offset in pixels, as plain numbers (read by
        #: the marker layer without a call into Qt)
        self.xy = lonlat_to_xy(point.lon, point.lat)
        self.dx = self.dy = 0.0
        #: the stamp the layer copies for this marker: its colour's name and shape
        self.stamp_kind = (style.color.name(), style.shape)
        self.setPos(QPointF(*self.xy))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(Z_MARKER)
        self.setToolTip(point.title)
        self.label = LabelItem(point.title, self)
        self.label.setPos(MARKER_SIZE * 0.75, -MARKER_SIZE * 0.9)
        self.label.setBrush(QColor("#222222"))
        # the label's position and visibility as last set: decluttering thousands of
        # markers calls into Qt only for the labels that change
        self._label_at = (MARKER_SIZE * 0.75, -MARKER_SIZE * 0.9)
        self._label_shown = True
        self.precision: QGraphicsEllipseItem | None = None
        self.leader: QGraphicsLineItem | None = None

    @property
    def offset(self) -> QPointF:
        """Where the marker is drawn, in pixels from its true position."""
        return QPointF(self._offset)

    def set_label_at(self, x: float, y: float, leader_end: QPointF | None) -> None:
        """Put the label at ``x, y`` pixels from the true position; with ``leader_end``,
        draw a thin line from the marker to that point of the label's edge."""
        self._move_label(x, y)
        if leader_end is None:
            if self._leader_end is not None and self.leader is not None:
                self.leader.setVisible(False)
            self._leader_end = None
            return
        self._leader_end = leader_end
        if self.leader is None:
            self.leader = QGraphicsLineItem(self)
            pen = QPen(QColor("#333333"), 1)
            self.leader.setPen(pen)
            self.leader.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self.leader.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent, True)
        self._place_leader()
        self.leader.setVisible(True)

    def show_label(self, shown: bool) -> None:
        """Show or hide the label."""
        if shown != self._label_shown:
            self._label_shown = shown
            self.label.setVisible(shown)

    def _move_label(self, x: float, y: float) -> None:
        if (x, y) != self._label_at:
            self._label_at = (x, y)
            self.label.setPos(x, y)

    def _place_leader(self) -> None:
        """The leader from the marker to the label. A selected marker's leader is stacked
        above the marker layer (with the marker's raised label), so it starts at the
        edge of the halo, which hid the rest of it when the marker drew itself."""
        end = self._leader_end
        if self.leader is None or end is None:
            return
        start = QPointF(self._offset)
        if self._selected_look:
            dx, dy = end.x() - start.x(), end.y() - start.y()
            length = math.hypot(dx, dy)
            if length > HALO - 1:
                start += QPointF(dx, dy) * ((HALO - 1) / length)
            else:
                start = QPointF(end)
        self.leader.setLine(start.x(), start.y(), end.x(), end.y())

    def set_screen_offset(self, dx: float, dy: float) -> None:
        """Draw the marker ``dx, dy`` pixels away from its point (for points that coincide),
        with a short leader line back to the true position."""
        self._offset = QPointF(dx, dy)
        self.dx, self.dy = float(dx), float(dy)
        self.setPath(_hit_path(self.style.shape).translated(dx, dy))
        self._move_label(dx + MARKER_SIZE * 0.75, dy - MARKER_SIZE * 0.9)

    def make_precision_circle(self) -> QGraphicsEllipseItem | None:
        """A translucent disc of radius ``precision_m`` (added to the scene by the caller)."""
        if not self.point.precision_m or self.point.precision_m <= 0:
            return None
        r = metres_to_scene(self.point.precision_m, self.point.lat)
        x, y = self.xy
        circle = QGraphicsEllipseItem(QRectF(x - r, y - r, 2 * r, 2 * r))
        color = QColor(self.style.color)
        color.setAlpha(40)
        circle.setBrush(color)
        pen = QPen(self.style.color, 1)
        pen.setCosmetic(True)
        circle.setPen(pen)
        circle.setZValue(Z_PRECISION)
        circle.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.precision = circle
        return circle

    def show_selected(self, selected: bool) -> None:
        """Raise the marker and embolden its label while selected (the view calls it on
        each selection change: overriding ``itemChange`` in Python instead cost about 19
        calls into Python per marker while the map is filled)."""
        self.setZValue(Z_SELECTED if selected else Z_MARKER)
        font = self.label.font()
        font.setBold(selected)
        self.label.setFont(font)
        self._selected_look = selected
        self._place_leader()


class PreviewMarker(QGraphicsPathItem):
    """The point being typed in the coordinate box: a purple target with a white casing."""

    def __init__(self) -> None:
        super().__init__(shape_path("target", 24))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(Z_PREVIEW)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for color, width in ((QColor("white"), 5.0), (PREVIEW_STYLE_COLOR, 2.5)):
            pen = QPen(color, width)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawPath(self.path())
