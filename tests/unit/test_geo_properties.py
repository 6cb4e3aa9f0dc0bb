"""Property tests: every notation round-trips within its precision; junk only ever gets
a CoordinateError."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.geo import (
    CoordinateError,
    distance_m,
    format_ddm,
    format_decimal,
    format_dms,
    format_mgrs,
    parse_coordinates,
)

lats = st.floats(min_value=-90, max_value=90, allow_nan=False)
lons = st.floats(min_value=-180, max_value=180, allow_nan=False)
mgrs_lats = st.floats(min_value=-79.9, max_value=83.9, allow_nan=False)
mgrs_lons = st.floats(min_value=-179.9999, max_value=179.9999, allow_nan=False)


def _roundtrip(text: str, lat: float, lon: float, notation: str, slack: float,
               absolute_m: float = 1e-6) -> None:
    p = parse_coordinates(text)
    assert p.notation == notation
    # Rounding moves each axis by at most half a unit of the last digit; MGRS truncates to
    # the square's corner, up to one unit on each axis.
    assert distance_m(p.lat, p.lon, lat, lon) <= slack * p.precision_m + absolute_m


@settings(max_examples=150, deadline=None)
@given(lats, lons, st.integers(min_value=0, max_value=8))
def test_decimal_roundtrip(lat: float, lon: float, places: int) -> None:
    _roundtrip(format_decimal(lat, lon, places), lat, lon, "decimal", 1.0)


@settings(max_examples=150, deadline=None)
@given(lats, lons, st.integers(min_value=0, max_value=4))
def test_dms_roundtrip(lat: float, lon: float, places: int) -> None:
    _roundtrip(format_dms(lat, lon, places), lat, lon, "dms", 1.0)


@settings(max_examples=150, deadline=None)
@given(lats, lons, st.integers(min_value=0, max_value=5))
def test_ddm_roundtrip(lat: float, lon: float, places: int) -> None:
    _roundtrip(format_ddm(lat, lon, places), lat, lon, "ddm", 1.0)


@settings(max_examples=150, deadline=None)
@given(mgrs_lats, mgrs_lons, st.integers(min_value=1, max_value=5))
def test_mgrs_roundtrip(lat: float, lon: float, precision: int) -> None:
    text = format_mgrs(lat, lon, precision)
    # The mgrs package's own UTM arithmetic is good to a few centimetres, not exactly: at
    # 1 m precision a corner can lie 1.5009 m away (found at 0.0°S, 1.0°E), so a decimetre
    # of absolute slack on top of the square's diagonal.
    _roundtrip(text, lat, lon, "mgrs", 1.5, absolute_m=0.1)
    _roundtrip(text.replace(" ", ""), lat, lon, "mgrs", 1.5, absolute_m=0.1)


@settings(max_examples=100, deadline=None)
@given(lats, lons)
def test_link_roundtrip(lat: float, lon: float) -> None:
    osm = f"https://www.openstreetmap.org/#map=16/{lat:.5f}/{lon:.5f}"
    google = f"https://www.google.com/maps/@{lat:.7f},{lon:.7f},17z"
    _roundtrip(osm, lat, lon, "osm_link", 1.0)
    _roundtrip(google, lat, lon, "google_link", 1.0)


_coordinate_alphabet = st.sampled_from(
    [*list("0123456789.,;/ -+−°º˚'’′\"″”«»NSEWnsewCDFGHJKLMPQRTUVXZ"), "с. ш.", "в. д.", "''"]
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60), st.lists(_coordinate_alphabet, max_size=30).map("".join)))
def test_any_text_parses_or_raises_coordinate_error(text: str) -> None:
    try:
        p = parse_coordinates(text)
    except CoordinateError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180
    assert p.precision_m > 0
