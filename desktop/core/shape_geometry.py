"""Outlines and bounds of stored annotation geometry, for every shape type.

Plain numbers in displayed-image pixels; nothing here knows about Qt or the database. A
line or polyline outline is its points (open); a circle's is a polygon circumscribed about
it, so anything computed from the outline (a crop, a covered area) contains the whole disc.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

Outline = tuple[tuple[float, float], ...]
CIRCLE_SIDES = 32


def outline(shape_type: str, geometry: Mapping[str, Any]) -> Outline:
    """A rect's four corners, a polygon's, line's or polyline's points, a circle as a
    circumscribed polygon, or a point as one point."""
    if shape_type == "rect":
        x, y, w, h = (float(geometry[k]) for k in ("x", "y", "w", "h"))
        return ((x, y), (x + w, y), (x + w, y + h), (x, y + h))
    if shape_type in ("polygon", "line", "polyline"):
        return tuple((float(px), float(py)) for px, py in geometry["points"])
    if shape_type == "circle":
        cx, cy, r = (float(geometry[k]) for k in ("cx", "cy", "r"))
        radius = r / math.cos(math.pi / CIRCLE_SIDES)
        return tuple((cx + radius * math.cos(2 * math.pi * i / CIRCLE_SIDES),
                      cy + radius * math.sin(2 * math.pi * i / CIRCLE_SIDES))
                     for i in range(CIRCLE_SIDES))
    return ((float(geometry["x"]), float(geometry["y"])),)


def bounds(shape_type: str, geometry: Mapping[str, Any]) -> tuple[float, float, float, float]:
    """``(left, top, right, bottom)`` of a shape (a point gives a zero-size box)."""
    if shape_type == "circle":
        cx, cy, r = (float(geometry[k]) for k in ("cx", "cy", "r"))
        return cx - r, cy - r, cx + r, cy + r
    points = outline(shape_type, geometry)
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)
