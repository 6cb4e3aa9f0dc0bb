"""The measure tool: a Qt-free state machine like the others in ``tools.py``.

Five modes, chosen from the Measure button's menu (the tool remembers the last one):

- **line**: press, drag, release; or click one end and click the other;
- **polyline**: click each vertex; double-click or Enter ends it, Backspace removes the
  last vertex, Escape cancels;
- **circle**: click three points on the rim (the circle through them; a fragment's round
  end is rarely whole, so its centre is seldom visible, while its rim is);
- **scale**: a line drawn as a scale reference (its reading gives its real length);
- **card**: a scale card (a sheet, a bank card) as four corners clicked in order around
  it, a 4-point polygon of kind scale_reference whose reading gives its size; corner 1 to
  2 is the side whose length is written first (``desktop.core.measurements``). Four
  clicks that do not go round a convex quadrilateral are refused, the last one undone.

A finished shape is a ``Created`` with the annotation kind it is drawn as (measurement or
scale_reference). ``hint()`` says what the next click does, for the status bar.
"""

from __future__ import annotations

import math
from enum import StrEnum

from desktop.qt.canvas.tools import (
    MIN_POLYLINE_POINTS,
    Bounds,
    Created,
    Geometry,
    ToolKind,
    ToolOutput,
)

#: Shortest line (pixels) accepted: shorter releases are clicks (the first end of a line).
MIN_LINE_LENGTH = 2.0

Point = tuple[float, float]


class MeasureMode(StrEnum):
    """What the measure tool draws."""

    LINE = "line"
    POLYLINE = "polyline"
    CIRCLE = "circle"
    SCALE = "scale"
    CARD = "card"


def _r(v: float) -> float:
    return round(float(v), 2)


def _points(points: list[Point]) -> Geometry:
    return {"points": [[_r(x), _r(y)] for x, y in points]}


def circle_through(a: Point, b: Point, c: Point) -> Geometry | None:
    """The circle through three points as ``{"cx","cy","r"}``; None when they are on one
    line (or two coincide)."""
    (ax, ay), (bx, by), (cx, cy) = a, b, c
    d = 2.0 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by))
    spread = max(abs(bx - ax), abs(by - ay), abs(cx - ax), abs(cy - ay), 1e-9)
    if abs(d) < 1e-6 * spread * spread:
        return None
    a2, b2, c2 = ax * ax + ay * ay, bx * bx + by * by, cx * cx + cy * cy
    ux = (a2 * (by - cy) + b2 * (cy - ay) + c2 * (ay - by)) / d
    uy = (a2 * (cx - bx) + b2 * (ax - cx) + c2 * (bx - ax)) / d
    return {"cx": _r(ux), "cy": _r(uy), "r": _r(math.hypot(ax - ux, ay - uy))}


def _convex(corners: list[Point]) -> bool:
    """The four corners go round a convex quadrilateral with some area, in either order
    (as ``desktop.core.measurements`` requires of a plane reference)."""
    turns = [(b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])
             for a, b, c in ((corners[i], corners[(i + 1) % 4], corners[(i + 2) % 4])
                             for i in range(4))]
    return all(t > 0 for t in turns) or all(t < 0 for t in turns)


