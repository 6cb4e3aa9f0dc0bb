"""Every location marker of a map drawn by one item.

A ``QGraphicsItem`` per marker made Qt call Python ``paint`` once and ``boundingRect``
twice per marker, and compute each one's device transform (markers ignore the zoom): at
5,000 markers that held the window for most of 100 ms. ``MarkerLayer`` keeps the markers'
scene positions in arrays, maps them to viewport pixels in one NumPy step per paint,
keeps those in the exposed area and copies each one's pre-drawn stamp. The
``LocationMarker`` items stay in the scene for what they do besides painting (hit-testing,
selection, tooltips, cursor, labels, leaders, precision circles) and paint nothing.

Drawn in the order the markers were added (as Qt stacked the items): the fan-out ticks of
coinciding points, then the markers, then the selected ones with their halo, on top.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from desktop.qt.map.markers import (
    HALO,
    STAMP_SIDE,
    Z_MARKER,
    KindStyle,
    LocationMarker,
    marker_stamp,
)
from desktop.qt.map.projection import world_extent

# Over the markers' own Z (their children, the labels and leaders of markers not
# selected, stay under every marker), under the selected markers' labels.
Z_MARKER_LAYER = Z_MARKER + 0.5
_REACH = HALO + 15.0  # device pixels a marker's drawing may reach from its true position
_TICK = QColor("#333333")
_HALO_PEN = QColor("#1b1b1b")
_HALO_FILL = QColor(255, 196, 0, 200)
_NOWHERE = QPainterPath()


class MarkerLayer(QGraphicsItem):
    """The markers of one view, painted in one ``paint``; never a target of clicks."""

    def __init__(self) -> None:
        super().__init__()
        x, y, w, h = world_extent()
        self._world = QRectF(x - 90, y - 90, w + 180, h + 180)  # stamps overhang the edge
        self._markers: list[LocationMarker] = []
        self._rows: list[tuple[float, float, float, float, int]] = []
        self._kinds: dict[tuple[str, str], int] = {}  # stamp kind -> index in _styles
        self._styles: list[tuple[tuple[str, str], KindStyle]] = []
        self._index: dict[str, int] = {}  # point key -> index in _markers
        self._selected: set[str] = set()
        self._arrays: tuple[np.ndarray, ...] | None = None
        #: how many stamps the last paint drew (for tests and benchmarks)
        self.drawn = 0
        self.setZValue(Z_MARKER_LAYER)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def clear(self) -> None:
        """Forget every marker (they are being removed from the scene)."""
        self._markers = []
        self._rows = []
        self._kinds = {}
        self._styles = []
        self._index = {}
        self._selected = set()
        self._arrays = None
        self.update()

    def add(self, markers: Iterable[LocationMarker]) -> None:
        """Draw these markers too, over those added before, where they are now (fanned
        out or not: their offset is read here)."""
        for marker in markers:
            kind = self._kinds.get(marker.stamp_kind)
            if kind is None:
                kind = self._kinds[marker.stamp_kind] = len(self._styles)
                self._styles.append((marker.stamp_kind, marker.style))
            self._index[marker.point.key] = len(self._markers)
            self._markers.append(marker)
            self._rows.append((*marker.xy, marker.dx, marker.dy, kind))
        self._arrays = None
        self.update()

    def set_selected(self, keys: set[str]) -> None:
        """Draw the markers of these points (``MapPoint.key``) with the selected look."""
        self._selected = set(keys)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._world

    def shape(self) -> QPainterPath:
        """Nothing: clicks, the cursor and tooltips find the marker items under it."""
        return _NOWHERE

    def _positions(self) -> tuple[np.ndarray, ...]:
        """Scene x, scene y, offset x, offset y and stamp index of each marker."""
        if self._arrays is None:
            table = np.array(self._rows, dtype=float).reshape(-1, 5)
            self._arrays = (*table[:, :4].T, table[:, 4].astype(int))
        return self._arrays

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        self.drawn = 0
        if not self._markers:
            return
        xs, ys, dxs, dys, kinds = self._positions()
        t = painter.worldTransform()
        # the order of QTransform.map, so each centre lands on the pixel it did as an item
        px = xs * t.m11() + ys * t.m21() + t.dx()
        py = xs * t.m12() + ys * t.m22() + t.dy()
        cx, cy = px + dxs, py + dys  # where each marker is drawn (fanned out or not)
        area = t.mapRect(option.exposedRect).adjusted(-_REACH, -_REACH, _REACH, _REACH)
        inside = ((px >= area.left()) & (px <= area.right())
                  & (py >= area.top()) & (py <= area.bottom()))
        selected = np.zeros(len(self._markers), dtype=bool)
        selected[[self._index[k] for k in self._selected if k in self._index]] = True
        plain = inside & ~selected
        fanned = np.flatnonzero(plain & ((dxs != 0) | (dys != 0)))
        raised = np.flatnonzero(inside & selected)
        plain_rows = np.flatnonzero(plain)
        if plain_rows.size == 0 and raised.size == 0:
            return
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        stamps = [marker_stamp(kind, style, ratio) for kind, style in self._styles]
        painter.save()
        painter.resetTransform()
        _draw_ticks(painter, [(px[i], py[i], cx[i], cy[i]) for i in fanned.tolist()])
        drawn = _draw_stamps(painter, cx[plain_rows], cy[plain_rows], kinds[plain_rows],
                             stamps, ratio)
        for i in raised.tolist():  # a halo instead of Qt's dashed selection rectangle
            if dxs[i] or dys[i]:
                _draw_ticks(painter, [(px[i], py[i], cx[i], cy[i])])
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(_HALO_PEN, 1.2))
            painter.setBrush(_HALO_FILL)
            painter.drawEllipse(QPointF(cx[i], cy[i]), HALO - 1, HALO - 1)
            drawn += _draw_stamps(painter, cx[i:i + 1], cy[i:i + 1], kinds[i:i + 1], stamps,
                                  ratio)
        painter.restore()
        self.drawn = drawn


def _draw_ticks(painter: QPainter, ticks: list[tuple[float, float, float, float]]) -> None:
    """A line from each true position to where its marker is drawn, and a dot on it."""
    if not ticks:
        return
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(_TICK, 1))
    painter.setBrush(_TICK)
    for x, y, cx, cy in ticks:
        painter.drawLine(QPointF(x, y), QPointF(cx, cy))
        painter.drawEllipse(QPointF(x, y), 1.5, 1.5)


def _draw_stamps(painter: QPainter, cx: np.ndarray, cy: np.ndarray, kinds: np.ndarray,
                 stamps: list[QPixmap], ratio: float) -> int:
    """Copy the stamp of each marker centred on ``cx, cy`` (viewport pixels); the count."""
    half = STAMP_SIDE / 2
    left, top = cx - half, cy - half
    draw = painter.drawPixmap
    if ratio == 1.0:
        # Qt rounds a pixmap's position to whole pixels when only translating (qRound);
        # whole numbers skip building a QPointF per marker.
        lx = np.where(left >= 0, np.trunc(left + 0.5), np.trunc(left - 0.5)).astype(int)
        ty = np.where(top >= 0, np.trunc(top + 0.5), np.trunc(top - 0.5)).astype(int)
        for x, y, k in zip(lx.tolist(), ty.tolist(), kinds.tolist(), strict=True):
            draw(x, y, stamps[k])
    else:
        for x, y, k in zip(left.tolist(), top.tolist(), kinds.tolist(), strict=True):
            draw(QPointF(x, y), stamps[k])
    return len(cx)
