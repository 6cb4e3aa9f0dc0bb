"""The offline world basemap: Natural Earth land and country boundaries at 1:50m.

The data ships unchanged as ``resources/basemap/countries-50m.json``, the TopoJSON file of
the ``world-atlas`` package (Natural Earth 4.1.0, public domain). It is decoded here in pure
Python: quantised, delta-encoded arcs are turned into (lon, lat) points once, then stitched
into rings. Shared arcs give the land/country boundaries for free: an arc used by two
different countries is an international boundary, an arc used by one is coast.

Coordinates are WGS 84 degrees as ``(lon, lat)`` tuples (x first, like GeoJSON).
``load_basemap()`` is cached; everything it returns is immutable and thread-safe.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import pairwise
from pathlib import Path

from desktop.core.resources import resource_path

Point = tuple[float, float]
"""``(lon, lat)`` in degrees."""
Ring = tuple[Point, ...]
"""A closed ring: the first point is repeated at the end."""
LineString = tuple[Point, ...]

BASEMAP_FILE = ("basemap", "countries-50m.json")
ATTRIBUTION = "Natural Earth (public domain), via world-atlas"


@dataclass(frozen=True)
class BBox:
    """A lon/lat rectangle: ``west <= lon <= east`` and ``south <= lat <= north``."""

    west: float
    south: float
    east: float
    north: float

    @classmethod
    def of_points(cls, points: Iterable[Point]) -> BBox:
        """The smallest box around the points (at least one point)."""
        lons, lats = zip(*points, strict=True)
        return cls(min(lons), min(lats), max(lons), max(lats))

    @classmethod
    def around(cls, points: Iterable[Point], *, margin_deg: float = 0.5) -> BBox:
        """A box around the points, grown by ``margin_deg`` and clamped to the world."""
        box = cls.of_points(points)
        return cls(
            max(-180.0, box.west - margin_deg),
            max(-90.0, box.south - margin_deg),
            min(180.0, box.east + margin_deg),
            min(90.0, box.north + margin_deg),
        )

    def contains(self, lon: float, lat: float) -> bool:
        """True if the point lies inside or on the edge of the box."""
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    def intersects(self, other: BBox) -> bool:
        """True if the two boxes overlap (touching counts)."""
        return not (
            other.west > self.east
            or other.east < self.west
            or other.south > self.north
            or other.north < self.south
        )

    @property
    def width(self) -> float:
        return self.east - self.west

    @property
    def height(self) -> float:
        return self.north - self.south


@dataclass(frozen=True)
class Polygon:
    """An exterior ring with optional holes (lakes, inland seas such as the Caspian)."""

    exterior: Ring
    holes: tuple[Ring, ...] = ()

    @cached_property
    def bbox(self) -> BBox:
        """The box around the exterior ring (computed once)."""
        return BBox.of_points(self.exterior)

    @property
    def rings(self) -> tuple[Ring, ...]:
        """Exterior first, then the holes."""
        return (self.exterior, *self.holes)

    def contains(self, lon: float, lat: float) -> bool:
        """True if the point is inside the exterior and outside every hole."""
        if not _ring_contains(self.exterior, lon, lat):
            return False
        return not any(_ring_contains(hole, lon, lat) for hole in self.holes)


@dataclass(frozen=True)
class Country:
    """One Natural Earth admin-0 unit: its English name, ISO 3166-1 numeric code, shape."""

    name: str
    iso_numeric: str
    polygons: tuple[Polygon, ...]
    bbox: BBox

    def contains(self, lon: float, lat: float) -> bool:
        """True if the point lies in this country's land."""
        return self.bbox.contains(lon, lat) and any(
            p.contains(lon, lat) for p in self.polygons
        )


@dataclass(frozen=True)
class Basemap:
    """Land polygons, boundary lines between countries, and the countries themselves.

    Boundaries are Natural Earth's depiction; they are shown for orientation only and say
    nothing about sovereignty.
    """

    land: tuple[Polygon, ...]
    borders: tuple[LineString, ...]
    countries: tuple[Country, ...]
    attribution: str = ATTRIBUTION

    def is_land(self, lon: float, lat: float) -> bool:
        """True if the point lies on land (lakes and inland seas are not land)."""
        return any(p.bbox.contains(lon, lat) and p.contains(lon, lat) for p in self.land)

    def country_at(self, lon: float, lat: float) -> str | None:
        """The name of the country the point lies in, or None at sea."""
        for country in self.countries:
            if country.contains(lon, lat):
                return country.name
        return None

    def clip(self, bbox: BBox) -> Basemap:
        """The part of the map inside ``bbox``: polygons and lines cut at its edges."""
        land = tuple(_clip_polygons(self.land, bbox))
        borders = tuple(
            piece
            for line in self.borders
            if BBox.of_points(line).intersects(bbox)
            for piece in _clip_line(line, bbox)
        )
        countries = []
        for country in self.countries:
            if not country.bbox.intersects(bbox):
                continue
            polygons = tuple(_clip_polygons(country.polygons, bbox))
            if polygons:
                points = [pt for poly in polygons for pt in poly.exterior]
                countries.append(
                    Country(country.name, country.iso_numeric, polygons, BBox.of_points(points))
                )
        return Basemap(land, borders, tuple(countries), self.attribution)


