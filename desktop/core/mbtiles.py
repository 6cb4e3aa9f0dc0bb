"""Read an MBTiles file: a SQLite database of raster map tiles (MBTiles 1.3).

The file is opened read-only (``mode=ro`` and ``immutable``: a basemap in the case store
never changes, and reading must not write a byte). Tiles are PNG or JPEG in the
``tiles`` table, keyed by ``zoom_level``, ``tile_column`` and ``tile_row`` in TMS order
(row 0 is the southern edge); everything outside this module speaks XYZ / "slippy map"
order (row 0 in the north), so the row is flipped here and only here.

Only what a locator map needs is read: the metadata (name, attribution, bounds, zooms)
and tiles by number. ``compose`` draws the tiles over a lon/lat box into one Pillow image
for the dossier; the GUI asks for single tiles.
"""

from __future__ import annotations

import io
import math
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from desktop.core.basemap import BBox
from desktop.core.errors import UserError

TILE_SIZE = 256
MAX_LAT = 85.0511287798  # the Web Mercator square's edge
_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG"}
_MAX_COMPOSE_TILES = 64


@dataclass(frozen=True)
class TilesetInfo:
    """What an MBTiles file says about itself (attribution as the file gives it)."""

    name: str
    attribution: str
    tile_format: str
    bounds: BBox
    min_zoom: int
    max_zoom: int


def lon_to_x(lon: float, zoom: float) -> float:
    """Web Mercator tile x (fractional) of a longitude at ``zoom``."""
    return (lon + 180.0) / 360.0 * 2**zoom


