"""The user's offline basemap (MBTiles) drawn under the locations.

One ``TileLayer`` item per basemap covers the file's bounds in scene units (the map's
scene is Web Mercator in "degrees at the equator", the same projection as the tiles, so a
tile is an exact square of the scene). When painted it picks the zoom whose tiles match
the view's resolution (clamped to the file's zooms: deeper than the file's deepest zoom
its tiles are enlarged), reads the visible tiles from the file and keeps the most recent
few hundred decoded. Reading a tile is a primary-key lookup in a local SQLite file,
fast enough for the GUI thread.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from desktop.core.errors import UserError
from desktop.core.mbtiles import TILE_SIZE, TileReader
from desktop.qt.map.projection import lonlat_to_xy

Z_TILES = -25  # over the land fill, under the boundaries and markers
_CACHE_TILES = 256
_MAX_TILES_PER_PAINT = 96


class TileLayer(QGraphicsItem):
    """Tiles of one MBTiles file; ``attribution`` and ``name`` as the file gives them."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._reader = TileReader(path)
        info = self._reader.info
        self.name = info.name
        self.attribution = info.attribution
        left, top = lonlat_to_xy(info.bounds.west, info.bounds.north)
        right, bottom = lonlat_to_xy(info.bounds.east, info.bounds.south)
        self._bounds = QRectF(left, top, right - left, bottom - top)
        self._cache: OrderedDict[tuple[int, int, int], QImage | None] = OrderedDict()
        self.setZValue(Z_TILES)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    @classmethod
    def open(cls, path: Path) -> TileLayer | None:
        """A layer for the file, or None when it cannot be read (moved, damaged)."""
        try:
            return cls(path)
        except UserError:
            return None

    def close(self) -> None:
        """Close the file (call after removing the item from its scene)."""
        self._reader.close()
        self._cache.clear()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def zoom_for_scale(self, pixels_per_degree: float) -> int:
        """The tile zoom for a view of ``pixels_per_degree`` (within the file's zooms)."""
        info = self._reader.info
        wanted = math.ceil(math.log2(max(pixels_per_degree, 1e-6) * 360.0 / TILE_SIZE) - 0.25)
        return max(info.min_zoom, min(info.max_zoom, wanted))

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        scale = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        zoom = self.zoom_for_scale(scale)
        span = 360.0 / 2**zoom  # scene units per tile
        area = option.exposedRect.intersected(self._bounds)
        if area.isEmpty():
            return
        x0, x1 = math.floor((area.left() + 180.0) / span), math.floor((area.right() + 180.0) / span)
        y0, y1 = math.floor((area.top() + 180.0) / span), math.floor((area.bottom() + 180.0) / span)
        if (x1 - x0 + 1) * (y1 - y0 + 1) > _MAX_TILES_PER_PAINT:
            return  # zoomed far out of the file's zooms: the land fill shows instead
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        limit = 2**zoom
        for ty in range(max(y0, 0), min(y1, limit - 1) + 1):
            for tx in range(max(x0, 0), min(x1, limit - 1) + 1):
                image = self._tile(zoom, tx, ty)
                if image is not None:
                    target = QRectF(tx * span - 180.0, ty * span - 180.0, span, span)
                    painter.drawImage(target, image)

    def _tile(self, zoom: int, x: int, y: int) -> QImage | None:
        key = (zoom, x, y)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        data = self._reader.tile_bytes(zoom, x, y)
        image = None
        if data is not None:
            decoded = QImage.fromData(data)
            image = None if decoded.isNull() else decoded
        self._cache[key] = image
        if len(self._cache) > _CACHE_TILES:
            self._cache.popitem(last=False)
        return image