@cache
def load_basemap() -> Basemap:
    """Decode the shipped Natural Earth basemap (cached: decoded once per process)."""
    return decode_topojson(resource_path(*BASEMAP_FILE))


def decode_topojson(path: Path) -> Basemap:
    """Read a world-atlas TopoJSON file with ``countries`` and ``land`` objects."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology["arcs"], topology.get("transform"))
    objects = topology["objects"]

    land = tuple(
        poly
        for geometry in objects["land"]["geometries"]
        for poly in _polygons(geometry, arcs)
    )
    countries = []
    arc_users: dict[int, set[int]] = {}
    for number, geometry in enumerate(objects["countries"]["geometries"]):
        polygons = tuple(_polygons(geometry, arcs))
        if not polygons:
            continue
        for index in _arc_indices(geometry):
            arc_users.setdefault(index, set()).add(number)
        points = [pt for poly in polygons for pt in poly.exterior]
        name = (geometry.get("properties") or {}).get("name", "")
        countries.append(
            Country(name, str(geometry.get("id", "")), polygons, BBox.of_points(points))
        )
    borders = tuple(
        piece
        for i in sorted(arc_users)
        if len(arc_users[i]) > 1
        for piece in _cut_line(arcs[i])
    )
    return Basemap(land, borders, tuple(countries))


def _decode_arcs(raw_arcs: list[list[list[int]]], transform: dict | None) -> list[LineString]:
    """Undo the delta encoding and quantisation of every arc."""
    if transform is None:
        return [tuple((float(x), float(y)) for x, y, *_ in arc) for arc in raw_arcs]
    (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
    decoded: list[LineString] = []
    for arc in raw_arcs:
        x = y = 0
        points = []
        for position in arc:
            x += position[0]
            y += position[1]
            points.append((x * kx + dx, y * ky + dy))
        decoded.append(tuple(points))
    return decoded


def _ring(indices: Sequence[int], arcs: list[LineString]) -> Ring:
    """Stitch arcs into one ring; a negative index ``~i`` means arc ``i`` reversed."""
    points: list[Point] = []
    for index in indices:
        arc = arcs[~index][::-1] if index < 0 else arcs[index]
        points.extend(arc[1:] if points else arc)
    return tuple(points)


def _polygons(geometry: dict, arcs: list[LineString]) -> Iterable[Polygon]:
    kind = geometry.get("type")
    if kind == "Polygon":
        parts = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        parts = geometry["arcs"]
    else:
        return
    for rings in parts:
        decoded = [_ring(r, arcs) for r in rings]
        if not decoded or len(decoded[0]) < 4:
            continue
        exteriors = _cut_ring(decoded[0])
        holes: list[list[Ring]] = [[] for _ in exteriors]
        for hole in decoded[1:]:
            for piece in _cut_ring(hole):
                owner = next(
                    (i for i, ext in enumerate(exteriors)
                     if BBox.of_points(ext).contains(*piece[0])),
                    0,
                )
                holes[owner].append(piece)
        for exterior, own_holes in zip(exteriors, holes, strict=True):
            yield Polygon(exterior, tuple(own_holes))


def _cut_ring(ring: Ring) -> list[Ring]:
    """Cut a ring that crosses the antimeridian into pieces within -180..180.

    The TopoJSON is spherical, so a few rings (Chukotka, Fiji, Antarctica) run across
    180°: the longitudes are unwrapped into one continuous run, a ring that goes all the
    way round (Antarctica) is closed along its pole, and the run is cut by clipping copies
    shifted by 360° to the world rectangle.
    """
    lons = [lon for lon, _ in ring]
    if max(lons) - min(lons) <= 180 or all(abs(a - b) <= 180 for a, b in pairwise(lons)):
        return [ring] if len(ring) >= 4 else []
    unwrapped: list[Point] = [ring[0]]
    for lon, lat in ring[1:]:
        previous = unwrapped[-1][0]
        lon += 360.0 * round((previous - lon) / 360.0)
        unwrapped.append((lon, lat))
    turn = unwrapped[-1][0] - unwrapped[0][0]
    if abs(turn) > 180:  # the ring encircles a pole: close it along the pole
        pole = -90.0 if sum(lat for _, lat in ring) < 0 else 90.0
        unwrapped += [(unwrapped[-1][0], pole), (unwrapped[0][0], pole), unwrapped[0]]
    world = BBox(-180.0, -90.0, 180.0, 90.0)
    low = min(lon for lon, _ in unwrapped)
    high = max(lon for lon, _ in unwrapped)
    pieces: list[Ring] = []
    for shift in (-360.0, 0.0, 360.0):
        if high + shift < -180 or low + shift > 180:
            continue
        moved = tuple((lon + shift, lat) for lon, lat in unwrapped)
        piece = _clip_ring(moved, world)
        if len(piece) >= 4:
            pieces.append(piece)
    return pieces


def _cut_line(line: LineString) -> list[LineString]:
    """Split a line where it jumps across the antimeridian, ending each part at ±180°."""
    parts: list[list[Point]] = [[line[0]]]
    for a, b in pairwise(line):
        if abs(a[0] - b[0]) > 180:
            edge = 180.0 if a[0] > 0 else -180.0
            b_shifted = b[0] + (360.0 if a[0] > 0 else -360.0)
            t = (edge - a[0]) / (b_shifted - a[0])
            lat = a[1] + t * (b[1] - a[1])
            parts[-1].append((edge, lat))
            parts.append([(-edge, lat)])
        parts[-1].append(b)
    return [tuple(p) for p in parts if len(p) >= 2]


def _arc_indices(geometry: dict) -> Iterable[int]:
    """Every arc (as a non-negative index) used by a Polygon or MultiPolygon geometry."""
    parts = [geometry["arcs"]] if geometry.get("type") == "Polygon" else geometry.get("arcs", [])
    for rings in parts:
        for ring in rings:
            for index in ring:
                yield ~index if index < 0 else index


def _ring_contains(ring: Ring, lon: float, lat: float) -> bool:
    """Even-odd ray casting towards +lon."""
    inside = False
    x0, y0 = ring[-1]
    for x1, y1 in ring:
        if (y1 > lat) != (y0 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
        x0, y0 = x1, y1
    return inside


def _clip_polygons(polygons: Iterable[Polygon], bbox: BBox) -> Iterable[Polygon]:
    for poly in polygons:
        if not poly.bbox.intersects(bbox):
            continue
        exterior = _clip_ring(poly.exterior, bbox)
        if len(exterior) < 4:
            continue
        holes = tuple(
            clipped for hole in poly.holes if len(clipped := _clip_ring(hole, bbox)) >= 4
        )
        yield Polygon(exterior, holes)


def _clip_ring(ring: Ring, bbox: BBox) -> Ring:
    """Sutherland-Hodgman against the four edges of the box (the box is convex)."""
    points: list[Point] = list(ring[:-1]) if ring and ring[0] == ring[-1] else list(ring)
    edges = (
        (lambda p: p[0] >= bbox.west, lambda a, b: _at_lon(a, b, bbox.west)),
        (lambda p: p[0] <= bbox.east, lambda a, b: _at_lon(a, b, bbox.east)),
        (lambda p: p[1] >= bbox.south, lambda a, b: _at_lat(a, b, bbox.south)),
        (lambda p: p[1] <= bbox.north, lambda a, b: _at_lat(a, b, bbox.north)),
    )
    for inside, cross in edges:
        if not points:
            break
        result: list[Point] = []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    result.append(cross(previous, current))
                result.append(current)
            elif inside(previous):
                result.append(cross(previous, current))
            previous = current
        points = result
    if len(points) < 3:
        return ()
    return (*points, points[0])


def _at_lon(a: Point, b: Point, lon: float) -> Point:
    t = (lon - a[0]) / (b[0] - a[0])
    return (lon, a[1] + t * (b[1] - a[1]))


def _at_lat(a: Point, b: Point, lat: float) -> Point:
    t = (lat - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), lat)


def _clip_line(line: LineString, bbox: BBox) -> Iterable[LineString]:
    """Cut a polyline at the box edges (Liang-Barsky per segment); yields inside pieces."""
    piece: list[Point] = []
    for a, b in pairwise(line):
        segment = _clip_segment(a, b, bbox)
        if segment is None:
            if len(piece) >= 2:
                yield tuple(piece)
            piece = []
            continue
        start, end = segment
        if piece and piece[-1] != start:
            if len(piece) >= 2:
                yield tuple(piece)
            piece = []
        if not piece:
            piece.append(start)
        piece.append(end)
        if end != b:  # the segment leaves the box: close this piece
            if len(piece) >= 2:
                yield tuple(piece)
            piece = []
    if len(piece) >= 2:
        yield tuple(piece)


def _clip_segment(a: Point, b: Point, bbox: BBox) -> tuple[Point, Point] | None:
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in (
        (-dx, a[0] - bbox.west),
        (dx, bbox.east - a[0]),
        (-dy, a[1] - bbox.south),
        (dy, bbox.north - a[1]),
    ):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    start = a if t0 == 0.0 else (a[0] + t0 * dx, a[1] + t0 * dy)
    end = b if t1 == 1.0 else (a[0] + t1 * dx, a[1] + t1 * dy)
    return start, end
