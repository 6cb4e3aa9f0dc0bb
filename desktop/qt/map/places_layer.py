"""Natural Earth's populated places named on the map, under the locations.

One item spans the world; when painted it asks ``desktop.core.places`` for the places of
the visible box worth a label at the view's zoom, and draws each as a small square with
its name beside it in screen pixels, skipping a place whose name would cover another
name, a location marker or its label (``keep_clear``, kept up to date by the view).
Nothing is named until the view shows the basemap (``ready``): the places are read with it,
in a worker, and a first paint reading them would hold the window for the better part of a
second.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from desktop.core.basemap import BBox
from desktop.core.label_layout import Rect, place_labels
from desktop.core.places import places_in
from desktop.qt.map.projection import lonlat_to_xy, world_extent, xy_to_lonlat

Z_PLACES = -15  # over the boundaries, under the precision circles and markers
_MAX_PLACES = 80


class PlacesLayer(QGraphicsItem):
    """Town and city names for context; never a target of clicks."""

    def __init__(self) -> None:
        super().__init__()
        x, y, w, h = world_extent()
        self._world = QRectF(x, y, w, h)
        self.keep_clear: list[Rect] = []
        #: the view's markers crowd the map: no town is named (set by the view)
        self.crowded = False
        #: the names drawn at the last paint (for tests), in viewport pixels
        self.drawn: list[tuple[str, Rect]] = []
        #: the places are loaded (set by the view with the basemap, read alongside it)
        self.ready = False
        self.setZValue(Z_PLACES)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def boundingRect(self) -> QRectF:
        return self._world

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        area = option.exposedRect.intersected(self._world)
        if area.isEmpty() or not self.ready or self.crowded:
            self.drawn = []
            return
        scale = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        zoom = math.log2(max(scale, 1e-9) * 360.0 / 256.0)
        west, north = xy_to_lonlat(area.left(), area.top())
        east, south = xy_to_lonlat(area.right(), area.bottom())
        places = places_in(BBox(west, south, east, north), zoom, limit=_MAX_PLACES)
        transform = painter.worldTransform()
        anchors = [transform.map(QPointF(*lonlat_to_xy(p.lon, p.lat))) for p in places]
        font = QFont(painter.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
        metrics = QFontMetricsF(font)
        sizes = [(metrics.horizontalAdvance(p.name) + 4, metrics.height()) for p in places]
        frame = painter.viewport()
        placed = place_labels([(a.x(), a.y()) for a in anchors], sizes,
                              Rect(frame.x(), frame.y(), frame.width(), frame.height()),
                              marker_radius=3.0, rings=1, obstacles=self.keep_clear)
        painter.save()
        painter.resetTransform()
        painter.setFont(font)
        self.drawn = []
        for place, anchor, placement in zip(places, anchors, placed, strict=True):
            if placement.crowded:
                continue
            r = placement.rect
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#333333"))
            painter.drawRect(QRectF(anchor.x() - 2, anchor.y() - 2, 4, 4))
            painter.setBrush(QColor(255, 255, 255, 150))
            painter.drawRoundedRect(QRectF(r.x, r.y, r.w, r.h), 2, 2)
            painter.setPen(QColor("#333333"))
            painter.drawText(QRectF(r.x, r.y, r.w, r.h), Qt.AlignmentFlag.AlignCenter, place.name)
            self.drawn.append((place.name, r))
        painter.restore()

