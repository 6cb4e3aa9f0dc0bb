"""The scale of a photo from its scale reference, for the scale bar printed on its crops.

What a scale reference means is decided in one place, ``measurements.scale_reference``
(the reading of its measurements, the Inspector and ``fragment measurements``), and the bar
asks it, so a bar and a measurement on the same photo never disagree:

- a **length** ("10 cm", "4 in") on a line, or on a rectangle (its longer side): one
  factor holds for the whole photo, in the plane of the reference;
- a **size** ("A4", "210 x 297 mm") on a rectangle or a four-cornered polygon: the corners
  rectify the plane it lies in (a homography; corner 1 to 2 is the size's first number),
  so the scale is computed where each crop is, and holds on that plane.

A reference the measurement code reports as unusable (one length on a polygon, a reading
that does not parse) gives no bar. With several references, a crop's bar uses the one a
measurement at the crop would use (``measurements.choose_reference``); a measurement's own
crop uses the reference its value was computed with. The bar is only true in the plane of
the reference: the dossier says so beside every crop that carries one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from desktop.core.errors import ValidationError
from desktop.core.measure import LineReference, PlaneReference, homography, plane_corners
from desktop.core.measurements import (
    SCALE_REFERENCE,
    ScaleReference,
    Shape,
    choose_reference,
    scale_reference,
)
from desktop.core.queries.dossier import AnnotationInfo

Point = tuple[float, float]
Outline = tuple[Point, ...]


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


def _shape(ann: AnnotationInfo) -> Shape:
    """The dossier's annotation as the measurement code reads it (its outline back to the
    stored geometry: a rect's corners to x, y, w, h)."""
    if ann.shape_type == "rect":
        xs = [p[0] for p in ann.points]
        ys = [p[1] for p in ann.points]
        geometry: dict[str, object] = {"x": min(xs), "y": min(ys), "w": max(xs) - min(xs),
                                       "h": max(ys) - min(ys)}
    else:
        geometry = {"points": [list(p) for p in ann.points]}
    return Shape(ann.id, ann.label, ann.kind, ann.shape_type, geometry, ann.transcription)


def _scale_of(ref: ScaleReference) -> PhotoScale | None:
    reading = ref.shape.reading.strip()
    found = ref.reference
    if isinstance(found, LineReference):
        pixels = math.dist(found.start, found.end)
        return PhotoScale(ref.shape.label, reading, mm_per_px=found.length.mm / pixels) \
            if pixels > 0 else None
    if isinstance(found, PlaneReference):
        try:
            h = homography(list(found.corners), plane_corners(found.size))
        except ValidationError:
            return None
        return PhotoScale(ref.shape.label, reading,
                          plane=tuple(tuple(float(v) for v in row) for row in h))
    return None


def photo_scale(annotations: Iterable[AnnotationInfo], at: Sequence[Point] = (),
                *, reference_label: str = "") -> PhotoScale | None:
    """The scale at ``at`` (an annotation's outline), from the reference a measurement
    there would use, or from ``reference_label`` (the reference a measurement's value was
    computed with). None when there is none or it is withheld: no bar is drawn rather than
    a guessed one."""
    anns = list(annotations)
    shapes = [a for a in anns if a.kind == SCALE_REFERENCE]
    if reference_label:
        chosen = next((a for a in shapes if a.label == reference_label), None)
        if chosen is None or chosen.withheld:
            return None
        return _scale_of(scale_reference(_shape(chosen)))
    references = [scale_reference(_shape(a)) for a in shapes if not a.withheld]
    points = list(at) or [p for r in references if r.reference is not None
                          for p in _outline(r)]
    if not points:
        return None
    best, _, _ = choose_reference(points, references)
    return _scale_of(best) if best is not None else None


def _outline(ref: ScaleReference) -> list[Point]:
    found = ref.reference
    if isinstance(found, LineReference):
        return [found.start, found.end]
    return list(found.corners) if isinstance(found, PlaneReference) else []


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
