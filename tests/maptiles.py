"""A tiny MBTiles file written by the tests: solid-colour Pillow tiles around a point."""

from __future__ import annotations

import io
import math
import sqlite3
from pathlib import Path

from PIL import Image

# Shusha, the demo case's town; the tiles cover it at zooms 12 to 14.
CENTRE = (39.7606, 46.7427)  # lat, lon
TILE_COLOUR = (20, 160, 60)  # a green no other map layer uses
ATTRIBUTION = "Test imagery © Fragment tests"


def _xy(lat: float, lon: float, zoom: int) -> tuple[int, int]:
    n = 2**zoom
    x = (lon + 180.0) / 360.0 * n
    rad = math.radians(lat)
    y = (1.0 - math.asinh(math.tan(rad)) / math.pi) / 2.0 * n
    return int(x), int(y)


def write_mbtiles(path: Path, *, zooms: tuple[int, ...] = (12, 13, 14), radius: int = 2,
                  colour: tuple[int, int, int] = TILE_COLOUR, fmt: str = "png",
                  attribution: str = ATTRIBUTION, name: str = "Test town map") -> Path:
    """Write ``path`` with (2*radius+1)^2 tiles per zoom around ``CENTRE`` (TMS rows).

    Each tile is ``colour`` with a one-pixel dark grid line on its top and left edges, so
    a test can see where tiles meet.
    """
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        conn.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, "
                     "tile_row INTEGER, tile_data BLOB)")
        lat, lon = CENTRE
        meta = {"name": name, "format": fmt, "attribution": attribution,
                "bounds": f"{lon - 0.3},{lat - 0.2},{lon + 0.3},{lat + 0.2}",
                "minzoom": str(min(zooms)), "maxzoom": str(max(zooms)), "type": "baselayer"}
        conn.executemany("INSERT INTO metadata VALUES (?, ?)", list(meta.items()))
        for zoom in zooms:
            cx, cy = _xy(lat, lon, zoom)
            for x in range(cx - radius, cx + radius + 1):
                for y in range(cy - radius, cy + radius + 1):
                    image = Image.new("RGB", (256, 256), colour)
                    for i in range(256):
                        image.putpixel((i, 0), (40, 40, 40))
                        image.putpixel((0, i), (40, 40, 40))
                    buffer = io.BytesIO()
                    image.save(buffer, "PNG" if fmt == "png" else "JPEG")
                    conn.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)",
                                 (zoom, x, 2**zoom - 1 - y, buffer.getvalue()))
    conn.close()
    return path
