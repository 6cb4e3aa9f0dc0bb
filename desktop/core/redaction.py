"""What a redaction withholds: the geometry that decides which annotations it covers.

A redaction is an annotation an investigator draws over something that must not be
published (a face, a victim, a number plate). The exports burn it into the pixels; this
module decides what they must also leave out of their text. On one photo, these
annotations are *withheld* (their transcription, notes, catalog match and crop are not
exported):

- every redaction itself (its own notes and reading describe what it hides);
- every other annotation whose shape is covered by or overlaps a redaction's area.

Overlap means the two areas intersect: a shared edge or corner does not count, a point
annotation counts when it lies strictly inside. Shapes are outlines in displayed-image
pixels (rect as its four corners, polygon vertices, or one point), as in
``db.models.annotation``. A polygon that crosses itself covers every area it winds around
(the non-zero rule), which for withholding errs on the side of leaving out. A point
redaction covers the disc the dossier burns for it (``POINT_RADIUS`` of the photo's long
side), taken as a polygon drawn around that disc.

Pure Python, no Qt and no database: the query layer feeds it plain outlines.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.core.shape_geometry import outline as shape_outline

Point = tuple[float, float]
Outline = tuple[Point, ...]

REDACTION = "redaction"
"""The annotation kind that withholds."""

POINT_RADIUS = 0.02
"""A point redaction is burned as a disc of this radius, as a fraction of the long side."""

AREA_EPSILON = 1e-6
"""Square pixels: a shared edge computed in floating point leaves at most rounding dust."""

_BOUNDARY_EPSILON = 1e-9
_DISC_SIDES = 32


@dataclass(frozen=True)
class ShapeOnPhoto:
    """One annotation of a photo as the decision needs it: a key, its kind, its outline."""

    key: int
    kind: str
    outline: Outline

    @property
    def is_redaction(self) -> bool:
        return self.kind == REDACTION


def outline(shape_type: str, geometry: Mapping[str, Any]) -> Outline:
    """The outline of a stored geometry (``shape_geometry.outline``: a rect's four corners,
    a polygon's, line's or polyline's points, a circle's circumscribed polygon, one point)."""
    return shape_outline(shape_type, geometry)


def covered_region(redaction: Outline, long_side: float) -> Outline:
    """The area a redaction hides: its outline, or for a point the polygon around its disc."""
    if len(redaction) != 1:
        return redaction
    (cx, cy), = redaction
    # circumscribed, so the polygon contains the whole burned disc
    radius = POINT_RADIUS * long_side / math.cos(math.pi / _DISC_SIDES)
    return tuple((cx + radius * math.cos(2 * math.pi * i / _DISC_SIDES),
                  cy + radius * math.sin(2 * math.pi * i / _DISC_SIDES))
                 for i in range(_DISC_SIDES))


def withheld(annotations: Iterable[ShapeOnPhoto], *, long_side: float) -> frozenset[int]:
    """Keys of the annotations of one photo whose text, catalog match and crop are withheld.

    ``long_side`` is the photo's longer displayed side in pixels (it sizes point
    redactions). Every redaction is withheld, and every annotation that overlaps one.
    """
    shapes = list(annotations)
    regions = [covered_region(s.outline, long_side) for s in shapes if s.is_redaction]
    return frozenset(s.key for s in shapes
                     if s.is_redaction or any(overlaps(s.outline, r) for r in regions))


def overlaps(shape: Outline, region: Outline) -> bool:
    """True when ``shape`` and the polygon ``region`` share some area.

    A one-point ``shape`` overlaps when it lies strictly inside ``region``; touching edges
    or corners never count, except for a two-point ``shape`` (a measured line), which
    overlaps when it crosses or touches the region's border. A ``region`` of fewer than
    three points covers nothing.
    """
    if len(region) < 3 or not shape:
        return False
    if not _boxes_meet(shape, region):
        return False
    if any(strictly_inside(p, region) for p in shape):
        return True
    if len(shape) == 2:  # a measured line: withheld when it crosses the region
        return any(_crossing_x((shape[0], shape[1]), edge) is not None
                   for edge in _edges(region))
    if len(shape) < 3:
        return False
    return intersection_area(shape, region) > AREA_EPSILON


def strictly_inside(point: Point, region: Outline) -> bool:
    """True when ``point`` is inside ``region`` (non-zero rule) and not on its boundary."""
    if len(region) < 3:
        return False
    px, py = point
    winding = 0
    for (x1, y1), (x2, y2) in _edges(region):
        if _on_segment(px, py, x1, y1, x2, y2):
            return False
        cross = (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1)
        if y1 <= py < y2 and cross > 0:
            winding += 1
        elif y2 <= py < y1 and cross < 0:
            winding -= 1
    return winding != 0


def intersection_area(a: Outline, b: Outline) -> float:
    """The area the polygons ``a`` and ``b`` have in common (each by the non-zero rule).

    The plane is cut into vertical slabs at every vertex and every crossing of two edges.
    Inside a slab no edge starts, ends or crosses another, so the length of the common
    part of a vertical line is linear in x, and its value at the slab's middle times the
    slab's width is the slab's exact share of the area. Works for any polygons, convex or
    not, crossing themselves or not; a few dozen vertices take well under a millisecond.
    """
    if len(a) < 3 or len(b) < 3:
        return 0.0
    edges_a, edges_b = _edges(a), _edges(b)
    every = edges_a + edges_b
    xs = {p[0] for p in a} | {p[0] for p in b}
    for i, e in enumerate(every):
        for f in every[i + 1:]:
            x = _crossing_x(e, f)
            if x is not None:
                xs.add(x)
    cuts = sorted(xs)
    area = 0.0
    for left, right in itertools.pairwise(cuts):
        width = right - left
        if width <= 0:
            continue
        middle = (left + right) / 2
        area += _common_length(_spans(edges_a, middle), _spans(edges_b, middle)) * width
    return area


Edge = tuple[Point, Point]


def _edges(polygon: Sequence[Point]) -> list[Edge]:
    return [(polygon[i], polygon[(i + 1) % len(polygon)]) for i in range(len(polygon))]


def _boxes_meet(a: Outline, b: Outline) -> bool:
    """Bounding boxes overlap or touch (a quick rejection before the real test)."""
    return not (max(p[0] for p in a) < min(p[0] for p in b)
                or max(p[0] for p in b) < min(p[0] for p in a)
                or max(p[1] for p in a) < min(p[1] for p in b)
                or max(p[1] for p in b) < min(p[1] for p in a))


def _on_segment(px: float, py: float, x1: float, y1: float, x2: float, y2: float) -> bool:
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy)
    if length == 0:
        return math.hypot(px - x1, py - y1) <= _BOUNDARY_EPSILON
    if abs(dx * (py - y1) - dy * (px - x1)) / length > _BOUNDARY_EPSILON:
        return False
    along = ((px - x1) * dx + (py - y1) * dy) / length
    return -_BOUNDARY_EPSILON <= along <= length + _BOUNDARY_EPSILON


def _crossing_x(e: Edge, f: Edge) -> float | None:
    """The x where two segments cross at one point, or None (parallel or apart)."""
    (x1, y1), (x2, y2) = e
    (x3, y3), (x4, y4) = f
    denominator = (x2 - x1) * (y4 - y3) - (y2 - y1) * (x4 - x3)
    if denominator == 0:
        return None  # parallel: any shared stretch starts and ends at vertices
    t = ((x3 - x1) * (y4 - y3) - (y3 - y1) * (x4 - x3)) / denominator
    u = ((x3 - x1) * (y2 - y1) - (y3 - y1) * (x2 - x1)) / denominator
    if not (0 <= t <= 1 and 0 <= u <= 1):
        return None
    return x1 + t * (x2 - x1)


def _spans(edges: list[Edge], x: float) -> list[tuple[float, float]]:
    """The y intervals of a vertical line at ``x`` inside the polygon (non-zero rule)."""
    crossings = []
    for (x1, y1), (x2, y2) in edges:
        if min(x1, x2) < x < max(x1, x2):
            y = y1 + (x - x1) * (y2 - y1) / (x2 - x1)
            crossings.append((y, 1 if x2 > x1 else -1))
    crossings.sort()
    spans = []
    winding = 0
    start = 0.0
    for y, direction in crossings:
        before = winding
        winding += direction
        if before == 0 and winding != 0:
            start = y
        elif before != 0 and winding == 0:
            spans.append((start, y))
    return spans


def _common_length(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> float:
    """Total length shared by two sorted lists of disjoint intervals."""
    total = 0.0
    i = j = 0
    while i < len(a) and j < len(b):
        low = max(a[i][0], b[j][0])
        high = min(a[i][1], b[j][1])
        if high > low:
            total += high - low
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total
