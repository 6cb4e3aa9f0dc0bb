"""Natural Earth populated places: towns and cities to name around the locations.

The data ships as ``resources/places/ne_10m_populated_places.csv`` (see its README): 7,343
places with a position, a population and Natural Earth's ``min_zoom``, the web-map zoom
from which a place is worth a label. ``places_in`` returns those inside a box that a map
of a given scale should name, most important first. Loaded once per process; immutable.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache

from desktop.core.basemap import BBox
from desktop.core.resources import resource_path

PLACES_FILE = ("places", "ne_10m_populated_places.csv")


@dataclass(frozen=True)
class Place:
    """A populated place: its name, position and suggested first label zoom."""

    name: str
    lat: float
    lon: float
    min_zoom: float


@cache
def load_places() -> tuple[Place, ...]:
    """Every place, most important (lowest ``min_zoom``, then largest) first."""
    path = resource_path(*PLACES_FILE)
    with open(path, encoding="utf-8", newline="") as handle:
        return tuple(
            Place(row["name"], float(row["lat"]), float(row["lon"]), float(row["min_zoom"]))
            for row in csv.DictReader(handle)
        )


def web_zoom(bbox: BBox, width_px: float) -> float:
    """The web-map zoom at which ``bbox`` spans ``width_px`` pixels (256-pixel tiles)."""
    return math.log2(max(width_px, 1.0) / 256.0 * 360.0 / max(bbox.width, 1e-9))


def places_in(bbox: BBox, zoom: float, *, limit: int = 200) -> list[Place]:
    """The places inside ``bbox`` worth a label at web-map ``zoom``, most important first.

    A place is named from its ``min_zoom`` on, and from two zooms earlier when nothing
    more important is near, so a close-up of a rural area still names the towns it has.
    """
    inside = [p for p in load_places() if bbox.contains(p.lon, p.lat)]
    shown = [p for p in inside if p.min_zoom <= zoom]
    if len(shown) < 3:
        shown = [p for p in inside if p.min_zoom <= zoom + 2]
    return shown[:limit]


_COMPASS = ("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
            "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW")


@dataclass(frozen=True)
class NearestPlace:
    """The populated place nearest a point: how far, and which way the point lies from it."""

    place: Place
    distance_m: float
    direction: str
    """Compass point (16 winds) from the place to the point, e.g. ``SSW``."""


@cache
def _by_degree() -> dict[tuple[int, int], tuple[Place, ...]]:
    """Every place bucketed by the whole degrees of its latitude and longitude."""
    cells: dict[tuple[int, int], list[Place]] = {}
    for place in load_places():
        cells.setdefault((math.floor(place.lat), math.floor(place.lon)), []).append(place)
    return {key: tuple(value) for key, value in cells.items()}


def index_places() -> None:
    """Read the places and build the index ``nearest_place`` uses (both cached per
    process): a worker calls it so that the GUI thread finds them ready."""
    _by_degree()


def nearest_place(lat: float, lon: float, *, within_m: float = 50_000.0) -> NearestPlace | None:
    """The nearest place within ``within_m`` (geodesic, WGS 84), or None."""
    from geographiclib.geodesic import Geodesic

    span_lat = within_m / 110_000.0
    span_lon = span_lat / max(math.cos(math.radians(min(abs(lat) + span_lat, 89.0))), 0.02)
    cells = _by_degree()
    candidates = [
        place
        for i in range(math.floor(lat - span_lat), math.floor(lat + span_lat) + 1)
        for j in range(math.floor(lon - span_lon), math.floor(lon + span_lon) + 1)
        for place in cells.get((i, (j + 180) % 360 - 180), ())
    ]
    kx = math.cos(math.radians(lat))

    def rough(place: Place) -> float:  # flat-earth distance, only to rank the candidates
        dlon = (place.lon - lon + 180.0) % 360.0 - 180.0
        return math.hypot(place.lat - lat, dlon * kx)

    best: tuple[float, float, Place] | None = None
    for place in sorted(candidates, key=rough)[:3]:
        line = Geodesic.WGS84.Inverse(place.lat, place.lon, lat, lon)
        if line["s12"] <= within_m and (best is None or line["s12"] < best[0]):
            best = (float(line["s12"]), float(line["azi1"]), place)
    if best is None:
        return None
    distance, azimuth, place = best
    return NearestPlace(place, distance, _COMPASS[round((azimuth % 360) / 22.5) % 16])
