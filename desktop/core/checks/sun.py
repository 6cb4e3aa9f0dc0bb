"""The sun's position at a place and moment, for comparing shadows in a photo.

``astral`` implements the NOAA solar-position equations; the test compares it with the
published example of NREL's Solar Position Algorithm (Reda & Andreas 2004).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from astral import Observer
from astral.sun import zenith_and_azimuth


@dataclass(frozen=True)
class SunPosition:
    """Degrees: azimuth clockwise from true north, elevation above the horizon (with
    atmospheric refraction, as shadows show it)."""

    azimuth: float
    elevation: float


def sun_position(lat: float, lon: float, when: datetime) -> SunPosition:
    """The sun seen from (lat, lon) at ``when`` (timezone-aware)."""
    if when.tzinfo is None:
        raise ValueError("the time must carry its time zone")
    zenith, azimuth = zenith_and_azimuth(Observer(latitude=lat, longitude=lon), when,
                                         with_refraction=True)
    return SunPosition(round(float(azimuth), 2), round(90.0 - float(zenith), 2))


def describe(sun: SunPosition) -> str:
    """``azimuth 194.3° (SSW), elevation 39.9°`` with a word for night or twilight."""
    points = ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W",
              "WNW", "NW", "NNW"]
    point = points[round(sun.azimuth / 22.5) % 16]
    text = f"azimuth {sun.azimuth:.1f}° ({point}), elevation {sun.elevation:.1f}°"
    if sun.elevation < -18:
        return f"{text}: night"
    if sun.elevation < -0.833:
        return f"{text}: twilight, sun below the horizon"
    return text