class MeasureTool:
    """Draws a measurement (line, polyline, circle) or a scale reference (a line, or a
    card's four corners)."""

    kind = ToolKind.MEASURE

    def __init__(self, bounds: Bounds, mode: MeasureMode = MeasureMode.LINE) -> None:
        self.bounds = bounds
        self.mode = mode
        self.points: list[Point] = []
        self._hover: Point | None = None
        #: why the last click was not taken (e.g. three points on one line), for the status
        self.refused = ""

    @property
    def annotation_kind(self) -> str:
        """The kind of annotation this mode draws."""
        return "scale_reference" if self.mode in (MeasureMode.SCALE, MeasureMode.CARD) \
            else "measurement"

    # -- gestures --------------------------------------------------------------------
    def press(self, x: float, y: float, tolerance: float = 0.0) -> ToolOutput:
        """Add a point (the first end of a line, a vertex, a rim point)."""
        point = self.bounds.clamp(x, y)
        self.refused = ""
        if self.mode in (MeasureMode.LINE, MeasureMode.SCALE):
            if not self.points:
                self.points = [point]
            self._hover = point
            return None
        if self.mode is MeasureMode.CIRCLE and len(self.points) == 2:
            circle = circle_through(self.points[0], self.points[1], point)
            if circle is None:
                self.refused = "collinear"
                return None
            self.cancel()
            return Created("circle", circle, self.annotation_kind)
        if self.mode is MeasureMode.CARD and len(self.points) == 3:
            corners = [*self.points, point]
            if not _convex(corners):
                self.refused = "crossed"
                return None
            self.cancel()
            return Created("polygon", _points(corners), self.annotation_kind)
        self.points.append(point)
        self._hover = None
        return None

    def move(self, x: float, y: float) -> ToolOutput:
        """Follow the pointer (the rubber band to the next point)."""
        self._hover = self.bounds.clamp(x, y) if self.points else None
        return None

    def release(self, x: float, y: float) -> ToolOutput:
        """A line ends where the button is released, if it is long enough; a short release
        is a click, and the line then ends at the next click."""
        if self.mode not in (MeasureMode.LINE, MeasureMode.SCALE) or not self.points:
            return None
        end = self.bounds.clamp(x, y)
        if math.dist(self.points[0], end) < MIN_LINE_LENGTH:
            return None
        geometry = _points([self.points[0], end])
        self.cancel()
        return Created("line", geometry, self.annotation_kind)

    def double_click(self, x: float, y: float, tolerance: float = 0.0) -> ToolOutput:
        """End a polyline (the press of the double-click already added its last point)."""
        if self.mode is not MeasureMode.POLYLINE:
            return None
        if len(self.points) >= 2 and math.dist(self.points[-1], self.points[-2]) <= max(
            tolerance, 0.5
        ):
            self.points.pop()
        end = self.bounds.clamp(x, y)
        if not self.points or math.dist(self.points[-1], end) > max(tolerance, 0.5):
            self.points.append(end)  # a double-click that came without its press first
        return self._finish_polyline()

    def key(self, name: str) -> ToolOutput:
        """Enter ends a polyline, Backspace removes the last point, Escape cancels."""
        if name == "enter" and self.mode is MeasureMode.POLYLINE:
            return self._finish_polyline()
        if name == "backspace" and self.points:
            self.points.pop()
            if not self.points:
                self._hover = None
        elif name == "escape":
            self.cancel()
        return None

    def _finish_polyline(self) -> ToolOutput:
        if len(self.points) < MIN_POLYLINE_POINTS:
            return None
        geometry = _points(self.points)
        self.cancel()
        return Created("polyline", geometry, self.annotation_kind)

    # -- what is shown ---------------------------------------------------------------
    def drawn_points(self) -> list[Point]:
        """The points clicked so far plus the pointer (what the value is measured on)."""
        return list(self.points) + ([self._hover] if self._hover is not None else [])

    def preview_shape(self) -> tuple[str, Geometry] | None:
        """The shape type and geometry of what is being drawn, if anything."""
        pts = self.drawn_points()
        if not pts:
            return None
        if len(pts) == 1:
            return "point", {"x": _r(pts[0][0]), "y": _r(pts[0][1])}
        if self.mode is MeasureMode.CIRCLE:
            if len(pts) == 3:
                circle = circle_through(*pts)
                if circle is not None:
                    return "circle", circle
            return "polyline", _points(pts)
        if self.mode is MeasureMode.POLYLINE:
            return "polyline", _points(pts)
        if self.mode is MeasureMode.CARD:  # not measured while drawn: the hint shows
            return "polygon", _points(pts)
        return "line", _points(pts[:2])

    def preview(self) -> Geometry | None:
        """The geometry being drawn (see ``preview_shape`` for its type)."""
        shape = self.preview_shape()
        return shape[1] if shape else None

    def hint(self) -> str:
        """What the next click does (English; the view translates it by key)."""
        n = len(self.points)
        if self.mode is MeasureMode.CIRCLE:
            if self.refused:
                return "circle.collinear"
            return f"circle.{n}"
        if self.mode is MeasureMode.POLYLINE:
            return "polyline.0" if n == 0 else "polyline.more"
        if self.mode is MeasureMode.CARD:
            return "card.crossed" if self.refused else f"card.{n}"
        return f"{self.mode.value}.{min(n, 1)}"

    def cancel(self) -> None:
        """Drop the shape in progress."""
        self.points = []
        self._hover = None
