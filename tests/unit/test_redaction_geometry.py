"""Which annotations a redaction withholds: the geometry, by hand and against shapely."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point as ShapelyPoint
from shapely.geometry import Polygon as ShapelyPolygon

from desktop.core.redaction import (
    POINT_RADIUS,
    ShapeOnPhoto,
    covered_region,
    intersection_area,
    outline,
    overlaps,
    strictly_inside,
    withheld,
)


def rect(x: float, y: float, w: float, h: float) -> tuple[tuple[float, float], ...]:
    return outline("rect", {"x": x, "y": y, "w": w, "h": h})


BOX = rect(100, 100, 200, 100)  # x 100..300, y 100..200


def test_outline_of_each_stored_shape() -> None:
    assert outline("rect", {"x": 1, "y": 2, "w": 3, "h": 4}) == ((1, 2), (4, 2), (4, 6), (1, 6))
    assert outline("polygon", {"points": [[0, 0], [5, 0], [0, 5]]}) == ((0, 0), (5, 0), (0, 5))
    assert outline("point", {"x": 7, "y": 8}) == ((7, 8),)


@pytest.mark.parametrize(("shape", "expected"), [
    (rect(150, 120, 50, 50), True),       # covered completely
    (rect(280, 150, 100, 100), True),     # overlaps a corner
    (rect(0, 0, 400, 400), True),         # the annotation covers the whole redaction
    (rect(100, 100, 200, 100), True),     # exactly the same box
    (rect(300, 100, 50, 100), False),     # shares the right edge
    (rect(0, 200, 100, 50), False),       # shares only the bottom-left corner
    (rect(100, 0, 200, 100), False),      # sits right on top of it
    (rect(400, 400, 10, 10), False),      # far away
    (rect(299.5, 150, 10, 10), True),     # half a pixel in still counts
])
def test_rectangles(shape: tuple, expected: bool) -> None:
    assert overlaps(shape, BOX) is expected


@pytest.mark.parametrize(("point", "expected"), [
    ((200, 150), True),    # inside
    ((100.001, 100.001), True),
    ((100, 150), False),   # on the left edge
    ((300, 200), False),   # on a corner
    ((200, 200), False),   # on the bottom edge
    ((99.999, 150), False),
    ((500, 150), False),
])
def test_points(point: tuple[float, float], expected: bool) -> None:
    assert overlaps((point,), BOX) is expected
    assert strictly_inside(point, BOX) is expected


@pytest.mark.parametrize(("polygon", "expected"), [
    # a triangle with one vertex inside the box
    (((250, 150), (400, 120), (400, 260)), True),
    # a thin sliver that cuts right through the box without a vertex inside it
    (((0, 140), (400, 150), (0, 160)), True),
    # a triangle whose long side lies on the box's top edge, pointing away
    (((100, 100), (300, 100), (200, 0)), False),
    # a triangle touching the box with one vertex on its edge
    (((200, 200), (250, 300), (150, 300)), False),
    # a U whose notch holds the box without touching it: bounding boxes overlap, areas don't
    (((50, 50), (350, 50), (350, 250), (320, 250), (320, 80), (80, 80), (80, 250),
      (50, 250)), False),
    # the same U, its arms now reaching into the box
    (((50, 50), (350, 50), (350, 250), (290, 250), (290, 80), (80, 80), (80, 250),
      (50, 250)), True),
    # an L wrapped around the box's corner, sharing two edges with it
    (((300, 200), (300, 50), (350, 50), (350, 250), (50, 250), (50, 200)), False),
    # a bow-tie (crossing itself) whose lobes both reach into the box
    (((50, 120), (350, 180), (350, 120), (50, 180)), True),
])
def test_polygons(polygon: tuple, expected: bool) -> None:
    assert overlaps(polygon, BOX) is expected


def test_polygon_redaction() -> None:
    triangle = ((0, 0), (100, 0), (0, 100))  # covers the lower-left half of a 100 px square
    assert overlaps(rect(10, 10, 20, 20), triangle)
    assert not overlaps(rect(60, 60, 30, 30), triangle)  # inside the bounding box only
    assert not overlaps(rect(50, 50, 30, 30), triangle)  # touches the hypotenuse at a corner
    assert not overlaps(((75, 75),), triangle)
    assert not overlaps(((50, 50),), triangle)  # on the hypotenuse
    assert overlaps(((20, 20),), triangle)


def test_a_point_redaction_covers_its_burned_disc() -> None:
    long_side = 1000  # radius POINT_RADIUS * 1000 = 20 px
    disc = covered_region(((500, 500),), long_side)
    radius = POINT_RADIUS * long_side
    assert all(math.hypot(x - 500, y - 500) >= radius for x, y in disc)
    assert overlaps(((515, 505),), disc)
    assert not overlaps(((530, 500),), disc)
    assert overlaps(rect(518, 495, 40, 10), disc)
    assert not overlaps(rect(540, 400, 40, 200), disc)


def test_intersection_area_by_hand() -> None:
    assert intersection_area(rect(0, 0, 10, 10), rect(5, 5, 10, 10)) == pytest.approx(25)
    assert intersection_area(rect(0, 0, 10, 10), rect(10, 0, 10, 10)) == 0
    assert intersection_area(rect(0, 0, 10, 10), ((0, 0), (10, 0), (0, 10))) == pytest.approx(50)
    # a polygon given clockwise or counter-clockwise has the same area
    assert intersection_area(rect(0, 0, 10, 10),
                             ((0, 0), (0, 10), (10, 0))) == pytest.approx(50)
    assert intersection_area(((0, 0), (1, 1)), rect(0, 0, 10, 10)) == 0


def test_withheld_on_one_photo() -> None:
    shapes = [
        ShapeOnPhoto(1, "index_code", rect(150, 120, 50, 50)),    # under the redaction
        ShapeOnPhoto(2, "lot_number", rect(500, 500, 50, 50)),    # elsewhere
        ShapeOnPhoto(3, "redaction", BOX),
        ShapeOnPhoto(4, "damage", ((300, 150),)),                 # a point on its edge
        ShapeOnPhoto(5, "serial_number", ((290, 190), (600, 190), (600, 600))),
        ShapeOnPhoto(6, "redaction", ((900, 900),)),              # a point redaction...
        ShapeOnPhoto(7, "other", ((910, 905),)),                  # ...and a point in its disc
    ]
    assert withheld(shapes, long_side=1600) == {1, 3, 5, 6, 7}
    assert withheld([s for s in shapes if s.kind != "redaction"], long_side=1600) == set()


coordinate = st.integers(min_value=0, max_value=24)


@st.composite
def star_polygons(draw: st.DrawFn) -> tuple[tuple[float, float], ...]:
    """Simple polygons, often concave: vertices around a centre at sorted angles."""
    cx, cy = draw(coordinate), draw(coordinate)
    count = draw(st.integers(min_value=3, max_value=9))
    angles = sorted(draw(st.lists(st.floats(0, 2 * math.pi, exclude_max=True), min_size=count,
                                  max_size=count, unique=True)))
    radii = draw(st.lists(st.integers(1, 12), min_size=count, max_size=count))
    points = tuple((float(round(cx + r * math.cos(a))), float(round(cy + r * math.sin(a))))
                   for a, r in zip(angles, radii, strict=True))
    polygon = ShapelyPolygon(points)
    assume(polygon.is_valid and polygon.area > 0)  # rounding can fold a star onto itself
    return points


@st.composite
def rects(draw: st.DrawFn) -> tuple[tuple[float, float], ...]:
    x, y = draw(coordinate), draw(coordinate)
    return rect(x, y, draw(st.integers(1, 12)), draw(st.integers(1, 12)))


# Small integer grids make shared edges, shared corners and collinear sides frequent, which
# is where an overlap test goes wrong.
@settings(max_examples=400, deadline=None)
@given(shape=st.one_of(star_polygons(), rects()), region=st.one_of(star_polygons(), rects()))
def test_polygons_agree_with_shapely(shape: tuple, region: tuple) -> None:
    ours = intersection_area(shape, region)
    theirs = ShapelyPolygon(shape).intersection(ShapelyPolygon(region)).area
    assert ours == pytest.approx(theirs, abs=1e-6)
    interiors_meet = ShapelyPolygon(shape).relate_pattern(ShapelyPolygon(region), "T********")
    assert overlaps(shape, region) is interiors_meet


@settings(max_examples=300, deadline=None)
@given(x=st.integers(-2, 26).map(lambda v: v / 2), y=st.integers(-2, 26).map(lambda v: v / 2),
       region=st.one_of(star_polygons(), rects()))
def test_points_agree_with_shapely(x: float, y: float, region: tuple) -> None:
    inside = ShapelyPolygon(region).contains_properly(ShapelyPoint(x, y))
    assert strictly_inside((x, y), region) is inside
    assert overlaps(((x, y),), region) is inside
