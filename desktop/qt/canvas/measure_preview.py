"""The value of a measurement being drawn or dragged, computed on the fly (no Qt).

While the pointer moves, the viewer shows the length of what is being drawn. It is
computed here with ``desktop.core.measure`` from the photo's scale references as the
viewer already holds them (annotation DTOs), without a database read per mouse move.
The stored value of a finished measurement (the one the Inspector and the dossier print)
comes from the core's measurement query; this module only previews it the same way.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.core.errors import FragmentError
from desktop.core.lengths import Length, parse_length, parse_rect_size
from desktop.core.measure import LineReference, Measurement, PlaneReference, Reference, measure

Point = tuple[float, float]


@dataclass(frozen=True)
class PhotoReferences:
    """The usable scale references of one photo, and the labels of those whose reading
    does not parse."""

    references: tuple[Reference, ...]
    unreadable: tuple[str, ...] = ()


def _value(v: Any) -> str:
    return str(getattr(v, "value", v))


def _reference(a: Any) -> Reference | None:
    """The reference an annotation DTO defines (raises ``FragmentError`` on a bad reading)."""
    shape, g, reading = _value(a.shape_type), a.geometry, a.transcription or ""
    label = getattr(a, "label", "") or str(a.number)
    if shape == "line":
        (x0, y0), (x1, y1) = g["points"][:2]
        return LineReference((x0, y0), (x1, y1), parse_length(reading), label)
    if shape == "rect":  # a bar or a ruler: its longer side is the known length
        x, y, w, h = (float(g[k]) for k in ("x", "y", "w", "h"))
        length: Length = parse_length(reading)
        if w >= h:
            return LineReference((x, y + h / 2), (x + w, y + h / 2), length, label)
        return LineReference((x + w / 2, y), (x + w / 2, y + h), length, label)
    if shape == "polygon" and len(g["points"]) == 4:
        corners = tuple((float(p[0]), float(p[1])) for p in g["points"])
        return PlaneReference(corners, parse_rect_size(reading), label)  # type: ignore[arg-type]
    return None


def photo_references(annotations: Iterable[Any]) -> PhotoReferences:
    """The scale references among a photo's annotation DTOs."""
    found: list[Reference] = []
    unreadable: list[str] = []
    for a in annotations:
        if _value(a.kind) != "scale_reference":
            continue
        try:
            ref = _reference(a)
        except (FragmentError, KeyError, ValueError, TypeError):
            unreadable.append(getattr(a, "label", "") or str(a.number))
            continue
        if ref is not None:
            found.append(ref)
    return PhotoReferences(tuple(found), tuple(unreadable))


def measured_points(shape_type: str, geometry: dict[str, Any]) -> tuple[str, list[Point]]:
    """What ``measure`` takes for a shape: ("line"|"polyline"|"circle", points)."""
    if shape_type == "circle":
        cx, cy, r = (float(geometry[k]) for k in ("cx", "cy", "r"))
        angles = (math.pi / 2, math.pi * 7 / 6, math.pi * 11 / 6)
        return "circle", [(cx + r * math.cos(t), cy + r * math.sin(t)) for t in angles]
    pts = [(float(p[0]), float(p[1])) for p in geometry.get("points", [])]
    return ("line" if shape_type == "line" else "polyline"), pts


def _centre(points: Sequence[Point]) -> Point:
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def choose_reference(points: Sequence[Point], refs: Sequence[Reference]) -> Reference | None:
    """A plane reference first (it corrects for the viewing angle), else the nearest line."""
    planes = [r for r in refs if isinstance(r, PlaneReference)]
    if planes:
        return planes[0]
    lines = [r for r in refs if isinstance(r, LineReference)]
    if not lines:
        return None
    here = _centre(points)
    return min(lines, key=lambda r: math.dist(here, _centre([r.start, r.end])))


def measure_shape(shape_type: str, geometry: dict[str, Any],
                  refs: PhotoReferences) -> Measurement | None:
    """The measurement of a drawn shape; None when it cannot be measured yet (one point,
    three points on one line)."""
    if shape_type not in ("line", "polyline", "circle"):
        return None
    kind, points = measured_points(shape_type, geometry)
    if (kind != "circle" and len(points) < 2) or (kind == "circle" and geometry["r"] <= 0):
        return None
    try:
        return measure(points, shape=kind, reference=choose_reference(points, refs.references))
    except FragmentError:
        return None
