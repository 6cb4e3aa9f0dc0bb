"""Measuring on a photo: real lengths from a scale reference, with their uncertainty.

Two kinds of reference:

- a **line** of known length (a ruler's 10 cm, a scale bar): one scale factor, valid for
  objects at the same distance and in a plane facing the camera like the reference;
- a **rectangle** of known width and height (an A4 sheet, a scale card) seen as a
  quadrilateral: its four corners define the homography from the photo to the plane the
  rectangle lies in, so lengths on that plane are rectified even when it is seen at an
  angle.

The uncertainty is propagated from a stated pointing error (how far, in pixels, a click may
be from the true point; 2 px by default), applied independently to every clicked point
(the reference's and the measurement's), plus the reference's own tolerance. It is a
standard uncertainty (one sigma) of a first-order propagation; the consistency test with a
catalog figure uses twice it. What the propagation cannot see (the object lying off the
reference's plane, lens distortion) is reported as warnings, never silently folded in.

numpy does the linear algebra (the homography is the null vector of the 8x9 DLT system,
normalised as Hartley describes); the rest is plain geometry.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from desktop.core.errors import ValidationError
from desktop.core.lengths import Length, RectSize, format_mm, format_with_uncertainty

Point = tuple[float, float]

DEFAULT_POINTING_ERROR_PX = 2.0
#: an object farther from a line reference than this many reference lengths is warned about
FAR_FROM_REFERENCE = 3.0
#: local stretch ratio of the homography above which the plane is "strongly foreshortened"
FORESHORTENING_WARNING = 2.5


@dataclass(frozen=True)
class LineReference:
    """A segment of known real length, in photo pixels."""

    start: Point
    end: Point
    length: Length
    label: str = ""


@dataclass(frozen=True)
class PlaneReference:
    """A rectangle of known size seen as a quadrilateral (corners in drawing order)."""

    corners: tuple[Point, Point, Point, Point]
    size: RectSize
    label: str = ""


Reference = LineReference | PlaneReference


@dataclass(frozen=True)
class Measurement:
    """A measured length, in millimetres when there was a reference, else in pixels."""

    pixels: float
    mm: float | None
    uncertainty_mm: float | None
    method: str
    warnings: tuple[str, ...] = field(default=())

    def describe(self) -> str:
        """'92.0 cm ± 1.4 cm' or '812 px (no scale reference)'."""
        if self.mm is None or self.uncertainty_mm is None:
            return f"{self.pixels:.0f} px (no scale reference)"
        return format_with_uncertainty(self.mm, self.uncertainty_mm)


def _distance(a: Point, b: Point) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def path_length(points: Sequence[Point]) -> float:
    """Length of the open polyline through ``points``."""
    return sum(_distance(a, b) for a, b in itertools.pairwise(points))


def circle_diameter(points: Sequence[Point]) -> float:
    """Diameter of the circle through three or more points (least-squares fit, Kåsa)."""
    if len(points) < 3:
        raise ValidationError("a circle needs at least three points on its edge", "points")
    if not any(_area2(points[0], points[i], points[j]) > 1e-6 * _spread(points) ** 2
               for i in range(1, len(points)) for j in range(i + 1, len(points))):
        raise ValidationError("the points do not lie on a circle (they are on one line)",
                              "points")
    xs = np.array([p[0] for p in points], dtype=float)
    ys = np.array([p[1] for p in points], dtype=float)
    a = np.column_stack([xs, ys, np.ones_like(xs)])
    b = xs * xs + ys * ys
    (cx2, cy2, c), *_ = np.linalg.lstsq(a, b, rcond=None)
    cx, cy = cx2 / 2.0, cy2 / 2.0
    radius_sq = c + cx * cx + cy * cy
    if not math.isfinite(radius_sq) or radius_sq <= 0:
        raise ValidationError("the points do not lie on a circle", "points")
    residual = np.abs(np.hypot(xs - cx, ys - cy) - math.sqrt(radius_sq))
    if len(points) > 3 and residual.max() > 0.25 * math.sqrt(radius_sq):
        raise ValidationError("the points are too far from one circle", "points")
    return 2.0 * math.sqrt(radius_sq)


def _area2(a: Point, b: Point, c: Point) -> float:
    """Twice the area of the triangle abc (zero when the points are on one line)."""
    return abs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]))


def _spread(points: Sequence[Point]) -> float:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return max(max(xs) - min(xs), max(ys) - min(ys), 1e-12)


def homography(source: Sequence[Point], target: Sequence[Point]) -> np.ndarray:
    """The 3x3 projective map sending the four ``source`` points to ``target`` (DLT)."""
    if len(source) != 4 or len(target) != 4:
        raise ValidationError("a rectangle reference needs exactly four corners", "corners")

    for quad, where in ((source, "corners"), (target, "plane")):
        scale = _spread(quad) ** 2
        for i in range(4):
            a, b, c = quad[i], quad[(i + 1) % 4], quad[(i + 2) % 4]
            if _area2(a, b, c) < 1e-6 * scale:
                raise ValidationError("three of the four corners lie on one line", where)

    def normaliser(points: Sequence[Point]) -> np.ndarray:
        pts = np.asarray(points, dtype=float)
        centre = pts.mean(axis=0)
        spread = np.sqrt(((pts - centre) ** 2).sum(axis=1)).mean() or 1.0
        s = math.sqrt(2) / spread
        return np.array([[s, 0, -s * centre[0]], [0, s, -s * centre[1]], [0, 0, 1]])

    t_src, t_dst = normaliser(source), normaliser(target)
    rows = []
    for (x, y), (u, v) in zip(source, target, strict=True):
        sx, sy, _ = t_src @ (x, y, 1.0)
        du, dv, _ = t_dst @ (u, v, 1.0)
        rows.append([-sx, -sy, -1, 0, 0, 0, du * sx, du * sy, du])
        rows.append([0, 0, 0, -sx, -sy, -1, dv * sx, dv * sy, dv])
    _, singular, vt = np.linalg.svd(np.asarray(rows))
    if singular[-2] < 1e-9:
        raise ValidationError("three of the four corners lie on one line", "corners")
    h = np.linalg.inv(t_dst) @ vt[-1].reshape(3, 3) @ t_src
    return h / h[2, 2]


def _apply(h: np.ndarray, point: Point) -> Point:
    x, y, w = h @ (point[0], point[1], 1.0)
    if abs(w) < 1e-12:
        raise ValidationError("the point lies on the horizon of the reference plane", "points")
    return (x / w, y / w)


def plane_corners(size: RectSize) -> list[Point]:
    """The rectangle of ``size`` in millimetres, its first number (width) from corner 1 to
    corner 2: where a plane reference's corners go, in drawing order."""
    w, h = size.width.mm, size.height.mm
    return [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)]


