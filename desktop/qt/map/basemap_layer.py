"""Graphics items for the basemap: land fill, coastline, country boundaries, graticule.

Built once from ``desktop.core.basemap.load_basemap()`` and projected to scene units
(``basemap_paths``, which is safe to call in a worker thread: it builds only
``QPainterPath`` values); the items are added to a scene on the GUI thread. Pens are
cosmetic hairlines (one device pixel at any zoom; see ``_pen``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsScene

from desktop.core.basemap import Basemap
from desktop.qt.map.projection import lonlat_to_xy

SEA_COLOR = QColor("#d7e6f2")
LAND_COLOR = QColor("#f4f1e8")
COAST_COLOR = QColor("#7f97ab")
BORDER_COLOR = QColor("#a08c8c")
GRATICULE_COLOR = QColor(255, 255, 255, 150)

Z_GRATICULE, Z_LAND, Z_BORDERS = -35, -30, -20  # graticule shows over the sea only


def _pen(color: QColor, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    # Width 0: a cosmetic line one device pixel wide. Any other width has Qt compute the
    # item's bounding rectangle by stroking the whole path (every coastline of the world):
    # 100-250 ms on the GUI thread, which a hidden map paid again when another case opened.
    pen = QPen(color, 0, style)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _add_ring(path: QPainterPath, ring: Sequence[tuple[float, float]]) -> None:
    path.moveTo(QPointF(*lonlat_to_xy(*ring[0])))
    for lon, lat in ring[1:]:
        path.lineTo(QPointF(*lonlat_to_xy(lon, lat)))
    path.closeSubpath()


def _lines_path(lines: Iterable[Sequence[tuple[float, float]]]) -> QPainterPath:
    path = QPainterPath()
    for line in lines:
        path.moveTo(QPointF(*lonlat_to_xy(*line[0])))
        for lon, lat in line[1:]:
            path.lineTo(QPointF(*lonlat_to_xy(lon, lat)))
    return path


def land_path(basemap: Basemap) -> QPainterPath:
    """All land as one odd-even path (holes such as the Caspian stay sea)."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for polygon in basemap.land:
        for ring in polygon.rings:
            _add_ring(path, ring)
    return path


def graticule_path(step_deg: int = 10) -> QPainterPath:
    """Meridians and parallels every ``step_deg`` degrees."""
    lines = [[(lon, lat) for lat in range(-80, 81, 2)] for lon in range(-180, 181, step_deg)]
    lines += [
        [(lon, lat) for lon in range(-180, 181, 5)] for lat in range(-80, 81, step_deg)
    ]
    return _lines_path(lines)


BasemapPaths = tuple[QPainterPath, QPainterPath, QPainterPath]


@cache
def basemap_paths(basemap: Basemap) -> BasemapPaths:
    """Projected land, graticule and boundary paths, built once per basemap and process."""
    return land_path(basemap), graticule_path(), _lines_path(basemap.borders)


def add_basemap(scene: QGraphicsScene, paths: BasemapPaths) -> list[QGraphicsItem]:
    """Put the basemap items (from ``basemap_paths``) into ``scene``; returns them (bottom
    to top)."""
    land_shape, graticule_shape, border_shape = paths
    land = QGraphicsPathItem(land_shape)
    land.setBrush(QBrush(LAND_COLOR))
    land.setPen(_pen(COAST_COLOR))
    land.setZValue(Z_LAND)

    graticule = QGraphicsPathItem(graticule_shape)
    graticule.setPen(_pen(GRATICULE_COLOR))
    graticule.setZValue(Z_GRATICULE)

    borders = QGraphicsPathItem(border_shape)
    borders.setPen(_pen(BORDER_COLOR, Qt.PenStyle.DashLine))
    borders.setZValue(Z_BORDERS)

    items: list[QGraphicsItem] = [land, graticule, borders]
    for item in items:
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False)
        scene.addItem(item)
    return items
