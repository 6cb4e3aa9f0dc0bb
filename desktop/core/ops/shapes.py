"""Validation of annotation geometry against a photo's displayed size.

Geometry is in displayed-image pixels (after EXIF orientation): rect ``{"x", "y", "w",
"h"}``, polygon ``{"points": [[x, y], ...]}``, point ``{"x", "y"}``. Edges count as inside:
a rect may span the whole image (``x + w == width``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from db.models import ShapeType
from desktop.core.errors import ValidationError
from desktop.core.ops.common import parse_enum, parse_number

_KEYS = {
    ShapeType.RECT: {"x", "y", "w", "h"},
    ShapeType.POLYGON: {"points"},
    ShapeType.POINT: {"x", "y"},
}


def validate_geometry(
    shape_type: ShapeType | str,
    geometry: Any,
    *,
    width: int,
    height: int,
    path: str = "geometry",
) -> dict[str, Any]:
    """A clean copy of ``geometry`` for ``shape_type``, or ``ValidationError`` saying why.

    A ``"type"`` key equal to the shape type is accepted and dropped (interchange shapes
    carry it). Every coordinate must lie within ``0..width`` x ``0..height``; a rect needs a
    positive width and height; a polygon at least three points enclosing some area.
    """
    shape = parse_enum(ShapeType, shape_type, f"{path}.type")
    if not isinstance(geometry, Mapping):
        raise ValidationError("expected an object with the shape's coordinates", path)
    values = dict(geometry)
    if "type" in values and values.pop("type") != shape.value:
        raise ValidationError(f"type does not match the shape type {shape.value}", path)
    expected = _KEYS[shape]
    missing = sorted(expected - set(values))
    extra = sorted(set(values) - expected)
    if missing:
        raise ValidationError(f"a {shape.value} needs {', '.join(missing)}", path)
    if extra:
        raise ValidationError(f"a {shape.value} has no {', '.join(extra)}", path)

    def inside(x: Any, y: Any, where: str) -> list[float | int]:
        px = parse_number(x, f"{where}.x" if where == path else f"{where}[0]")
        py = parse_number(y, f"{where}.y" if where == path else f"{where}[1]")
        if not (0 <= px <= width and 0 <= py <= height):
            raise ValidationError(
                f"({px}, {py}) lies outside the {width}x{height} photo", where
            )
        return [px, py]

    if shape is ShapeType.POINT:
        x, y = inside(values["x"], values["y"], path)
        return {"x": x, "y": y}
    if shape is ShapeType.RECT:
        x, y = inside(values["x"], values["y"], path)
        w = parse_number(values["w"], f"{path}.w")
        h = parse_number(values["h"], f"{path}.h")
        if w <= 0 or h <= 0:
            raise ValidationError("a rectangle needs a positive width and height", path)
        if x + w > width or y + h > height:
            raise ValidationError(f"the rectangle extends outside the {width}x{height} photo",
                                  path)
        return {"x": x, "y": y, "w": w, "h": h}
    points = values["points"]
    if not isinstance(points, list | tuple):
        raise ValidationError("expected a list of [x, y] points", f"{path}.points")
    clean: list[list[float | int]] = []
    for i, point in enumerate(points):
        where = f"{path}.points[{i}]"
        if not isinstance(point, list | tuple) or len(point) != 2:
            raise ValidationError("expected [x, y]", where)
        clean.append(inside(point[0], point[1], where))
    if len(clean) < 3:
        raise ValidationError("a polygon needs at least 3 points", f"{path}.points")
    if _area(clean) == 0:
        raise ValidationError("the polygon's points enclose no area", f"{path}.points")
    return {"points": clean}


def _area(points: list[list[float | int]]) -> float:
    """Absolute area by the shoelace formula."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2