def _convex_quad(corners: Sequence[Point]) -> bool:
    signs = []
    for i in range(4):
        (ax, ay), (bx, by), (cx, cy) = corners[i], corners[(i + 1) % 4], corners[(i + 2) % 4]
        signs.append((bx - ax) * (cy - by) - (by - ay) * (cx - bx) > 0)
    return all(signs) or not any(signs)


def _local_stretch(h: np.ndarray, point: Point) -> float:
    """Ratio of the largest to the smallest scale of the map near ``point``."""
    eps = 1.0
    p0 = np.array(_apply(h, point))
    jx = (np.array(_apply(h, (point[0] + eps, point[1]))) - p0) / eps
    jy = (np.array(_apply(h, (point[0], point[1] + eps))) - p0) / eps
    singular = np.linalg.svd(np.column_stack([jx, jy]), compute_uv=False)
    return float(singular[0] / max(singular[1], 1e-12))


def _propagate(fn: Callable[[np.ndarray], float], params: np.ndarray, sigma_px: float) -> float:
    """First-order propagation of an independent pointing error on every coordinate."""
    base = fn(params)
    total = 0.0
    step = 0.5
    for i in range(len(params)):
        shifted = params.copy()
        shifted[i] += step
        total += ((fn(shifted) - base) / step * sigma_px) ** 2
    return math.sqrt(total)


def _length_of(points: Sequence[Point], shape: str) -> float:
    if shape == "circle":
        return circle_diameter(points)
    return path_length(points)


