"""The coordinate parser on the notations seen in the wild, and on what it must reject."""

from __future__ import annotations

import pytest

from desktop.core.errors import ValidationError
from desktop.core.geo import CoordinateError, parse_coordinates
from tests.conftest import ARTICLE

SHUSHA_1 = (39 + 45 / 60 + 38.10 / 3600, 46 + 44 / 60 + 33.90 / 3600)
SHUSHA_2 = (39 + 45 / 60 + 27.80 / 3600, 46 + 45 / 60 + 25.80 / 3600)


@pytest.mark.parametrize(
    ("text", "notation"),
    [
        ("39 ° 45’38.10 « N 46 ° 44’33.90 » E", "dms"),  # as printed in the seed article
        ("39°45'38.10\"N 46°44'33.90\"E", "dms"),
        ("39°45′38.10″N, 46°44′33.90″E", "dms"),
        ("39º45’38,10”N 46˚44’33,90”E", "dms"),
        ("39°45'38.10''N 46°44'33.90''E", "dms"),
        ("N 39°45'38.10\" E 46°44'33.90\"", "dms"),
        ("46°44'33.90\"E 39°45'38.10\"N", "dms"),  # longitude first, the letters say so
        ("39 45 38.10 N 46 44 33.90 E", "dms"),
        ("39°45'38.10\" 46°44'33.90\"", "dms"),
        ("３９°４５'３８.１０\"Ｎ ４６°４４'３３.９０\"Ｅ", "dms"),  # full-width digits (NFKC)
        ("39°45.635'N 46°44.565'E", "ddm"),
        ("39°45,635'N 46°44,565'E", "ddm"),
        ("39.7605833, 46.7427500", "decimal"),
        ("39.7605833° N, 46.74275° E", "decimal"),
        ("N39.7605833 E46.74275", "decimal"),
        ("39,7605833, 46,74275", "decimal"),
        ("39.7605833,46.74275", "decimal"),
        ("lat: 39.7605833 lon: 46.74275", "decimal"),
        ("39°45'38.10\" с. ш. 46°44'33.90\" в. д.", "dms"),
        ("39°45'38.10\" с.ш. 46°44'33.90\" в.д.", "dms"),
        ("39°45'38.10\" пн. ш. 46°44'33.90\" сх. д.", "dms"),
        ("38SPK4928302637", "mgrs"),
        ("38S PK 49283 02637", "mgrs"),
        ("38spk 49283 02637", "mgrs"),
        ("https://www.openstreetmap.org/#map=18/39.76058/46.74275", "osm_link"),
        ("https://www.openstreetmap.org/?mlat=39.76058&mlon=46.74275#map=18/39.76058/46.74275",
         "osm_link"),
        ("https://www.google.com/maps/@39.7605833,46.74275,17z", "google_link"),
        ("https://www.google.com/maps/place/Shusha/@39.7605833,46.74275,800m/data=!3m1",
         "google_link"),
    ],
)
def test_first_debris_site_in_every_notation(text: str, notation: str) -> None:
    p = parse_coordinates(text)
    assert p.notation == notation
    assert p.raw == text
    assert p.lat == pytest.approx(SHUSHA_1[0], abs=2e-5)
    assert p.lon == pytest.approx(SHUSHA_1[1], abs=2e-5)


