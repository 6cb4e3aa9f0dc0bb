"""Measurements of a photo: which scale reference each one uses, and its value.

Pure functions over plain shapes (no database, no Qt): the query layer feeds them the
annotations of one photo, and the canvas may call them for a live preview.

A **scale reference** annotation carries its real size in its reading:

- a line: one length ("10 cm", "4 in");
- a rect: one length, that of its longer side (the demo's 10 cm bar), or a rectangle size
  ("A4", "210 x 297 mm"), then a plane reference through its four corners;
- a 4-point polygon: a rectangle size, a plane reference (an A4 sheet seen at an angle).

**Which side is which** is decided by drawing order, never by which edges look longer (a
guess that fails on steep views, where the near short side can look longer than the far
long one): the edge from corner 1 to corner 2 is the size's first number ("210 x 297 mm":
210 mm; "A4" is 210 x 297 mm, a bank card 85.6 x 53.98 mm), the next edge its second. A
rect has no drawing order and is a view square on, where proportions do not mislead: its
longer real side lies along its longer drawn side. ``scale_reference`` is the one place
that decides what a reference means; the dossier's scale bar and ``fragment measure``
(whose corners are in drawing order) follow it, and ``ScaleReference.summary`` says which
side was taken for which wherever the reference is shown.

A reference whose reading does not parse, or whose shape cannot carry it, is reported with
one sentence and never guessed. Each **measurement** annotation (a line, a polyline or a
circle, whose diameter is measured as the circle through three points of its rim) takes a
plane reference when it lies on or near that plane, otherwise the nearest line reference
(a rect read as one length counts as a line), otherwise the nearest plane; the choice is
said in words. Values come from ``desktop.core.measure``; nothing here is stored.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop.core.errors import ValidationError
from desktop.core.lengths import format_mm, parse_length, parse_rect_size
from desktop.core.measure import (
    DEFAULT_POINTING_ERROR_PX,
    LineReference,
    Measurement,
    PlaneReference,
    Point,
    Reference,
    measure,
)
from desktop.core.redaction import strictly_inside

MEASUREMENT = "measurement"
SCALE_REFERENCE = "scale_reference"
#: kinds whose reading is a size or what was measured, never a marking: never matched
#: against the catalog nor counted among a case's munitions
NOT_MARKINGS = frozenset({MEASUREMENT, SCALE_REFERENCE})
MEASURED_SHAPES = ("line", "polyline", "circle")
#: a measurement this close to a plane reference (in that plane's longer diagonals) uses it
NEAR_PLANE = 0.5
CHOICES = {
    "only": "the photo's only usable scale reference",
    "on_plane": "the measurement lies on the plane of {label}",
    "near_plane": "the measurement lies near the plane of {label}",
    "nearest_line": "the nearest line reference of {count}",
    "nearest_plane": "the nearest plane reference of {count} (the measurement is off every "
                     "plane)",
}
#: how a plane reference's corners are read, said wherever its result is shown
ORDER_RULE = "corner 1 to 2 is the {first} side"
RECT_RULE = "its horizontal side is the {first} side"
READING_HELP = "write a length such as '10 cm' or '4 in', or a size such as 'A4' or " \
               "'210 x 297 mm'"


@dataclass(frozen=True)
class Shape:
    """An annotation of the photo as this module needs it."""

    annotation_id: int
    label: str
    kind: str
    shape_type: str
    geometry: Mapping[str, Any]
    reading: str = ""


@dataclass(frozen=True)
class ScaleReference:
    """A scale reference annotation and what its reading gave: ``reference`` or ``problem``."""

    shape: Shape
    reference: Reference | None
    problem: str = ""

    @property
    def is_plane(self) -> bool:
        return isinstance(self.reference, PlaneReference)

    @property
    def describe(self) -> str:
        """"line reference A3 '10 cm'" or "plane of A5 'A4', rectified"."""
        if self.is_plane:
            return f"plane of {self.shape.label} '{self.shape.reading}', rectified"
        return f"line reference {self.shape.label} '{self.shape.reading}'"

    @property
    def given(self) -> str:
        """The size it gives, short: "10.0 cm (± 5.0 mm)", "21.0 cm x 29.7 cm", "" if none."""
        ref = self.reference
        if isinstance(ref, LineReference):
            return ref.length.describe()
        if isinstance(ref, PlaneReference):
            return f"{format_mm(ref.size.width.mm)} x {format_mm(ref.size.height.mm)}"
        return ""

    @property
    def summary(self) -> str:
        """What the reference gives, for people: "100 mm (± 5 mm) over 400 px" or
        "A4, 21.0 x 29.7 cm (± 1.0 mm); corner 1 to 2 is the 21.0 cm side"."""
        ref = self.reference
        if isinstance(ref, LineReference):
            pixels = math.dist(ref.start, ref.end)
            return f"{ref.length.describe()} over {pixels:.0f} px"
        if isinstance(ref, PlaneReference):
            width, height = ref.size.width, ref.size.height
            name = f"{ref.size.name}, " if ref.size.name else ""
            rule = RECT_RULE if self.shape.shape_type == "rect" else ORDER_RULE
            return (f"{name}{format_mm(width.mm)} x {format_mm(height.mm)} (± "
                    f"{format_mm(max(width.tolerance_mm, height.tolerance_mm))}); "
                    f"{rule.format(first=format_mm(width.mm))}")
        return self.problem


@dataclass(frozen=True)
class Evaluated:
    """One measurement's value, or why it has none (``error``)."""

    shape: Shape
    pixels: float
    result: Measurement | None
    reference: ScaleReference | None
    choice: str
    """Why this reference, in words (``CHOICES[choice_key]``), "" without one."""
    choice_key: str
    """"only", "on_plane", "near_plane", "nearest_line", "nearest_plane" or ""."""
    choice_count: int
    """How many references the nearest one was chosen from."""
    pointing_error_px: float
    warnings: tuple[str, ...] = field(default=())
    error: str = ""


