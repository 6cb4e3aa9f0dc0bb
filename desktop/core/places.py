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