def lat_to_y(lat: float, zoom: float) -> float:
    """Web Mercator tile y (fractional, 0 at the north edge) of a latitude at ``zoom``."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    rad = math.radians(lat)
    return (1.0 - math.asinh(math.tan(rad)) / math.pi) / 2.0 * 2**zoom


def x_to_lon(x: float, zoom: float) -> float:
    """Longitude of tile x (fractional) at ``zoom``."""
    return x / 2**zoom * 360.0 - 180.0


def y_to_lat(y: float, zoom: float) -> float:
    """Latitude of tile y (fractional, 0 at the north edge) at ``zoom``."""
    return math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * y / 2**zoom))))


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    except sqlite3.Error as exc:
        raise UserError(f"{path.name} cannot be opened as an MBTiles file: {exc}") from exc
    with closing(conn):
        yield conn


def read_info(path: str | Path) -> TilesetInfo:
    """Read and check the metadata and tile table of an MBTiles file.

    Raises ``UserError`` with one sentence for a file that is not a raster MBTiles
    tileset (not SQLite, no ``tiles`` table, vector tiles, no tiles at all).
    """
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path} is not a file")
    with _connect(path) as conn:
        try:
            meta = dict(conn.execute("SELECT name, value FROM metadata").fetchall())
            zooms = conn.execute(
                "SELECT MIN(zoom_level), MAX(zoom_level), COUNT(*) FROM tiles").fetchone()
        except sqlite3.DatabaseError as exc:
            raise UserError(
                f"{path.name} is not an MBTiles file (it needs a metadata and a tiles table)"
            ) from exc
        fmt = str(meta.get("format", "")).lower() or _sniff_format(conn)
    if fmt not in _FORMATS:
        raise UserError(f"{path.name} holds {fmt or 'unknown'} tiles; only PNG and JPEG "
                        "raster tiles can be shown")
    if not zooms or zooms[2] == 0:
        raise UserError(f"{path.name} has no tiles")
    return TilesetInfo(
        name=str(meta.get("name") or path.stem),
        attribution=str(meta.get("attribution") or ""),
        tile_format=fmt,
        bounds=_bounds(meta.get("bounds")),
        min_zoom=int(zooms[0]),
        max_zoom=int(zooms[1]),
    )


def _sniff_format(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT tile_data FROM tiles LIMIT 1").fetchone()
    data = bytes(row[0]) if row and row[0] is not None else b""
    if data.startswith(b"\x89PNG"):
        return "png"
    if data.startswith(b"\xff\xd8"):
        return "jpg"
    return ""


def _bounds(text: object) -> BBox:
    """The ``bounds`` metadata (west,south,east,north), or the whole Mercator world."""
    try:
        west, south, east, north = (float(v) for v in str(text).split(","))
        box = BBox(west, south, east, north)
        if -180 <= west < east <= 180 and -90 <= south < north <= 90:
            return box
    except ValueError:
        pass
    return BBox(-180.0, -MAX_LAT, 180.0, MAX_LAT)


class TileReader:
    """Tiles of one MBTiles file by XYZ number; one read-only connection, thread-safe."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.info = read_info(self.path)
        self._cm = _connect(self.path)
        self._conn = self._cm.__enter__()

    def close(self) -> None:
        """Close the connection."""
        self._cm.__exit__(None, None, None)

    def __enter__(self) -> TileReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def tile_bytes(self, zoom: int, x: int, y: int) -> bytes | None:
        """The encoded tile at XYZ ``(zoom, x, y)``, or None where the file has none."""
        tms_row = 2**zoom - 1 - y
        row = self._conn.execute(
            "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
            (zoom, x, tms_row)).fetchone()
        return bytes(row[0]) if row and row[0] is not None else None

    def tile_image(self, zoom: int, x: int, y: int) -> Image.Image | None:
        """The decoded tile (RGB), or None when missing or undecodable."""
        data = self.tile_bytes(zoom, x, y)
        if data is None:
            return None
        try:
            with Image.open(io.BytesIO(data), formats=["PNG", "JPEG"]) as img:
                return img.convert("RGB")
        except (OSError, ValueError, Image.DecompressionBombError):
            return None

    def zoom_for(self, bbox: BBox, width_px: float) -> int:
        """The zoom whose tiles give about ``width_px`` pixels across ``bbox`` (clamped to
        the zooms the file has)."""
        span = max(bbox.width, 1e-9)
        zoom = math.log2(width_px / TILE_SIZE * 360.0 / span)
        return max(self.info.min_zoom, min(self.info.max_zoom, math.ceil(zoom)))

    def covers(self, bbox: BBox) -> bool:
        """True if the file's bounds overlap ``bbox``."""
        return self.info.bounds.intersects(bbox)

    def compose(self, bbox: BBox, width_px: int) -> Image.Image | None:
        """The tiles over ``bbox`` stitched and cropped to it, in Web Mercator pixels.

        None when no tile falls inside the box. The result is at most 64 tiles large
        (the zoom is lowered until it fits); missing tiles stay transparent.
        """
        if not self.covers(bbox):
            return None
        zoom = self.zoom_for(bbox, width_px)
        while True:
            x0, x1 = lon_to_x(bbox.west, zoom), lon_to_x(bbox.east, zoom)
            y0, y1 = lat_to_y(bbox.north, zoom), lat_to_y(bbox.south, zoom)
            tiles = (math.floor(x1) - math.floor(x0) + 1) * (math.floor(y1) - math.floor(y0) + 1)
            if tiles <= _MAX_COMPOSE_TILES or zoom <= self.info.min_zoom:
                break
            zoom -= 1
        tx0, ty0 = math.floor(x0), math.floor(y0)
        cols, rows = math.floor(x1) - tx0 + 1, math.floor(y1) - ty0 + 1
        canvas = Image.new("RGBA", (cols * TILE_SIZE, rows * TILE_SIZE), (0, 0, 0, 0))
        found = False
        limit = 2**zoom
        for ty in range(ty0, ty0 + rows):
            for tx in range(tx0, tx0 + cols):
                if not (0 <= tx < limit and 0 <= ty < limit):
                    continue
                tile = self.tile_image(zoom, tx, ty)
                if tile is None:
                    continue
                found = True
                if tile.size != (TILE_SIZE, TILE_SIZE):
                    tile = tile.resize((TILE_SIZE, TILE_SIZE))
                canvas.paste(tile, ((tx - tx0) * TILE_SIZE, (ty - ty0) * TILE_SIZE))
        if not found:
            return None
        box = (round((x0 - tx0) * TILE_SIZE), round((y0 - ty0) * TILE_SIZE),
               round((x1 - tx0) * TILE_SIZE), round((y1 - ty0) * TILE_SIZE))
        return canvas.crop(box)
