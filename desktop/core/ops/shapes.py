"""Validation of annotation geometry against a photo's displayed size.

Geometry is in displayed-image pixels (after EXIF orientation): rect ``{"x", "y", "w",
"h"}``, polygon ``{"points": [[x, y], ...]}``, point ``{"x", "y"}``, line ``{"points":
[[x, y], [x, y]]}``, polyline ``{"points": [[x, y], ...]}`` and circle ``{"cx", "cy",
"r"}``. Edges count as inside: a rect may span the whole image (``x + w == width``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from db.models import AnnotationKind, ShapeType
from desktop.core.errors import ValidationError
from desktop.core.ops.common import parse_enum, parse_number

_KEYS = {
    ShapeType.RECT: {"x", "y", "w", "h"},
    ShapeType.POLYGON: {"points"},
    ShapeType.POINT: {"x", "y"},
    ShapeType.LINE: {"points"},
    ShapeType.POLYLINE: {"points"},
    ShapeType.CIRCLE: {"cx", "cy", "r"},
}
# A measurement is a length: a line, a path or a circle's diameter.
MEASUREMENT_SHAPES = frozenset({ShapeType.LINE, ShapeType.POLYLINE, ShapeType.CIRCLE})
# A redaction hides an area: a line or a path hides nothing.
_NO_AREA = frozenset({ShapeType.LINE, ShapeType.POLYLINE})


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
    positive width and height; a polygon at least three points enclosing some area; a
    line two distinct points; a polyline at least two points and some length; a circle a
    positive radius and its centre on the photo (its edge may leave it).
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
    if shape is ShapeType.CIRCLE:
        cx, cy = inside(values["cx"], values["cy"], path)
        r = parse_number(values["r"], f"{path}.r")
        if not 0 < r <= max(width, height):
            raise ValidationError("a circle needs a positive radius no larger than the photo",
                                  f"{path}.r")
        return {"cx": cx, "cy": cy, "r": r}
    points = values["points"]
    if not isinstance(points, list | tuple):
        raise ValidationError("expected a list of [x, y] points", f"{path}.points")
    clean: list[list[float | int]] = []
    for i, point in enumerate(points):
        where = f"{path}.points[{i}]"
        if not isinstance(point, list | tuple) or len(point) != 2:
            raise ValidationError("expected [x, y]", where)
        clean.append(inside(point[0], point[1], where))
    if shape is ShapeType.LINE:
        if len(clean) != 2:
            raise ValidationError("a line needs exactly 2 points", f"{path}.points")
        if clean[0] == clean[1]:
            raise ValidationError("the line's two points are the same", f"{path}.points")
        return {"points": clean}
    if shape is ShapeType.POLYLINE:
        if len(clean) < 2:
            raise ValidationError("a polyline needs at least 2 points", f"{path}.points")
        if all(p == clean[0] for p in clean):
            raise ValidationError("the polyline's points are all the same", f"{path}.points")
        return {"points": clean}
    if len(clean) < 3:
        raise ValidationError("a polygon needs at least 3 points", f"{path}.points")
    if _area(clean) == 0:
        raise ValidationError("the polygon's points enclose no area", f"{path}.points")
    return {"points": clean}


def check_shape_kind(shape_type: ShapeType | str, kind: AnnotationKind | str,
                     path: str = "kind") -> None:
    """``ValidationError`` when the kind cannot be drawn with that shape: a measurement is a
    line, polyline or circle; a redaction covers an area (not a line or polyline)."""
    shape, what = ShapeType(shape_type), AnnotationKind(kind)
    if what is AnnotationKind.MEASUREMENT and shape not in MEASUREMENT_SHAPES:
        raise ValidationError(f"a measurement is a line, polyline or circle, not a {shape.value}",
                              path)
    if what is AnnotationKind.REDACTION and shape in _NO_AREA:
        raise ValidationError(f"a redaction must cover an area; a {shape.value} covers none",
                              path)


def _area(points: list[list[float | int]]) -> float:
    """Absolute area by the shoelace formula."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2
