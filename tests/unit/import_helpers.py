"""Generators for the import tests: JPEGs with hand-built EXIF, hostile files.

The EXIF builder writes a little-endian TIFF structure byte by byte so that tests can put
in exactly the broken values real files carry (0/0 rationals, 91 degrees, odd counts).
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path

from PIL import Image

ASCII, SHORT, LONG, RATIONAL = 2, 3, 4, 5
_TYPE_SIZE = {ASCII: 1, SHORT: 2, LONG: 4, RATIONAL: 8}
Entry = tuple[int, int, object]  # (tag, type, values); ASCII values are str

TAG_MAKE, TAG_MODEL, TAG_ORIENTATION, TAG_GPS_IFD = 0x010F, 0x0110, 0x0112, 0x8825
GPS_LAT_REF, GPS_LAT, GPS_LON_REF, GPS_LON = 1, 2, 3, 4
GPS_ALT_REF, GPS_ALT, GPS_DIR = 5, 6, 17


def _encode(kind: int, values: object) -> tuple[int, bytes]:
    if kind == ASCII:
        raw = str(values).encode("latin-1") + b"\x00"
        return len(raw), raw
    items = list(values) if isinstance(values, list | tuple) else [values]
    if kind == RATIONAL:
        data = b"".join(struct.pack("<II", num, den) for num, den in items)
    elif kind == SHORT:
        data = b"".join(struct.pack("<H", v) for v in items)
    else:
        data = b"".join(struct.pack("<I", v) for v in items)
    return len(items), data


def _ifd(entries: list[Entry], start: int) -> bytes:
    entries = sorted(entries, key=lambda e: e[0])
    head = struct.pack("<H", len(entries))
    data_start = start + 2 + 12 * len(entries) + 4
    body, data = b"", b""
    for tag, kind, values in entries:
        count, raw = _encode(kind, values)
        if len(raw) <= 4:
            field = raw.ljust(4, b"\x00")
        else:
            field = struct.pack("<I", data_start + len(data))
            data += raw + (b"\x00" if len(raw) % 2 else b"")
        body += struct.pack("<HHI", tag, kind, count) + field
    return head + body + struct.pack("<I", 0) + data


def build_exif(ifd0: list[Entry], gps: list[Entry] | None = None) -> bytes:
    """``Exif\\0\\0`` + a TIFF structure with IFD0 and an optional GPS IFD."""
    header = b"II*\x00" + struct.pack("<I", 8)
    if gps is None:
        return b"Exif\x00\x00" + header + _ifd(ifd0, 8)
    probe = _ifd([*ifd0, (TAG_GPS_IFD, LONG, 0)], 8)
    gps_offset = 8 + len(probe)
    first = _ifd([*ifd0, (TAG_GPS_IFD, LONG, gps_offset)], 8)
    return b"Exif\x00\x00" + header + first + _ifd(gps, gps_offset)


def dms(value: float) -> list[tuple[int, int]]:
    """Degrees as EXIF rationals (d/1, m/1, s*10000/10000)."""
    degrees = int(value)
    minutes_full = (value - degrees) * 60
    minutes = int(minutes_full)
    seconds = round((minutes_full - minutes) * 60 * 10000)
    return [(degrees, 1), (minutes, 1), (seconds, 10000)]


def gps_entries(lat: float, lon: float, *, alt: float | None = None) -> list[Entry]:
    """A valid GPS IFD for the given position."""
    entries: list[Entry] = [
        (GPS_LAT_REF, ASCII, "N" if lat >= 0 else "S"), (GPS_LAT, RATIONAL, dms(abs(lat))),
        (GPS_LON_REF, ASCII, "E" if lon >= 0 else "W"), (GPS_LON, RATIONAL, dms(abs(lon))),
    ]
    if alt is not None:
        entries += [(GPS_ALT_REF, 1, [0 if alt >= 0 else 1]),
                    (GPS_ALT, RATIONAL, [(round(abs(alt) * 100), 100)])]
    return entries


def jpeg_bytes(size: tuple[int, int] = (64, 48), *, exif: bytes | None = None,
               seed: int = 1, noise: bool = False) -> bytes:
    """A real JPEG; ``noise`` makes it large and incompressible (for truncation tests)."""
    if noise:
        rnd = random.Random(seed)
        image = Image.frombytes("RGB", size, rnd.randbytes(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, ((seed * 53) % 256, (seed * 97) % 256, 120))
        # a marker in the top-left corner, to check orientation handling
        image.paste((255, 0, 0), (0, 0, max(1, size[0] // 4), max(1, size[1] // 4)))
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    # the comment makes the bytes unique per seed whatever the pixels quantise to
    image.save(out, "JPEG", quality=90, comment=f"seed {seed}".encode(), **kwargs)
    return out.getvalue()


def write(path: Path, data: bytes) -> Path:
    """Write bytes, creating folders; returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def png_header_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge size, with one tiny (invalid) data chunk."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def slow_exif(entries: int = 5000, count: int = 400) -> bytes:
    """EXIF whose IFD0 holds thousands of long rational arrays: ExifRead needs seconds.

    Every entry points at the same bytes (inside the file's own image data), so the file
    stays small while the reader decodes ``entries * count`` rationals.
    """
    body = b"".join(struct.pack("<HHII", 0x9000 + (i % 0x6000), RATIONAL, count, 1000)
                    for i in range(entries))
    tiff = (b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", entries) + body
            + struct.pack("<I", 0))
    return b"Exif\x00\x00" + tiff


def crashing_exif() -> bytes:
    """EXIF that makes ExifRead raise (IndexError): an ExifOffset pointer typed as empty text.

    Found by fuzzing ExifRead 3.5 with ``details=False``.
    """
    entry = struct.pack("<HHII", 0x8769, ASCII, 0, 102)
    tiff = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 1) + entry + struct.pack("<I", 0)
    return b"Exif\x00\x00" + tiff + b"\x00" * 40
