"""Coordinates: parse what investigators paste, write it back, measure distances.

The public face of ``geo_parse`` (reading) and ``geo_format`` (writing, distance)::

    >>> p = parse_coordinates("39 ° 45’38.10 « N 46 ° 44’33.90 » E")
    >>> format_decimal(p.lat, p.lon), p.notation
    ('39.760583, 46.742750', 'dms')
"""

from __future__ import annotations

from desktop.core.geo_format import (
    distance_m,
    format_ddm,
    format_decimal,
    format_dms,
    format_mgrs,
    precision_phrase,
)
from desktop.core.geo_parse import (
    CoordinateError,
    Notation,
    ParsedCoordinates,
    normalize_coordinate_text,
    parse_coordinates,
)

__all__ = [
    "CoordinateError",
    "Notation",
    "ParsedCoordinates",
    "distance_m",
    "format_ddm",
    "format_decimal",
    "format_dms",
    "format_mgrs",
    "normalize_coordinate_text",
    "parse_coordinates",
    "precision_phrase",
]
