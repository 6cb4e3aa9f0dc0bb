"""Overlays painted in viewport pixels: a metric scale bar and the basemap attribution."""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen

from desktop.qt.map.projection import METRES_PER_DEGREE, xy_to_lonlat

_NICE = (1, 2, 5)


def nice_length_m(max_m: float) -> float:
    """The largest 1, 2 or 5 times a power of ten not above ``max_m``."""
    if max_m <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(max_m))
    return max(step * power for step in _NICE if step * power <= max_m)


def format_length(metres: float) -> str:
    """``500 m``, ``2 km``, ``1,000 km``."""
    if metres >= 1000:
        return f"{metres / 1000:,.0f} km"
    return f"{metres:,.0f} m"


def metres_per_pixel(pixels_per_degree: float, scene_y: float) -> float:
    """Ground distance of one pixel at the map's vertical position ``scene_y``."""
    _, lat = xy_to_lonlat(0, scene_y)
    return METRES_PER_DEGREE * math.cos(math.radians(lat)) / pixels_per_degree


def draw_scale_bar(
    painter: QPainter, viewport: QRect, pixels_per_degree: float, scene_y: float
) -> None:
    """A bar of a round length, bottom left, valid at the latitude of the view's centre."""
    per_px = metres_per_pixel(pixels_per_degree, scene_y)
    length = nice_length_m(per_px * min(140, viewport.width() / 3))
    if length <= 0:
        return
    width = length / per_px
    text = format_length(length)
    metrics = QFontMetrics(painter.font())
    x, y = viewport.left() + 12, viewport.bottom() - 12
    plate = QRectF(x - 6, y - metrics.height() - 10, max(width, metrics.horizontalAdvance(text))
                   + 12, metrics.height() + 16)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 200))
    painter.drawRoundedRect(plate, 4, 4)
    painter.setPen(QPen(QColor("#222222"), 2))
    painter.drawLine(x, y, x + round(width), y)
    painter.drawLine(x, y - 5, x, y)
    painter.drawLine(x + round(width), y - 5, x + round(width), y)
    painter.drawText(x, y - 6, text)


def draw_attribution(painter: QPainter, viewport: QRect, text: str) -> None:
    """Small grey credit in the bottom-right corner."""
    metrics = QFontMetrics(painter.font())
    width = metrics.horizontalAdvance(text) + 10
    box = QRectF(viewport.right() - width - 4, viewport.bottom() - metrics.height() - 4,
                 width, metrics.height() + 2)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 170))
    painter.drawRect(box)
    painter.setPen(QColor("#555555"))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