def measured_points(shape_type: str, geometry: Mapping[str, Any]) -> list[Point]:
    """The points ``measure`` takes: a line's or polyline's points, or three points of a
    circle's rim (at 90, 210 and 330 degrees)."""
    if shape_type == "circle":
        cx, cy, r = (float(geometry[k]) for k in ("cx", "cy", "r"))
        return [(cx + r * math.cos(math.radians(a)), cy - r * math.sin(math.radians(a)))
                for a in (90, 210, 330)]
    return [(float(x), float(y)) for x, y in geometry["points"]]


def scale_reference(shape: Shape) -> ScaleReference:
    """What a scale reference annotation's reading and shape give."""
    reading = shape.reading.strip()
    if not reading:
        return ScaleReference(shape, None, f"{shape.label} has no reading: {READING_HELP}")
    where = f"{shape.label}'s reading"
    try:
        if shape.shape_type == "line":
            a, b = measured_points("line", shape.geometry)
            return ScaleReference(shape, LineReference(a, b, parse_length(reading, where),
                                                       shape.label))
        if shape.shape_type == "rect":
            return ScaleReference(shape, _rect_reference(shape, reading, where))
        if shape.shape_type == "polygon" and len(shape.geometry["points"]) == 4:
            corners = measured_points("polyline", shape.geometry)
            if not _convex(corners):
                return ScaleReference(shape, None, (
                    f"{shape.label}'s corners must be clicked in order around the sheet or "
                    "card (a convex quadrilateral)"))
            return ScaleReference(shape, _plane(corners, reading, shape.label, where))
    except ValidationError as exc:
        return ScaleReference(shape, None, f"{exc.reason} ({where}; {READING_HELP})")
    return ScaleReference(shape, None, (
        f"{shape.label} cannot be a scale reference as a {_shape_words(shape)}: draw a line "
        "of known length, a rectangle or a 4-point polygon around a sheet or card"))


def _shape_words(shape: Shape) -> str:
    if shape.shape_type == "polygon":
        return f"polygon of {len(shape.geometry['points'])} points"
    return shape.shape_type


def _rect_reference(shape: Shape, reading: str, where: str) -> Reference:
    g = shape.geometry
    x, y, w, h = (float(g[k]) for k in ("x", "y", "w", "h"))
    corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    try:
        length = parse_length(reading, where)
    except ValidationError:
        plane = _plane(corners, reading, shape.label, where)
        size = plane.size
        if (w >= h) != (size.width.mm >= size.height.mm):
            # a rect is seen square on, so its drawn proportions are its real ones: the
            # longer real side lies along its longer drawn side
            plane = PlaneReference(plane.corners, type(size)(size.height, size.width,
                                                             size.name), plane.label)
        return plane
    if w >= h:
        start, end = (x, y + h / 2), (x + w, y + h / 2)
    else:
        start, end = (x + w / 2, y), (x + w / 2, y + h)
    return LineReference(start, end, length, shape.label)


def _plane(corners: list[Point], reading: str, label: str, where: str) -> PlaneReference:
    try:
        size = parse_rect_size(reading, where)
    except ValidationError:
        try:
            parse_length(reading, where)
        except ValidationError:
            raise ValidationError(f"'{reading}' is neither a length nor a size", where) \
                from None
        raise ValidationError(f"'{reading}' is one length; a rectangle or 4-point polygon "
                              "reference needs its width and height", where) from None
    # drawing order decides: the size's first number lies from corner 1 to corner 2
    return PlaneReference((corners[0], corners[1], corners[2], corners[3]), size, label)


