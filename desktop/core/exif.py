"""EXIF metadata read with ExifRead (``details=False``) and parsed by our own code.

ExifRead's own GPS helper divides by zero on ``0/0`` rationals and accepts a latitude of
91 degrees, so GPS is parsed here from the raw tags and range-checked; anything odd gives
"no valid GPS" (``ExifInfo.gps_problem``), never an exception. ``read_exif`` catches
everything the reader raises. It is meant to run inside a worker process with a time
bound (see ``desktop.core.ingest_pool``): ``read_exif_bounded`` does that for one file.
"""

from __future__ import annotations

import io
import logging
import math
import multiprocessing
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import exifread

EXIF_TIMEOUT_S = 5.0
_MAX_TAG_TEXT = 300
# Tags that hold binary blobs or are noise in a case file.
_SKIPPED_TAGS = ("JPEGThumbnail", "TIFFThumbnail", "Thumbnail JPEGInterchangeFormat",
                 "EXIF MakerNote", "EXIF UserComment")
_DATE_RE = re.compile(r"^\s*(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_OFFSET_RE = re.compile(r"^\s*([+-])(\d{2}):(\d{2})\s*$")

logging.getLogger("exifread").setLevel(logging.CRITICAL)  # it logs every odd tag


@dataclass(frozen=True)
class GpsFix:
    """A camera position from EXIF, WGS 84 decimal degrees; altitude in metres."""

    lat: float
    lon: float
    alt: float | None = None
    direction: float | None = None
    precision_m: float | None = None
    raw_text: str = ""


@dataclass(frozen=True)
class ExifInfo:
    """What we keep from a file's EXIF. ``error`` is set when the reader failed."""

    present: bool = False
    taken_at: str | None = None
    make: str | None = None
    model: str | None = None
    lens: str | None = None
    orientation: int | None = None
    gps: GpsFix | None = None
    gps_problem: str | None = None
    error: str | None = None
    tags: dict[str, str] = field(default_factory=dict)


def read_exif_bytes(data: bytes) -> ExifInfo:
    """Parse EXIF from a file's bytes; never raises (a failure sets ``error``)."""
    try:
        tags = exifread.process_file(io.BytesIO(data), details=False)
    except BaseException as exc:  # the reader fails in every way on fuzzed files
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        return ExifInfo(error=f"the EXIF reader failed ({type(exc).__name__}: {exc})"[:300])
    try:
        return parse_tags(tags)
    except Exception as exc:  # our own parsing must not stop an import either
        return ExifInfo(present=True, error=f"EXIF could not be parsed ({exc})"[:300])


def read_exif(path: Path) -> ExifInfo:
    """Read a file and parse its EXIF in this process (no time bound)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return ExifInfo(error=f"cannot read the file: {exc.strerror or exc}")
    return read_exif_bytes(data)


def _bounded_target(path: str, conn: Any) -> None:
    conn.send(read_exif(Path(path)))
    conn.close()


def read_exif_bounded(path: Path, timeout: float = EXIF_TIMEOUT_S) -> ExifInfo:
    """``read_exif`` in a separate (spawned) process, killed after ``timeout`` seconds."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_bounded_target, args=(str(path), child), daemon=True)
    process.start()
    child.close()
    try:
        if parent.poll(timeout):
            return parent.recv()
        return ExifInfo(error=f"the EXIF reader took longer than {timeout:g} s and was stopped")
    except EOFError:
        return ExifInfo(error="the EXIF reader crashed")
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        parent.close()


def parse_tags(tags: dict[str, Any]) -> ExifInfo:
    """Turn ExifRead's tag dict into an ``ExifInfo`` (pure; bad values become None)."""
    text = {key: _tag_text(value) for key, value in tags.items() if key not in _SKIPPED_TAGS}
    gps, problem = parse_gps(tags)
    return ExifInfo(
        present=bool(text),
        taken_at=parse_datetime(_str_tag(tags, "EXIF DateTimeOriginal"), _offset_of_original(tags)),
        make=_str_tag(tags, "Image Make"),
        model=_str_tag(tags, "Image Model"),
        lens=_str_tag(tags, "EXIF LensModel") or _str_tag(tags, "EXIF LensSpecification"),
        orientation=_int_tag(tags, "Image Orientation"),
        gps=gps,
        gps_problem=problem,
        tags=text,
    )


def _offset_of_original(tags: dict[str, Any]) -> str | None:
    """The UTC offset of DateTimeOriginal: OffsetTimeOriginal, else OffsetTime when it can
    be trusted for it (OffsetTime belongs to DateTime, the file's last change; it says the
    same zone only when DateTime is the same moment as DateTimeOriginal)."""
    offset = _str_tag(tags, "EXIF OffsetTimeOriginal")
    if offset:
        return offset
    original = _str_tag(tags, "EXIF DateTimeOriginal")
    if original and _str_tag(tags, "Image DateTime") == original:
        return _str_tag(tags, "EXIF OffsetTime")
    return None


def parse_datetime(value: str | None, offset: str | None = None) -> str | None:
    """``2008:10:22 16:28:39`` (+ ``+02:00``) -> ISO ``2008-10-22T16:28:39+02:00``."""
    if not value:
        return None
    match = _DATE_RE.match(value)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour <= 23 and minute <= 59
            and second <= 60 and year >= 1800):
        return None
    iso = f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
    if offset and (off := _OFFSET_RE.match(offset)) and int(off.group(2)) <= 14:
        iso += f"{off.group(1)}{off.group(2)}:{off.group(3)}"
    return iso


