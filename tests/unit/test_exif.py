"""EXIF parsing: our own GPS code, dates, and a reader that must never take us down."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.exif import (
    parse_datetime,
    read_exif,
    read_exif_bounded,
    read_exif_bytes,
)
from tests.unit.import_helpers import (
    ASCII,
    GPS_DIR,
    GPS_LAT,
    GPS_LAT_REF,
    GPS_LON,
    GPS_LON_REF,
    RATIONAL,
    SHORT,
    TAG_MAKE,
    TAG_ORIENTATION,
    build_exif,
    crashing_exif,
    gps_entries,
    jpeg_bytes,
    slow_exif,
    write,
)


def _with_gps(entries: list, ifd0: list | None = None) -> bytes:
    return jpeg_bytes(exif=build_exif(ifd0 or [], entries))


def test_valid_gps_with_altitude_below_sea_level_and_direction() -> None:
    entries = [*gps_entries(-33.8688, -151.2093, alt=-12.5), (GPS_DIR, RATIONAL, [(2915, 10)])]
    info = read_exif_bytes(_with_gps(entries))
    assert info.error is None and info.gps_problem is None and info.gps is not None
    assert info.gps.lat == pytest.approx(-33.8688, abs=1e-6)
    assert info.gps.lon == pytest.approx(-151.2093, abs=1e-6)
    assert info.gps.alt == pytest.approx(-12.5)
    assert info.gps.direction == pytest.approx(291.5)
    assert "GPSLatitude" in info.gps.raw_text


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([(GPS_LAT_REF, ASCII, "N"), (GPS_LAT, RATIONAL, [(0, 0), (0, 0), (0, 0)]),
          (GPS_LON_REF, ASCII, "E"), (GPS_LON, RATIONAL, [(1, 1), (0, 1), (0, 1)])],
         "zero denominator"),
        ([(GPS_LAT_REF, ASCII, "N"), (GPS_LAT, RATIONAL, [(91, 1), (0, 1), (0, 1)]),
          (GPS_LON_REF, ASCII, "E"), (GPS_LON, RATIONAL, [(1, 1), (0, 1), (0, 1)])],
         "beyond ±90"),
        ([(GPS_LAT_REF, ASCII, "N"), (GPS_LAT, RATIONAL, [(1, 1), (0, 1), (0, 1)]),
          (GPS_LON_REF, ASCII, "W"), (GPS_LON, RATIONAL, [(180, 1), (30, 1), (0, 1)])],
         "beyond ±180"),
        ([(GPS_LAT_REF, ASCII, "N"), (GPS_LAT, RATIONAL, [(1, 1)] * 9),
          (GPS_LON_REF, ASCII, "E"), (GPS_LON, RATIONAL, [(1, 1), (0, 1), (0, 1)])],
         "9 components"),
        ([(GPS_LAT_REF, ASCII, "X"), (GPS_LAT, RATIONAL, [(1, 1), (0, 1), (0, 1)]),
          (GPS_LON_REF, ASCII, "E"), (GPS_LON, RATIONAL, [(1, 1), (0, 1), (0, 1)])],
         "reference 'X'"),
        ([(GPS_LAT, RATIONAL, [(1, 1), (0, 1), (0, 1)]),
          (GPS_LON_REF, ASCII, "E"), (GPS_LON, RATIONAL, [(1, 1), (0, 1), (0, 1)])],
         "hemisphere (reference) is missing"),
        ([(GPS_LAT_REF, ASCII, "N"), (GPS_LAT, RATIONAL, [(1, 1), (0, 1), (0, 1)])],
         "only one of latitude and longitude"),
        ([(GPS_LAT_REF, ASCII, "N"), (GPS_LAT, ASCII, "forty"),
          (GPS_LON_REF, ASCII, "E"), (GPS_LON, RATIONAL, [(1, 1), (0, 1), (0, 1)])],
         "not a number"),
    ],
)
def test_broken_gps_is_no_valid_gps_never_a_crash(entries: list, message: str) -> None:
    info = read_exif_bytes(_with_gps(entries))
    assert info.error is None
    assert info.gps is None
    assert info.gps_problem is not None and info.gps_problem.startswith("no valid GPS")
    assert message in info.gps_problem


def test_make_model_orientation_and_no_gps() -> None:
    data = jpeg_bytes(exif=build_exif([(TAG_MAKE, ASCII, "  Canon\x00"),
                                       (TAG_ORIENTATION, SHORT, 99)]))
    info = read_exif_bytes(data)
    assert (info.make, info.orientation, info.gps, info.gps_problem) == ("Canon", 99, None, None)
    assert info.present and "Image Make" in info.tags


def test_a_reader_crash_is_an_error_value() -> None:
    info = read_exif_bytes(jpeg_bytes(exif=crashing_exif()))
    assert info.error is not None and "IndexError" in info.error
    assert info.gps is None and info.tags == {}


def test_no_exif_at_all() -> None:
    info = read_exif_bytes(jpeg_bytes())
    assert not info.present and info.error is None and info.tags == {}


@pytest.mark.parametrize(
    ("value", "offset", "expected"),
    [
        ("2008:10:22 16:28:39", None, "2008-10-22T16:28:39"),
        ("2022:08:14 14:12:31", "+03:00", "2022-08-14T14:12:31+03:00"),
        ("2021:04:11 15:47:53", "-05:00", "2021-04-11T15:47:53-05:00"),
        ("0000:00:00 00:00:00", None, None),
        ("    :  :     :  :  ", None, None),
        ("2008:13:22 16:28:39", None, None),
        ("2008:10:22 16:28:39", "garbage", "2008-10-22T16:28:39"),
        (None, None, None),
    ],
)
def test_dates(value: str | None, offset: str | None, expected: str | None) -> None:
    assert parse_datetime(value, offset) == expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(min_size=0, max_size=600))
def test_fuzzed_exif_never_raises(noise: bytes) -> None:
    """A JPEG whose APP1 is the EXIF header followed by arbitrary bytes."""
    app1 = b"Exif\x00\x00II*\x00\x08\x00\x00\x00" + noise
    segment = b"\xff\xe1" + (len(app1) + 2).to_bytes(2, "big") + app1
    base = jpeg_bytes((8, 8))
    info = read_exif_bytes(base[:2] + segment + base[2:])
    assert info.gps is None or -90 <= info.gps.lat <= 90


def test_unreadable_path_is_an_error_value(tmp_path: Path) -> None:
    info = read_exif(tmp_path / "missing.jpg")
    assert info.error is not None and "cannot read" in info.error


def test_bounded_reader_stops_a_slow_file(tmp_path: Path) -> None:
    slow = write(tmp_path / "slow.jpg", jpeg_bytes((800, 600), noise=True, exif=slow_exif()))
    info = read_exif_bounded(slow, timeout=0.5)
    assert info.error is not None and "longer than 0.5 s" in info.error
    fine = write(tmp_path / "fine.jpg", jpeg_bytes(exif=build_exif([(TAG_MAKE, ASCII, "X")])))
    assert read_exif_bounded(fine, timeout=30).make == "X"
