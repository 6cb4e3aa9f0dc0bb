"""The scale of a photo from its scale reference, for the scale bar printed on its crops.

A scale reference is an annotation of kind ``scale_reference`` whose reading is a length
("10 cm", "4 in"). Its length in pixels is taken from its outline: a rectangle's longer
side, a polygon's longest edge. The bar is only true in the plane of the reference: the
dossier says so beside every crop that carries one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.core.errors import ValidationError
from desktop.core.lengths import parse_length
from desktop.core.queries.dossier import AnnotationInfo

Outline = tuple[tuple[float, float], ...]
_LENGTHS = ("rect", "polygon", "line")  # the shapes whose outline has a reference length


@dataclass(frozen=True)
class PhotoScale:
    """Millimetres per displayed-image pixel, and the reference it comes from."""

    mm_per_px: float
    reference: str
    """The reference's label (A5)."""
    reading: str
    """Its reading as written ("10 cm")."""


def reference_pixels(shape_type: str, points: Outline) -> float:
    """The reference's length in pixels: a rectangle's longer side, a polygon's longest edge
    (0 for a point, which has no length)."""
    if len(points) < 2:
        return 0.0
    if shape_type == "rect":
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        return max(max(xs) - min(xs), max(ys) - min(ys))
    edges = zip(points, points[1:] + points[:1], strict=True) if len(points) > 2 else [
        (points[0], points[1])]
    return max(math.dist(a, b) for a, b in edges)


def photo_scale(annotations: Iterable[AnnotationInfo]) -> PhotoScale | None:
    """The scale given by the photo's first scale reference whose reading is a length
    (None when there is none: no bar is drawn rather than a guessed one)."""
    for ann in annotations:
        if ann.kind != "scale_reference" or ann.withheld or ann.shape_type not in _LENGTHS:
            continue
        try:
            length = parse_length(ann.transcription.strip())
        except ValidationError:
            continue
        pixels = reference_pixels(ann.shape_type, ann.points)
        if pixels > 0:
            return PhotoScale(length.mm / pixels, ann.label, ann.transcription.strip())
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
