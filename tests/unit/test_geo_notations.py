"""The notations of field notes and other tools: d/deg/D degrees, m/s letters, single
Cyrillic hemisphere letters, a spaced minus, hyphen separators, Arabic and Persian
hemisphere words with Eastern Arabic digits. Each in both hemispheres, each round-tripped
with the formatter, and the refusals that keep the parser from guessing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.geo import (
    CoordinateError,
    distance_m,
    format_ddm,
    format_decimal,
    format_dms,
    parse_coordinates,
)

D = 47 + 12.5 / 60  # 47°12.500'
DMS_LAT = 12 + 4 / 60 + 33 / 3600
DMS_LON = 30 + 10 / 60 + 5 / 3600
HYPHEN_LAT = 50 + 27 / 60 + 3 / 3600
HYPHEN_LON = 30 + 31 / 60 + 24 / 3600


@pytest.mark.parametrize(
    ("text", "lat", "lon", "notation"),
    [
        ("47d12.500'N 30d31.200'E", D, 30.52, "ddm"),
        ("47d12.500'S 30d31.200'W", -D, -30.52, "ddm"),
        ("47deg 12.500' N, 30 deg 31.2' E", D, 30.52, "ddm"),
        ("47D12.500'S 30D31.200'W", -D, -30.52, "ddm"),
        ("47 degrees 12.500' N, 30 degrees 31.2' E", D, 30.52, "ddm"),
        ("12d 04m 33s N 30d 10m 5s E", DMS_LAT, DMS_LON, "dms"),
        ("12d04m33sS 30d10m05sW", -DMS_LAT, -DMS_LON, "dms"),
        ("12d 04m 33s, -30d 10m 5s", DMS_LAT, -DMS_LON, "dms"),
        ("48.51 С, 35.04 В", 48.51, 35.04, "decimal"),
        ("48.51 Ю, 35.04 З", -48.51, -35.04, "decimal"),
        ("С 48.51 З 35.04", 48.51, -35.04, "decimal"),
        ("48°30′ ю 35°02′ в", -48.5, 35 + 2 / 60, "ddm"),
        ("- 31.2041, 150.3", -31.2041, 150.3, "decimal"),
        ("31.2041, - 150.3", 31.2041, -150.3, "decimal"),
        ("− 31.2041, + 150.3", -31.2041, 150.3, "decimal"),
        ("50-27-03N 30-31-24E", HYPHEN_LAT, HYPHEN_LON, "dms"),
        ("50-27-03S, 30-31-24W", -HYPHEN_LAT, -HYPHEN_LON, "dms"),
        ("N50-27-03 W30-31-24", HYPHEN_LAT, -HYPHEN_LON, "dms"),
        ("٣٣٫٨٩٠ شمالاً، ٣٥٫٥٠٠ شرقاً", 33.89, 35.5, "decimal"),
        ("٣٣٫٨٩٠ جنوباً، ٣٥٫٥٠٠ غرباً", -33.89, -35.5, "decimal"),
        ("خط العرض ٣٣°٥٣′ شمال، خط الطول ٣٥°٣٠′ شرق", 33 + 53 / 60, 35.5, "ddm"),
        ("۳۵٫۶۸ شمالی ۵۱٫۳۹ شرقی", 35.68, 51.39, "decimal"),
        ("عرض جنوبی ۳۵°۴۱′ طول غربی ۵۱°۲۳′", -(35 + 41 / 60), -(51 + 23 / 60), "ddm"),
    ],
)
def test_field_note_notations(text: str, lat: float, lon: float, notation: str) -> None:
    p = parse_coordinates(text)
    assert (p.lat, p.lon) == pytest.approx((lat, lon), abs=1e-9)
    assert p.notation == notation
    assert p.raw == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("39.5 - 46.5", "could be a minus sign or a separator"),
        ("39°45' - 46°44'", "could be a minus sign or a separator"),
        ("50-27-03 30-31-24", "without degree marks or hemisphere letters"),
        ("48.51 С, 35.04 Ю", "conflicting hemispheres"),
        ("48.51 С", "only one hemisphere letter"),
        ("- 48.51 С, 35.04 В", "both a minus sign and a hemisphere letter"),
        ("47d61'N 30d0'E", "minutes must be below 60"),
        ("12d 04m 60s N 30d 10m 5s E", "seconds must be below 60"),
        ("٩١٫٥ شمالاً، ٣٥٫٥ شرقاً", "beyond ±90°"),
        ("٣٣٫٨٩ شمالاً، ٣٥٫٥ شمالاً", "conflicting hemispheres"),
        ("12d 04m 33s", "a lone number"),
        ("- - 31.2, 150", "not part of a coordinate"),
    ],
)
def test_new_notations_still_refuse(text: str, reason: str) -> None:
    with pytest.raises(CoordinateError, match=reason):
        parse_coordinates(text)


def test_mgrs_band_d_is_not_a_degree_sign() -> None:
    p = parse_coordinates("31DCH11")
    assert p.notation == "mgrs"


lats = st.floats(min_value=-90, max_value=90, allow_nan=False)
lons = st.floats(min_value=-180, max_value=180, allow_nan=False)
_EASTERN = str.maketrans("0123456789.", "٠١٢٣٤٥٦٧٨٩٫")
_PERSIAN = str.maketrans("0123456789.", "۰۱۲۳۴۵۶۷۸۹٫")
_CYRILLIC = str.maketrans("NSEW", "СЮВЗ")
_ARABIC_WORDS = {"N": " شمالاً", "S": " جنوباً", "E": " شرقاً", "W": " غرباً"}
_PERSIAN_WORDS = {"N": " شمالی", "S": " جنوبی", "E": " شرقی", "W": " غربی"}


def _close(text: str, lat: float, lon: float, notation: str) -> None:
    p = parse_coordinates(text)
    assert p.notation == notation, text
    assert distance_m(p.lat, p.lon, lat, lon) <= p.precision_m + 1e-6, text


def _words(formatted: str, words: dict[str, str], digits: dict[int, str]) -> str:
    return "".join(words.get(c, c) for c in formatted.translate(digits))


@settings(max_examples=120, deadline=None)
@given(lats, lons, st.integers(min_value=0, max_value=3))
def test_letter_marks_roundtrip(lat: float, lon: float, places: int) -> None:
    dms = format_dms(lat, lon, places)
    _close(dms.replace("°", "d ").replace("'", "m ").replace('"', "s "), lat, lon, "dms")
    _close(dms.replace("°", "d").replace("'", "m").replace('"', "s"), lat, lon, "dms")
    ddm = format_ddm(lat, lon, places + 1)
    _close(ddm.replace("°", "deg "), lat, lon, "ddm")
    _close(ddm.replace("°", "D"), lat, lon, "ddm")


@settings(max_examples=120, deadline=None)
@given(lats, lons, st.integers(min_value=0, max_value=3))
def test_cyrillic_letters_and_hyphens_roundtrip(lat: float, lon: float, places: int) -> None:
    dms = format_dms(lat, lon, places)
    _close(dms.translate(_CYRILLIC), lat, lon, "dms")
    _close(format_ddm(lat, lon, places).translate(_CYRILLIC), lat, lon, "ddm")
    hyphens = dms.replace("°", "-").replace("'", "-").replace('"', "")
    _close(hyphens, lat, lon, "dms")


@settings(max_examples=120, deadline=None)
@given(lats, lons, st.integers(min_value=0, max_value=8))
def test_spaced_minus_roundtrip(lat: float, lon: float, places: int) -> None:
    spaced = format_decimal(lat, lon, places).replace("-", "- ")
    _close(spaced, lat, lon, "decimal")


@settings(max_examples=120, deadline=None)
@given(lats, lons, st.integers(min_value=0, max_value=3))
def test_arabic_and_persian_roundtrip(lat: float, lon: float, places: int) -> None:
    dms = format_dms(lat, lon, places)
    _close(_words(dms, _ARABIC_WORDS, _EASTERN), lat, lon, "dms")
    _close(_words(dms, _PERSIAN_WORDS, _PERSIAN), lat, lon, "dms")
    ddm = format_ddm(lat, lon, places)
    _close(_words(ddm, _ARABIC_WORDS, _EASTERN).replace("ً ", "ً، ", 1), lat, lon, "ddm")