def test_seed_article_prints_the_first_debris_site() -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    snippet = "39 ° 45’38.10 « N 46 ° 44’33.90 » E"
    assert snippet in article
    p = parse_coordinates(snippet)
    assert (p.lat, p.lon) == pytest.approx(SHUSHA_1)


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("33°52'S 151°12'E", -(33 + 52 / 60), 151.2),
        ("-33.8667, 151.2", -33.8667, 151.2),
        ("S 33.8667 W 70.5", -33.8667, -70.5),
        ("70.5W 33.8667S", -33.8667, -70.5),
        ("33°52′ ю. ш. 70°30′ з. д.", -(33 + 52 / 60), -70.5),
        ("33°52′ пд. ш. 70°30′ зх. д.", -(33 + 52 / 60), -70.5),
        ("0, 0", 0.0, 0.0),
        ("90, 180", 90.0, 180.0),
        ("−12.5, −45.25", -12.5, -45.25),  # the Unicode minus sign
    ],
)
def test_signs_and_hemispheres(text: str, lat: float, lon: float) -> None:
    p = parse_coordinates(text)
    assert (p.lat, p.lon) == pytest.approx((lat, lon))


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("39.7606, 46.7428", 11.132),  # 4 decimal places ~ 11 m
        ("39.760583, 46.742750", 0.11132),
        ("39, 46", 111_320),
        ("39°45.6'N 46°44.6'E", 185.2),
        ("39°45'38.1\"N 46°44'33.9\"E", 3.087),  # 0.1 second ~ 3 m
        ("39°45'38\"N 46°44'34\"E", 30.87),
        ("38SPK4928302637", 1.0),  # 5-digit MGRS = 1 m
        ("38SPK49280263", 10.0),
        ("38SPK4902", 1000.0),
        ("39.76, 46.742750", 1113.2),  # the coarser of the two
    ],
)
def test_precision_follows_the_digits_given(text: str, precision: float) -> None:
    assert parse_coordinates(text).precision_m == pytest.approx(precision, rel=1e-3)


def test_short_mgrs_is_the_centre_of_its_square() -> None:
    fine = parse_coordinates("38SPK4950002500")
    coarse = parse_coordinates("38SPK4902")
    assert (coarse.lat, coarse.lon) == pytest.approx((fine.lat, fine.lon), abs=1e-5)


def test_second_debris_site() -> None:
    p = parse_coordinates("39°45'27.80\"N 46°45'25.80\"E")
    assert (p.lat, p.lon) == pytest.approx(SHUSHA_2)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no coordinates"),
        ("   ", "no coordinates"),
        ("91, 46", "latitude 91 is beyond ±90°"),
        ("-90.5, 46", "beyond ±90°"),
        ("39, 181", "longitude 181 is beyond ±180°"),
        ("N 91°00' E 46°", "beyond ±90°"),
        ("39°61'N 46°E", "minutes must be below 60"),
        ("39°45'60\"N 46°44'33\"E", "seconds must be below 60"),
        ("39°45'61.5\"N 46°44'33\"E", "seconds must be below 60"),
        ("39.7605833", "lone number"),
        ("39°45'38\"N", "only one hemisphere letter"),
        ("39.5N 46.5N", "conflicting hemispheres"),
        ("39.5E 46.5W", "conflicting hemispheres"),
        ("39.5 NW", "more than one hemisphere"),
        ("39.5 N W", "no number"),
        ("38SMB", "no easting and northing digits"),
        ("38S MB", "no easting and northing digits"),
        ("38SPK492830263", "same number of easting and northing digits"),
        ("NaN, 46", "finite"),
        ("39, inf", "finite"),
        ("39.5 - 46.5", "not part of a coordinate"),
        ("S -39.5 E 46", "both a minus sign and a hemisphere letter"),
        ("39.5.1, 46", "not a number"),
        ("39.5°30'N 46°E", "only the last number"),
        ("39\"30'N 46°E", "does not start with degrees"),
        ("39°30'15'N 46°E", "out of order"),
        ("1, 2, 3", "one comma"),
        ("39 46 47", "two decimal numbers"),
        ("hello world", "not part of a coordinate"),
        ("https://goo.gl/maps/abc", "no coordinates in it"),
        ("https://www.openstreetmap.org/relation/123", "no coordinates in it"),
        ("https://www.google.com/maps/@91.0,46.0,17z", "beyond ±90°"),
        ("1" * 600, "too long"),
    ],
)
def test_rejections_say_why(text: str, reason: str) -> None:
    with pytest.raises(CoordinateError) as info:
        parse_coordinates(text)
    assert reason in str(info.value)
    assert isinstance(info.value, ValidationError)
    assert "\n" not in str(info.value)