def _convex(corners: Sequence[Point]) -> bool:
    """The four corners go round a convex quadrilateral with some area, in either order."""
    turns = [(b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])
             for a, b, c in ((corners[i], corners[(i + 1) % 4], corners[(i + 2) % 4])
                             for i in range(4))]
    return all(t > 0 for t in turns) or all(t < 0 for t in turns)


def _dist(a: Point, b: Point) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def _centre(points: Sequence[Point]) -> Point:
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _reference_centre(scale: ScaleReference) -> Point:
    ref = scale.reference
    if isinstance(ref, LineReference):
        return _centre([ref.start, ref.end])
    assert ref is not None
    return _centre(ref.corners)


def _distance_to_plane(point: Point, ref: PlaneReference) -> float:
    """0 inside the quadrilateral, else the distance to its nearest edge."""
    quad = ref.corners
    if strictly_inside(point, quad):
        return 0.0
    return min(_segment_distance(point, quad[i], quad[(i + 1) % 4]) for i in range(4))


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length_sq = dx * dx + dy * dy
    t = 0.0 if length_sq == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy)
                                                / length_sq))
    return _dist(p, (a[0] + t * dx, a[1] + t * dy))


def choose_reference(points: Sequence[Point], references: Sequence[ScaleReference]
                     ) -> tuple[ScaleReference | None, str, int]:
    """The reference a measurement through ``points`` uses, why (a ``CHOICES`` key), and
    how many references it was chosen from."""
    usable = [r for r in references if r.reference is not None]
    if not usable:
        return None, "", 0
    if len(usable) == 1:
        return usable[0], "only", 1
    centre = _centre(points)
    planes = [(r, _distance_to_plane(centre, r.reference)) for r in usable
              if isinstance(r.reference, PlaneReference)]
    near = [(r, d) for r, d in planes if d <= NEAR_PLANE * _diagonal(r.reference)]
    if near:
        best, d = min(near, key=lambda item: item[1])
        return best, "on_plane" if d == 0 else "near_plane", len(planes)
    lines = [r for r in usable if not r.is_plane]
    pool = lines or usable
    best = min(pool, key=lambda r: _dist(centre, _reference_centre(r)))
    return best, "nearest_line" if lines else "nearest_plane", len(pool)


def _diagonal(ref: Reference | None) -> float:
    assert isinstance(ref, PlaneReference)
    a, b, c, d = ref.corners
    return max(_dist(a, c), _dist(b, d))


def evaluate(shape: Shape, references: Sequence[ScaleReference], *,
             pointing_error_px: float = DEFAULT_POINTING_ERROR_PX) -> Evaluated:
    """The value of one measurement annotation against the photo's scale references."""
    points = measured_points(shape.shape_type, shape.geometry)
    kind = "circle" if shape.shape_type == "circle" else shape.shape_type
    pixels = measure(points, shape=kind).pixels
    chosen, key, count = choose_reference(points, references)
    choice = CHOICES[key].format(label=chosen.shape.label, count=count) if chosen else ""
    problems = tuple(r.problem for r in references if r.problem)
    if chosen is None:
        none = ("The photo has no scale reference: the length is in pixels."
                if not references else
                "No scale reference of the photo can be used: the length is in pixels.")
        return Evaluated(shape, pixels, None, None, "", "", 0, pointing_error_px,
                         (none, *problems))
    try:
        result = measure(points, shape=kind, reference=chosen.reference,
                         pointing_error_px=pointing_error_px)
    except ValidationError as exc:
        return Evaluated(shape, pixels, None, chosen, choice, key, count, pointing_error_px,
                         error=f"cannot be measured against {chosen.shape.label}: {exc.reason}")
    return Evaluated(shape, pixels, result, chosen, choice, key, count, pointing_error_px,
                     result.warnings)


def evaluate_photo(shapes: Sequence[Shape], *,
                   pointing_error_px: float = DEFAULT_POINTING_ERROR_PX
                   ) -> tuple[list[ScaleReference], list[Evaluated]]:
    """Every scale reference and every measurement of one photo, in the given order."""
    references = [scale_reference(s) for s in shapes if s.kind == SCALE_REFERENCE]
    measured = [evaluate(s, references, pointing_error_px=pointing_error_px)
                for s in shapes if s.kind == MEASUREMENT and s.shape_type in MEASURED_SHAPES]
    return references, measured