def parse_gps(tags: dict[str, Any]) -> tuple[GpsFix | None, str | None]:
    """(fix, None) for a valid position, (None, reason) for a broken one, (None, None) if absent."""
    lat_tag, lon_tag = tags.get("GPS GPSLatitude"), tags.get("GPS GPSLongitude")
    if lat_tag is None and lon_tag is None:
        return None, None
    if lat_tag is None or lon_tag is None:
        return None, "no valid GPS: only one of latitude and longitude is present"
    try:
        lat = _dms(lat_tag, "latitude")
        lon = _dms(lon_tag, "longitude")
        lat *= _hemisphere(tags.get("GPS GPSLatitudeRef"), "NS", "latitude")
        lon *= _hemisphere(tags.get("GPS GPSLongitudeRef"), "EW", "longitude")
    except ValueError as exc:
        return None, f"no valid GPS: {exc}"
    if not -90.0 <= lat <= 90.0:
        return None, f"no valid GPS: latitude {lat:g} is beyond ±90°"
    if not -180.0 <= lon <= 180.0:
        return None, f"no valid GPS: longitude {lon:g} is beyond ±180°"
    alt = _altitude(tags)
    direction = _single_rational(tags.get("GPS GPSImgDirection"))
    if direction is not None and not 0.0 <= direction <= 360.0:
        direction = None
    precision = _single_rational(tags.get("GPS GPSHPositioningError"))
    if precision is not None and not 0.0 <= precision < 1e6:
        precision = None
    raw = "; ".join(
        f"{name} {_tag_text(tags[key])}" for name, key in (
            ("GPSLatitude", "GPS GPSLatitude"), ("GPSLatitudeRef", "GPS GPSLatitudeRef"),
            ("GPSLongitude", "GPS GPSLongitude"), ("GPSLongitudeRef", "GPS GPSLongitudeRef"),
        ) if key in tags
    )
    return GpsFix(lat=lat, lon=lon, alt=alt, direction=direction, precision_m=precision,
                  raw_text=raw), None


def _ratio(value: Any, what: str) -> Fraction:
    """An EXIF rational or integer as an exact Fraction; zero denominators are refused."""
    if isinstance(value, int):
        return Fraction(value)
    num = getattr(value, "_numerator", None)
    den = getattr(value, "_denominator", None)
    if num is None or den is None:
        num, den = getattr(value, "numerator", None), getattr(value, "denominator", None)
    if not isinstance(num, int) or not isinstance(den, int):
        raise ValueError(f"{what} is not a number")
    if den == 0:
        raise ValueError(f"{what} has a zero denominator ({num}/0)")
    return Fraction(num, den)


def _values(tag: Any) -> list[Any]:
    values = getattr(tag, "values", tag)
    if isinstance(values, str | bytes) or not isinstance(values, list | tuple):
        return [values]
    return list(values)


def _dms(tag: Any, what: str) -> float:
    values = _values(tag)
    if not 1 <= len(values) <= 3:
        raise ValueError(f"{what} has {len(values)} components instead of 3")
    parts = [_ratio(v, what) for v in values]
    if any(p < 0 for p in parts):
        raise ValueError(f"{what} has a negative component")
    total = sum((p / 60**i for i, p in enumerate(parts)), Fraction(0))
    result = float(total)
    if not math.isfinite(result):
        raise ValueError(f"{what} is not finite")
    return result


def _hemisphere(tag: Any, letters: str, what: str) -> int:
    if tag is None:
        raise ValueError(f"the {what} hemisphere (reference) is missing")
    ref = str(_values(tag)[0] if _values(tag) else "").strip().strip("\x00").upper()
    if ref == letters[0]:
        return 1
    if ref == letters[1]:
        return -1
    raise ValueError(f"the {what} reference {ref!r} is not {letters[0]} or {letters[1]}")


def _single_rational(tag: Any) -> float | None:
    if tag is None:
        return None
    values = _values(tag)
    if len(values) != 1:
        return None
    try:
        value = float(_ratio(values[0], "value"))
    except (ValueError, OverflowError):
        return None
    return value if math.isfinite(value) else None


def _altitude(tags: dict[str, Any]) -> float | None:
    alt = _single_rational(tags.get("GPS GPSAltitude"))
    if alt is None or abs(alt) > 100_000:
        return None
    ref = tags.get("GPS GPSAltitudeRef")
    ref_values = _values(ref) if ref is not None else []
    if ref_values and ref_values[0] == 1:  # 1 = below sea level
        alt = -alt
    return alt


def _str_tag(tags: dict[str, Any], key: str) -> str | None:
    tag = tags.get(key)
    if tag is None:
        return None
    text = str(getattr(tag, "printable", tag)).replace("\x00", "").strip()
    return text or None


def _int_tag(tags: dict[str, Any], key: str) -> int | None:
    tag = tags.get(key)
    if tag is None:
        return None
    values = _values(tag)
    return values[0] if values and isinstance(values[0], int) else None


def _tag_text(tag: Any) -> str:
    text = str(getattr(tag, "printable", tag)).replace("\x00", "").strip()
    return text[:_MAX_TAG_TEXT]
