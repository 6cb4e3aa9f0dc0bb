"""Precision is printed as the source gave it, never finer (a press release reads it)."""

from __future__ import annotations

import pytest

from desktop.core.geo import parse_coordinates, precision_phrase


@pytest.mark.parametrize(("text", "expected"), [
    ("39°45'38\"N 46°44'33\"E", "to the second: about 30 m"),
    ("39°45'38.1\"N 46°44'33.9\"E", "to 1/10 second: about 3 m"),
    ("39°45'38.12\"N 46°44'33.93\"E", "to 1/100 second: under 1 m as written"),
    ("39°45.6'N 46°44.5'E", "to 1/10 minute: about 200 m"),
    ("39°45'N 46°44'E", "to the minute: about 2 km"),
    ("39.7606, 46.7427", "to 0.0001°: about 10 m"),
    ("39.76, 46.74", "to 0.01°: about 1 km"),
    ("40, 46", "to the degree: about 100 km"),
    ("38S MB 123 678", "to a 100 m MGRS grid square"),
    ("https://www.openstreetmap.org/#map=17/39.7606/46.7427", "to 0.0001°: about 10 m"),
])
def test_phrase_of_parsed_text(text: str, expected: str) -> None:
    parsed = parse_coordinates(text)
    assert precision_phrase(parsed.notation, parsed.precision_m) == expected


def test_never_finer_than_a_metre() -> None:
    for places in range(2, 8):
        phrase = precision_phrase("dms", 30.87 * 10.0**-places)
        assert phrase.endswith("under 1 m as written") and "0." not in phrase


def test_camera_stated_unknown_and_french() -> None:
    assert precision_phrase("exif", 5.0, kind="camera") == "camera reports ±5 m"
    assert precision_phrase("decimal", 250.0) == "±250 m (stated)"
    assert precision_phrase("", None) == "not stated"
    assert precision_phrase("dms", 30.87, lang="fr") == "à la seconde\u00a0: environ 30 m"
    assert precision_phrase("exif", 2.5, kind="camera", lang="fr") == "l’appareil indique ±2,5 m"
    assert precision_phrase("decimal", 11.132, lang="fr") == "à 0,0001°\u00a0: environ 10 m"
    assert (precision_phrase("dms", 0.3087, lang="fr")
            == "au 1/100 de seconde\u00a0: moins de 1 m tel qu’écrit")