def measure(points: Sequence[Point], *, shape: str = "line",
            reference: Reference | None = None,
            pointing_error_px: float = DEFAULT_POINTING_ERROR_PX) -> Measurement:
    """Measure the line, polyline or circle (diameter) drawn through ``points``."""
    if shape not in ("line", "polyline", "circle"):
        raise ValidationError("must be line, polyline or circle", "shape")
    if shape != "circle" and len(points) < 2:
        raise ValidationError("a measurement needs at least two points", "points")
    if pointing_error_px < 0 or not math.isfinite(pointing_error_px):
        raise ValidationError("must be a positive number of pixels", "pointing_error")
    pixels = _length_of(points, shape)
    if reference is None:
        return Measurement(pixels, None, None, "pixels: the photo has no scale reference",
                           ("Add a scale reference (a line or a rectangle of known size) to "
                            "get a real length.",))
    if isinstance(reference, LineReference):
        return _measure_with_line(points, shape, pixels, reference, pointing_error_px)
    return _measure_on_plane(points, shape, pixels, reference, pointing_error_px)


def _measure_with_line(points: Sequence[Point], shape: str, pixels: float,
                       ref: LineReference, sigma: float) -> Measurement:
    ref_px = _distance(ref.start, ref.end)
    if ref_px < 1:
        raise ValidationError("the scale reference is shorter than a pixel", "reference")
    n = len(points)
    flat = np.array([c for p in (*points, ref.start, ref.end) for c in p], dtype=float)

    def value(params: np.ndarray) -> float:
        pts = [(params[2 * i], params[2 * i + 1]) for i in range(n)]
        r = _distance((params[2 * n], params[2 * n + 1]), (params[2 * n + 2], params[2 * n + 3]))
        return _length_of(pts, shape) * ref.length.mm / r

    mm = value(flat)
    pointing = _propagate(value, flat, sigma)
    reference_part = mm * ref.length.tolerance_mm / ref.length.mm
    uncertainty = math.hypot(pointing, reference_part)
    warnings = []
    centre = np.mean(np.asarray(points, dtype=float), axis=0)
    ref_centre = (np.asarray(ref.start) + np.asarray(ref.end)) / 2.0
    if float(np.hypot(*(centre - ref_centre))) > FAR_FROM_REFERENCE * ref_px:
        warnings.append("The measured object is far from the scale reference; if it is not "
                        "at the same distance from the camera, the error can be larger "
                        "than stated.")
    warnings.append("A line reference assumes the object and the reference face the camera "
                    "in one plane; a rectangle reference corrects for viewing angle.")
    method = (f"scale from line reference {ref.label or ''} {ref.length.describe()} over "
              f"{ref_px:.0f} px; pointing error {sigma:g} px per point").replace("  ", " ")
    return Measurement(pixels, mm, uncertainty, method, tuple(warnings))


def _measure_on_plane(points: Sequence[Point], shape: str, pixels: float,
                      ref: PlaneReference, sigma: float) -> Measurement:
    corners = list(ref.corners)
    if not _convex_quad(corners):
        raise ValidationError("the reference's corners must be given in order around a "
                              "convex quadrilateral", "corners")
    plane = plane_corners(ref.size)
    n = len(points)
    flat = np.array([c for p in (*points, *corners) for c in p], dtype=float)

    def value(params: np.ndarray) -> float:
        quad = [(params[2 * n + 2 * i], params[2 * n + 2 * i + 1]) for i in range(4)]
        h = homography(quad, plane)
        pts = [_apply(h, (params[2 * i], params[2 * i + 1])) for i in range(n)]
        return _length_of(pts, shape)

    mm = value(flat)
    pointing = _propagate(value, flat, sigma)
    rel_tol = math.hypot(ref.size.width.tolerance_mm / ref.size.width.mm,
                         ref.size.height.tolerance_mm / ref.size.height.mm) / math.sqrt(2)
    uncertainty = math.hypot(pointing, mm * rel_tol)
    h = homography(corners, plane)
    warnings = []
    stretch = max(_local_stretch(h, p) for p in points)
    if stretch > FORESHORTENING_WARNING:
        warnings.append(f"The plane is strongly foreshortened here (one direction "
                        f"{stretch:.1f} times shorter than the other): small pointing errors "
                        "weigh heavily.")
    warnings.append("Lengths are rectified in the reference's plane: the measured edge must "
                    "lie in that plane (the card laid against the fragment).")
    name = ref.size.name or f"{format_mm(ref.size.width.mm)} x {format_mm(ref.size.height.mm)}"
    method = (f"rectified through rectangle reference {ref.label or ''} ({name}, corner 1 to "
              f"2 being {format_mm(ref.size.width.mm)}); pointing error {sigma:g} px per "
              "point").replace("  ", " ")
    return Measurement(pixels, mm, uncertainty, method, tuple(warnings))
