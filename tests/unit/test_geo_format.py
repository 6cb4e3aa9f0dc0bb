"""Writing coordinates back, and geodesic distance."""

from __future__ import annotations

import pytest

from desktop.core.geo import (
    CoordinateError,
    distance_m,
    format_ddm,
    format_decimal,
    format_dms,
    format_mgrs,
    parse_coordinates,
)

LAT, LON = 39 + 45 / 60 + 38.10 / 3600, 46 + 44 / 60 + 33.90 / 3600


def test_formats_of_the_first_debris_site() -> None:
    assert format_decimal(LAT, LON) == "39.760583, 46.742750"
    assert format_decimal(LAT, LON, places=3) == "39.761, 46.743"
    assert format_dms(LAT, LON) == "39°45'38.1\"N 46°44'33.9\"E"
    assert format_dms(LAT, LON, places=2) == "39°45'38.10\"N 46°44'33.90\"E"
    assert format_ddm(LAT, LON) == "39°45.635'N 46°44.565'E"
    assert format_mgrs(LAT, LON) == "38S PK 49283 02637"
    assert format_mgrs(LAT, LON, precision=3) == "38S PK 492 026"


def test_southern_and_western_hemispheres() -> None:
    assert format_decimal(-33.8675, -70.5) == "-33.867500, -70.500000"
    assert format_dms(-33.8675, -70.5) == "33°52'03.0\"S 70°30'00.0\"W"
    assert format_ddm(-33.8675, -70.5) == "33°52.050'S 70°30.000'W"


def test_rounding_carries_into_minutes_and_degrees() -> None:
    assert format_dms(10.999999, 20.0) == "11°00'00.0\"N 20°00'00.0\"E"
    assert format_ddm(-0.0000001, 179.9999999) == "0°00.000'N 180°00.000'E"
    assert format_decimal(-0.0000001, 0.0) == "0.000000, 0.000000"


@pytest.mark.parametrize("fmt", [format_decimal, format_dms, format_ddm, format_mgrs])
@pytest.mark.parametrize(("lat", "lon"), [(91.0, 0.0), (0.0, 180.5), (float("nan"), 0.0)])
def test_formatters_refuse_impossible_points(fmt, lat: float, lon: float) -> None:
    with pytest.raises(CoordinateError):
        fmt(lat, lon)


def test_mgrs_refuses_the_polar_caps() -> None:
    with pytest.raises(CoordinateError, match="outside MGRS coverage"):
        format_mgrs(85.0, 10.0)


def test_formatted_text_parses_back() -> None:
    for text in (format_dms(LAT, LON), format_ddm(LAT, LON), format_mgrs(LAT, LON)):
        p = parse_coordinates(text)
        assert distance_m(p.lat, p.lon, LAT, LON) < 5


def test_distance_between_the_two_debris_sites() -> None:
    second = parse_coordinates("39°45'27.80\"N 46°45'25.80\"E")
    d = distance_m(LAT, LON, second.lat, second.lon)
    # Independent check with pyproj's geodesic (same WGS 84 ellipsoid, another implementation).
    pyproj = pytest.importorskip("pyproj", reason="pyproj is not installed for the cross-check")
    _, _, expected = pyproj.Geod(ellps="WGS84").inv(LON, LAT, second.lon, second.lat)
    assert d == pytest.approx(expected, abs=1e-3)
    assert 1270 < d < 1280


def test_distance_known_values() -> None:
    assert distance_m(LAT, LON, LAT, LON) == 0.0
    # One degree of longitude on the equator of WGS 84 (a = 6 378 137 m).
    assert distance_m(0, 0, 0, 1) == pytest.approx(111_319.49, abs=0.01)
    # Antipodes along a meridian: half the meridian circumference, 20 003 931.46 m.
    assert distance_m(90, 0, -90, 0) == pytest.approx(20_003_931.46, abs=0.01)


def test_distance_refuses_impossible_points() -> None:
    with pytest.raises(CoordinateError):
        distance_m(95, 0, 0, 0)


def test_mgrs_just_below_a_band_edge_stays_readable() -> None:
    text = format_mgrs(-5e-9, 0.0, precision=1)
    p = parse_coordinates(text)
    assert distance_m(p.lat, p.lon, 0.0, 0.0) < 15_000
