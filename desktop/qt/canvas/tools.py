"""Qt-free state machines that turn press/move/release into annotation geometries.

The view maps mouse events to displayed-image pixel coordinates and feeds them here; a tool
answers with plain values (``Created``, ``Edited``, ``Selected``) that the controller turns
into undoable core commands. Nothing here imports Qt, so every gesture is unit-tested with
plain numbers. Geometries use the stored format: rect ``{"x","y","w","h"}``, polygon
``{"points": [[x, y], ...]}``, point ``{"x","y"}``; values are rounded to 1/100 pixel and
clamped to the image.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

Geometry = dict[str, Any]

#: Smallest rectangle side (pixels) accepted; smaller drags are treated as clicks.
MIN_RECT_SIDE = 2.0
#: Smallest number of vertices of a polygon.
MIN_POLYGON_POINTS = 3
#: Smallest number of points of a polyline (and of a line).
MIN_POLYLINE_POINTS = 2
#: Smallest circle radius (pixels) accepted.
MIN_CIRCLE_RADIUS = 1.0
#: Shapes stored as a list of points.
POINT_LISTS = ("polygon", "line", "polyline")


class ToolKind(StrEnum):
    """The canvas tools."""

    SELECT = "select"
    RECTANGLE = "rect"
    POLYGON = "polygon"
    POINT = "point"


@dataclass(frozen=True)
class Shape:
    """An annotation as the tools see it: id, shape type and geometry."""

    annotation_id: int
    shape_type: str
    geometry: Geometry


@dataclass(frozen=True)
class Created:
    """A new shape was drawn."""

    shape_type: str
    geometry: Geometry


@dataclass(frozen=True)
class Edited:
    """An existing shape was moved, resized or had vertices changed (one undo step)."""

    annotation_id: int
    before: Geometry
    after: Geometry
    what: str  # "move", "resize", "vertex move", "vertex add", "vertex remove"


@dataclass(frozen=True)
class Selected:
    """The selection changed (``None`` for no selection)."""

    annotation_id: int | None


ToolOutput = Created | Edited | Selected | None


@dataclass(frozen=True)
class Bounds:
    """The displayed image size; coordinates are clamped to ``[0, width] x [0, height]``."""

    width: float
    height: float

    def clamp(self, x: float, y: float) -> tuple[float, float]:
        """The nearest point inside the image."""
        return min(max(x, 0.0), self.width), min(max(y, 0.0), self.height)


def _r(v: float) -> float:
    return round(float(v), 2)


def rect_from_corners(x0: float, y0: float, x1: float, y1: float) -> Geometry:
    """A normalised rectangle (positive width and height) spanning two corners."""
    return {"x": _r(min(x0, x1)), "y": _r(min(y0, y1)),
            "w": _r(abs(x1 - x0)), "h": _r(abs(y1 - y0))}


def geometry_points(shape_type: str, geometry: Geometry) -> list[tuple[float, float]]:
    """The handle points of a shape (rect: 4 corners clockwise from top-left)."""
    if shape_type == "rect":
        x, y, w, h = (float(geometry[k]) for k in ("x", "y", "w", "h"))
        return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    if shape_type in POINT_LISTS:
        return [(float(p[0]), float(p[1])) for p in geometry["points"]]
    if shape_type == "circle":
        cx, cy, r = (float(geometry[k]) for k in ("cx", "cy", "r"))
        return [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
    return [(float(geometry["x"]), float(geometry["y"]))]


def translate(shape_type: str, geometry: Geometry, dx: float, dy: float,
              bounds: Bounds) -> Geometry:
    """Move a shape by (dx, dy), stopping at the image edges without changing its size."""
    pts = geometry_points(shape_type, geometry)
    min_x = min(p[0] for p in pts)
    min_y = min(p[1] for p in pts)
    max_x = max(p[0] for p in pts)
    max_y = max(p[1] for p in pts)
    dx = min(max(dx, -min_x), bounds.width - max_x)
    dy = min(max(dy, -min_y), bounds.height - max_y)
    if shape_type == "rect":
        return {"x": _r(geometry["x"] + dx), "y": _r(geometry["y"] + dy),
                "w": _r(geometry["w"]), "h": _r(geometry["h"])}
    if shape_type in POINT_LISTS:
        return {"points": [[_r(x + dx), _r(y + dy)] for x, y in pts]}
    if shape_type == "circle":
        return {"cx": _r(geometry["cx"] + dx), "cy": _r(geometry["cy"] + dy),
                "r": _r(geometry["r"])}
    return {"x": _r(geometry["x"] + dx), "y": _r(geometry["y"] + dy)}


def handle_points(shape_type: str, geometry: Geometry) -> list[tuple[float, float]]:
    """Where handles are drawn: rect corners 0..3 then side middles 4..7 (top, right,
    bottom, left); polygon, line and polyline vertices; a circle's top, right, bottom and
    left rim points; nothing for a point."""
    if shape_type == "point":
        return []
    pts = geometry_points(shape_type, geometry)
    if shape_type == "rect":
        pts += [((pts[i][0] + pts[(i + 1) % 4][0]) / 2, (pts[i][1] + pts[(i + 1) % 4][1]) / 2)
                for i in range(4)]
    return pts


def resize_rect(geometry: Geometry, handle: int, x: float, y: float) -> Geometry:
    """Drag a rectangle handle to (x, y): corner 0..3 (clockwise from top-left) moves two
    sides, side handle 4..7 (top, right, bottom, left) moves one."""
    x0, y0 = float(geometry["x"]), float(geometry["y"])
    x1, y1 = x0 + float(geometry["w"]), y0 + float(geometry["h"])
    if handle < 4:
        pts = geometry_points("rect", geometry)
        opposite = pts[(handle + 2) % 4]
        return rect_from_corners(opposite[0], opposite[1], x, y)
    if handle == 4:
        y0 = y
    elif handle == 5:
        x1 = x
    elif handle == 6:
        y1 = y
    else:
        x0 = x
    return rect_from_corners(x0, y0, x1, y1)


def move_vertex(geometry: Geometry, index: int, x: float, y: float) -> Geometry:
    """A polygon with vertex ``index`` moved to (x, y)."""
    points = [list(p) for p in geometry["points"]]
    points[index] = [_r(x), _r(y)]
    return {"points": points}


def insert_vertex(geometry: Geometry, edge: int, x: float, y: float) -> Geometry:
    """A polygon with a new vertex at (x, y) after vertex ``edge``."""
    points = [list(p) for p in geometry["points"]]
    points.insert(edge + 1, [_r(x), _r(y)])
    return {"points": points}


def remove_vertex(geometry: Geometry, index: int) -> Geometry | None:
    """A polygon without vertex ``index``, or None when it would have fewer than 3."""
    points = [list(p) for i, p in enumerate(geometry["points"]) if i != index]
    return {"points": points} if len(points) >= MIN_POLYGON_POINTS else None


def _distance_to_segment(px: float, py: float, a: tuple[float, float],
                         b: tuple[float, float]) -> float:
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _inside_polygon(x: float, y: float, pts: list[tuple[float, float]]) -> bool:
    inside = False
    j = len(pts) - 1
    for i, (xi, yi) in enumerate(pts):
        xj, yj = pts[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def hit_vertex(shape: Shape, x: float, y: float, tolerance: float) -> int | None:
    """Index of the handle (see ``handle_points``) within ``tolerance`` of (x, y)."""
    best, best_d = None, tolerance
    for i, (px, py) in enumerate(handle_points(shape.shape_type, shape.geometry)):
        d = math.hypot(px - x, py - y)
        if d <= best_d:
            best, best_d = i, d
    return best


def hit_edge(shape: Shape, x: float, y: float, tolerance: float) -> int | None:
    """For a polygon: index of the vertex starting the edge within ``tolerance`` of (x, y)."""
    if shape.shape_type != "polygon":
        return None
    pts = geometry_points(shape.shape_type, shape.geometry)
    best, best_d = None, tolerance
    for i in range(len(pts)):
        d = _distance_to_segment(x, y, pts[i], pts[(i + 1) % len(pts)])
        if d <= best_d:
            best, best_d = i, d
    return best


def hit_body(shape: Shape, x: float, y: float, tolerance: float) -> bool:
    """True when (x, y) is inside the shape (or within ``tolerance`` of a point)."""
    pts = geometry_points(shape.shape_type, shape.geometry)
    if shape.shape_type == "point":
        return math.hypot(pts[0][0] - x, pts[0][1] - y) <= tolerance
    if shape.shape_type == "rect":
        (x0, y0), _, (x1, y1), _ = pts
        return x0 - tolerance <= x <= x1 + tolerance and y0 - tolerance <= y <= y1 + tolerance
    return _inside_polygon(x, y, pts) or hit_edge(shape, x, y, tolerance) is not None


class RectangleTool:
    """Press at one corner, drag, release at the other corner."""

    kind = ToolKind.RECTANGLE

    def __init__(self, bounds: Bounds) -> None:
        self.bounds = bounds
        self._start: tuple[float, float] | None = None
        self._current: tuple[float, float] | None = None

    def press(self, x: float, y: float, tolerance: float = 0.0) -> ToolOutput:
        """Start a rectangle."""
        self._start = self._current = self.bounds.clamp(x, y)
        return None

    def move(self, x: float, y: float) -> ToolOutput:
        """Follow the pointer while dragging."""
        if self._start is not None:
            self._current = self.bounds.clamp(x, y)
        return None

    def release(self, x: float, y: float) -> ToolOutput:
        """Finish: a rectangle if both sides reach ``MIN_RECT_SIDE``."""
        if self._start is None:
            return None
        self.move(x, y)
        geometry = self.preview()
        self.cancel()
        if geometry is None or min(geometry["w"], geometry["h"]) < MIN_RECT_SIDE:
            return None
        return Created("rect", geometry)

    def double_click(self, x: float, y: float, tolerance: float = 0.0) -> ToolOutput:
        """Not used by this tool."""
        return None

    def key(self, name: str) -> ToolOutput:
        """Escape cancels the drag."""
        if name == "escape":
            self.cancel()
        return None

    def preview(self) -> Geometry | None:
        """The rectangle being drawn, if any."""
        if self._start is None or self._current is None:
            return None
        return rect_from_corners(*self._start, *self._current)

    def cancel(self) -> None:
        """Drop the shape in progress."""
        self._start = self._current = None


class PointTool:
    """A click places a point."""

    kind = ToolKind.POINT

    def __init__(self, bounds: Bounds) -> None:
        self.bounds = bounds

    def press(self, x: float, y: float, tolerance: float = 0.0) -> ToolOutput:
        """Place a point where the pointer is."""
        cx, cy = self.bounds.clamp(x, y)
        return Created("point", {"x": _r(cx), "y": _r(cy)})

    def move(self, x: float, y: float) -> ToolOutput:
        """Nothing to follow."""
        return None

    def release(self, x: float, y: float) -> ToolOutput:
        """Nothing to finish."""
        return None

    def double_click(self, x: float, y: float, tolerance: float = 0.0) -> ToolOutput:
        """Not used by this tool."""
        return None

    def key(self, name: str) -> ToolOutput:
        """No keys."""
        return None

    def preview(self) -> Geometry | None:
        """Points have no preview."""
        return None

    def cancel(self) -> None:
        """Nothing in progress."""


class PolygonTool:
    """Click to add vertices; close by clicking the first vertex, double-click or Enter.

    Backspace removes the last vertex, Escape abandons the polygon.
    """

    kind = ToolKind.POLYGON

    def __init__(self, bounds: Bounds) -> None:
        self.bounds = bounds
        self.points: list[tuple[float, float]] = []
        self._hover: tuple[float, float] | None = None

    def press(self, x: float, y: float, tolerance: float = 0.0) -> ToolOutput:
        """Add a vertex, or close the polygon when clicking near its first vertex."""
        cx, cy = self.bounds.clamp(x, y)
        if len(self.points) >= MIN_POLYGON_POINTS:
            fx, fy = self.points[0]
            if math.hypot(fx - cx, fy - cy) <= max(tolerance, 0.5):
                return self._finish()
        self.points.append((cx, cy))
        return None

    def move(self, x: float, y: float) -> ToolOutput:
        """Remember the pointer for the rubber-band edge."""
        self._hover = self.bounds.clamp(x, y) if self.points else None
        return None

    def release(self, x: float, y: float) -> ToolOutput:
        """Vertices are added on press."""
        return None

    def double_click(self, x: float, y: float, tolerance: float = 0.0) -> ToolOutput:
        """Close the polygon (the press of the double-click already added the vertex)."""
        # A double-click arrives as press, release, double-click: drop a duplicate vertex.
        if len(self.points) >= 2 and math.dist(self.points[-1], self.points[-2]) <= max(
            tolerance, 0.5
        ):
            self.points.pop()
        return self._finish()

    def key(self, name: str) -> ToolOutput:
        """Enter closes, Backspace removes the last vertex, Escape cancels."""
        if name == "enter":
            return self._finish()
        if name == "backspace" and self.points:
            self.points.pop()
        elif name == "escape":
            self.cancel()
        return None

    def preview(self) -> Geometry | None:
        """The open polygon drawn so far, with the pointer as a provisional last vertex."""
        if not self.points:
            return None
        pts = list(self.points) + ([self._hover] if self._hover else [])
        return {"points": [[_r(x), _r(y)] for x, y in pts]}

    def cancel(self) -> None:
        """Drop the polygon in progress."""
        self.points = []
        self._hover = None

    def _finish(self) -> ToolOutput:
        if len(self.points) < MIN_POLYGON_POINTS:
            return None
        geometry = {"points": [[_r(x), _r(y)] for x, y in self.points]}
        self.cancel()
        return Created("polygon", geometry)


@dataclass
class _Drag:
    shape: Shape
    mode: str  # "move" | "handle"
    index: int
    origin: tuple[float, float]
    current: Geometry


@dataclass
class SelectTool:
    """Select a shape; drag it to move; drag a handle to resize or move a vertex.

    Double-click on a polygon edge adds a vertex, on a polygon vertex removes it. A drag
    yields one ``Edited`` on release, never intermediate edits.
    """

    bounds: Bounds
    shapes: list[Shape] = field(default_factory=list)
    selected: int | None = None
    kind: ToolKind = ToolKind.SELECT
    _drag: _Drag | None = None

    def set_shapes(self, shapes: list[Shape]) -> None:
        """Replace the shapes (topmost last); keeps the selection if it still exists."""
        self.shapes = list(shapes)
        if self.selected is not None and self._find(self.selected) is None:
            self.selected = None
        self._drag = None

    def _find(self, annotation_id: int) -> Shape | None:
        return next((s for s in self.shapes if s.annotation_id == annotation_id), None)

    def shape_at(self, x: float, y: float, tolerance: float) -> Shape | None:
        """The selected shape if hit, else the topmost shape under (x, y)."""
        current = self._find(self.selected) if self.selected is not None else None
        if current is not None and hit_body(current, x, y, tolerance):
            return current
        for shape in reversed(self.shapes):
            if hit_body(shape, x, y, tolerance):
                return shape
        return None

    def press(self, x: float, y: float, tolerance: float = 0.0) -> ToolOutput:
        """Pick a handle of the selected shape, else a shape body, else clear selection."""
        current = self._find(self.selected) if self.selected is not None else None
        if current is not None and current.shape_type != "point":
            index = hit_vertex(current, x, y, tolerance)
            if index is not None:
                self._drag = _Drag(current, "handle", index, (x, y), current.geometry)
                return None
        shape = self.shape_at(x, y, tolerance)
        previous = self.selected
        if shape is None:
            self.selected = None
            self._drag = None
        else:
            self.selected = shape.annotation_id
            self._drag = _Drag(shape, "move", -1, (x, y), shape.geometry)
        return Selected(self.selected) if self.selected != previous else None

    def move(self, x: float, y: float) -> ToolOutput:
        """Update the dragged geometry (shown as a preview)."""
        drag = self._drag
        if drag is None:
            return None
        shape = drag.shape
        if drag.mode == "move":
            drag.current = translate(shape.shape_type, shape.geometry,
                                     x - drag.origin[0], y - drag.origin[1], self.bounds)
        else:
            cx, cy = self.bounds.clamp(x, y)
            if shape.shape_type == "rect":
                drag.current = resize_rect(shape.geometry, drag.index, cx, cy)
            else:
                drag.current = move_vertex(shape.geometry, drag.index, cx, cy)
        return None

    def release(self, x: float, y: float) -> ToolOutput:
        """Finish a drag: one ``Edited`` when the geometry changed."""
        drag = self._drag
        if drag is None:
            return None
        self.move(x, y)
        self._drag = None
        after = drag.current
        if after == drag.shape.geometry:
            return None
        if drag.shape.shape_type == "rect" and min(after["w"], after["h"]) < MIN_RECT_SIDE:
            return None
        what = "move" if drag.mode == "move" else (
            "resize" if drag.shape.shape_type == "rect" else "vertex move")
        return Edited(drag.shape.annotation_id, drag.shape.geometry, after, what)

    def double_click(self, x: float, y: float, tolerance: float = 0.0) -> ToolOutput:
        """On the selected polygon: remove the vertex hit, or add one on the edge hit."""
        self._drag = None
        shape = self._find(self.selected) if self.selected is not None else None
        if shape is None or shape.shape_type != "polygon":
            return None
        index = hit_vertex(shape, x, y, tolerance)
        if index is not None:
            after = remove_vertex(shape.geometry, index)
            if after is None:
                return None
            return Edited(shape.annotation_id, shape.geometry, after, "vertex remove")
        edge = hit_edge(shape, x, y, tolerance)
        if edge is not None:
            cx, cy = self.bounds.clamp(x, y)
            return Edited(shape.annotation_id, shape.geometry,
                          insert_vertex(shape.geometry, edge, cx, cy), "vertex add")
        return None

    def key(self, name: str) -> ToolOutput:
        """Escape drops the drag in progress and then the selection."""
        if name == "escape":
            if self._drag is not None:
                self._drag = None
            elif self.selected is not None:
                self.selected = None
                return Selected(None)
        return None

    def preview(self) -> Geometry | None:
        """The dragged shape's geometry while a drag is in progress."""
        return self._drag.current if self._drag is not None else None

    def dragging(self) -> int | None:
        """Id of the annotation being dragged, if any."""
        return self._drag.shape.annotation_id if self._drag is not None else None

    def cancel(self) -> None:
        """Drop any drag in progress."""
        self._drag = None


Tool = RectangleTool | PolygonTool | PointTool | SelectTool


def make_tool(kind: ToolKind, bounds: Bounds) -> Tool:
    """A fresh tool of ``kind`` for an image of ``bounds``."""
    if kind is ToolKind.RECTANGLE:
        return RectangleTool(bounds)
    if kind is ToolKind.POLYGON:
        return PolygonTool(bounds)
    if kind is ToolKind.POINT:
        return PointTool(bounds)
    return SelectTool(bounds)
