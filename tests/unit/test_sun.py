"""The sun's position against published values, and the light-versus-sun finding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from desktop.core.checks.facts import PhotoFacts
from desktop.core.checks.rules import findings_for
from desktop.core.checks.sun import describe, sun_position


def test_agrees_with_the_nrel_spa_published_example() -> None:
    # Reda & Andreas, "Solar Position Algorithm for Solar Radiation Applications" (NREL,
    # 2004), table A5.1: Golden, Colorado, 17 October 2003 12:30:30 at UTC-7. Published:
    # topocentric azimuth 194.34024°, zenith 50.11162° (elevation 39.88838°).
    golden = datetime(2003, 10, 17, 12, 30, 30, tzinfo=timezone(timedelta(hours=-7)))
    sun = sun_position(39.742476, -105.1786, golden)
    assert sun.azimuth == pytest.approx(194.34024, abs=0.05)
    assert sun.elevation == pytest.approx(39.88838, abs=0.1)


def test_geometry_of_solstice_and_equinox() -> None:
    # June solstice: the sun passes almost overhead at the Tropic of Cancer at local noon.
    solstice = sun_position(23.44, 0.0, datetime(2021, 6, 21, 12, 2, tzinfo=UTC))
    assert solstice.elevation > 89.5
    # Equinox at the North Pole: the sun skims the horizon all day.
    pole = sun_position(89.999, 0.0, datetime(2021, 3, 20, 18, 0, tzinfo=UTC))
    assert abs(pole.elevation) < 1.0
    # Midnight in Shusha in March: deep night, described as such.
    night = sun_position(39.7605833, 46.74275, datetime(2021, 3, 15, 20, 0, tzinfo=UTC))
    assert night.elevation < -18 and describe(night).endswith("night")


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        sun_position(0, 0, datetime(2021, 1, 1))


def _facts(taken_at: str, luma: float) -> PhotoFacts:
    return PhotoFacts(id=1, label="P1", taken_at=taken_at, tags={"Image Model": "X",
                      "EXIF DateTimeOriginal": "2021:03:15 12:00:00"}, flags=(),
                      gps=(39.7605833, 46.74275), gps_precision_m=None, phash="0" * 16,
                      thumb_distance=None, mean_luma=luma, credentials=None,
                      fingerprint_problem="")


def test_dark_picture_with_the_sun_high_is_a_finding_and_a_bright_night_too() -> None:
    noon = {f.kind: f for f in findings_for(_facts("2021-03-15T12:00:00+04:00", 0.05))}
    assert noon["light_vs_sun"].severity == "warning"
    assert "dark" in noon["light_vs_sun"].explanation
    assert noon["sun_position"].details["elevation"] > 40
    midnight = {f.kind: f for f in findings_for(_facts("2021-03-15T23:30:00+04:00", 0.6))}
    assert "daylight" in midnight["light_vs_sun"].explanation
    fine = {f.kind for f in findings_for(_facts("2021-03-15T12:00:00+04:00", 0.5))}
    assert "light_vs_sun" not in fine and "sun_position" in fine
    # Without a zone or GPS time the moment is unknown: no sun position is claimed.
    assert "sun_position" not in {f.kind for f in findings_for(
        _facts("2021-03-15T12:00:00", 0.05))}
