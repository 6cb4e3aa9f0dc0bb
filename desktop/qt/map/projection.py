"""Web Mercator between WGS 84 degrees and map scene units.

Scene x is the longitude in degrees; scene y is the Mercator ordinate expressed in the same
"degrees at the equator" unit, pointing down (Qt's y axis). Web Mercator is conformal, so
shapes and the direction of distances look right locally, as on OpenStreetMap. Latitudes
are clamped to ±85.05° (the usual Web Mercator limit) because the poles are at infinity.
"""

from __future__ import annotations

import math

MAX_LAT = 85.05112878
METRES_PER_DEGREE = 111_319.49  # one degree of longitude at the equator (WGS 84)


def lonlat_to_xy(lon: float, lat: float) -> tuple[float, float]:
    """Scene coordinates of a point."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    y = math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))
    return lon, -y


def xy_to_lonlat(x: float, y: float) -> tuple[float, float]:
    """The point at scene coordinates (inverse of ``lonlat_to_xy``)."""
    lat = math.degrees(2 * math.atan(math.exp(math.radians(-y))) - math.pi / 2)
    return x, lat


def metres_to_scene(metres: float, lat: float) -> float:
    """How many scene units ``metres`` span at latitude ``lat`` (same in x and y)."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    return metres / (METRES_PER_DEGREE * math.cos(math.radians(lat)))


def world_extent() -> tuple[float, float, float, float]:
    """``(x, y, width, height)`` of the whole projected world."""
    _, top = lonlat_to_xy(0, MAX_LAT)
    return -180.0, top, 360.0, -2 * top
