"""The scale of a photo from its scale reference, for the scale bar printed on its crops.

A scale reference is an annotation of kind ``scale_reference``. Two kinds give a scale:

- a **length** ("10 cm", "4 in") on a line, a rectangle or a polygon: its length in pixels
  is the line's, a rectangle's longer side or a polygon's longest edge, and one factor
  holds for the whole photo, in the plane of the reference;
- a **size** ("A4", "210 x 297 mm", "credit card") on a rectangle or a four-cornered
  polygon: the four corners rectify the plane the rectangle lies in (a homography,
  ``measure.homography``, the corners taken as ``fragment measure`` takes them: the
  first edge drawn is the width), so the scale is computed where each crop is, and holds
  on that plane.

The bar is only true in the plane of the reference: the dossier says so beside every
crop that carries one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from desktop.core.errors import ValidationError
from desktop.core.lengths import RectSize, parse_length, parse_rect_size
from desktop.core.measure import homography
from desktop.core.queries.dossier import AnnotationInfo

Point = tuple[float, float]
Outline = tuple[Point, ...]
_LENGTHS = ("rect", "polygon", "line")  # the shapes whose outline has a reference length


@dataclass(frozen=True)
class PhotoScale:
    """A photo's scale and the reference it comes from: one factor (``mm_per_px``) for a
    length, or the map to the reference's plane (``plane``) for a size."""

    reference: str
    """The reference's label (A5)."""
    reading: str
    """Its reading as written ("10 cm", "A4")."""
    mm_per_px: float = 0.0
    plane: tuple[tuple[float, ...], ...] = ()
    """3x3 homography from displayed-image pixels to millimetres on the reference's plane."""

    def at(self, point: Point) -> float | None:
        """Millimetres per displayed-image pixel, across the photo (along its x axis), at
        ``point`` (None where the plane is seen edge-on or behind the camera)."""
        if not self.plane:
            return self.mm_per_px
        h = np.array(self.plane)
        x, y = point
        u, v, w = h @ (x, y, 1.0)
        # the derivative of (u/w, v/w) along x: how far one pixel to the right goes
        du, dv, dw = h[0][0], h[1][0], h[2][0]
        if abs(w) < 1e-12:
            return None
        dx = (du * w - u * dw) / (w * w)
        dy = (dv * w - v * dw) / (w * w)
        scale = math.hypot(dx, dy)
        return scale if math.isfinite(scale) and scale > 0 else None


def reference_pixels(shape_type: str, points: Outline) -> float:
    """The reference's length in pixels: a rectangle's longer side, a polygon's longest edge,
    a line's length (0 for a point, which has no length)."""
    if len(points) < 2:
        return 0.0
    if shape_type == "rect":
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        return max(max(xs) - min(xs), max(ys) - min(ys))
    edges = zip(points, points[1:] + points[:1], strict=True) if len(points) > 2 else [
        (points[0], points[1])]
    return max(math.dist(a, b) for a, b in edges)


def _convex(quad: Outline) -> bool:
    signs = []
    for i in range(4):
        (ax, ay), (bx, by), (cx, cy) = quad[i], quad[(i + 1) % 4], quad[(i + 2) % 4]
        signs.append((bx - ax) * (cy - by) - (by - ay) * (cx - bx) > 0)
    return all(signs) or not any(signs)


def plane_map(corners: Outline, size: RectSize) -> np.ndarray | None:
    """The homography from the four ``corners`` to a rectangle of ``size`` in millimetres,
    with the convention of ``fragment measure``: the first edge drawn (corner 1 to 2) is
    the width, the first number of "210 x 297 mm" (A4: 210 mm). None when the corners do
    not outline a convex quadrilateral."""
    if len(corners) != 4 or not _convex(corners):
        return None
    w, h = size.width.mm, size.height.mm
    try:
        return homography(list(corners), [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)])
    except ValidationError:
        return None


def _scale_of(ann: AnnotationInfo) -> PhotoScale | None:
    reading = ann.transcription.strip()
    try:
        length = parse_length(reading)
    except ValidationError:
        length = None
    if length is not None:
        pixels = reference_pixels(ann.shape_type, ann.points)
        return PhotoScale(ann.label, reading, mm_per_px=length.mm / pixels) if pixels > 0 \
            else None
    if ann.shape_type not in ("rect", "polygon") or len(ann.points) != 4:
        return None
    try:
        size = parse_rect_size(reading)
    except ValidationError:
        return None
    h = plane_map(ann.points, size)
    if h is None:
        return None
    return PhotoScale(ann.label, reading, plane=tuple(tuple(float(v) for v in row) for row in h))


def photo_scale(annotations: Iterable[AnnotationInfo]) -> PhotoScale | None:
    """The scale given by the photo's first scale reference that has one: a length on a
    line, rectangle or polygon, or a size on a four-cornered outline (None when there is
    none: no bar is drawn rather than a guessed one)."""
    for ann in annotations:
        if ann.kind != "scale_reference" or ann.withheld or ann.shape_type not in _LENGTHS:
            continue
        scale = _scale_of(ann)
        if scale is not None:
            return scale
    return None


def nice_length(most_mm: float) -> float:
    """The longest 1, 2 or 5 × 10^n millimetres not above ``most_mm``."""
    if most_mm <= 0:
        return 0.0
    power = 10.0 ** math.floor(math.log10(most_mm))
    for step in (5.0, 2.0, 1.0):
        if step * power <= most_mm:
            return step * power
    return power  # not reached: 1 × 10^floor(log10(x)) <= x


def length_label(mm: float) -> str:
    """``5 mm``, ``2 cm``, ``50 cm``, ``1 m``, ``0.5 mm``: a bar's round length."""
    if mm >= 1000:
        return f"{mm / 1000:g} m"
    if mm >= 10 and (mm / 10).is_integer():
        return f"{mm / 10:g} cm"
    return f"{mm:g} mm"
