"""Times in a photo's metadata: camera time with its zone, GPS time (UTC), claimed dates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

_GPS_TIME_RE = re.compile(r"^\[\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)(?:/(\d+))?\s*\]$")
_GPS_DATE_RE = re.compile(r"^(\d{4})[:\-](\d{2})[:\-](\d{2})")
_EXIF_TIME_RE = re.compile(r"^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})")
_EDTF_DATE_RE = re.compile(r"(?<!\d)(\d{4})(?:-(\d{2}|XX))?(?:-(\d{2}|XX))?(?!\d)")


def parse_taken_at(taken_at: str | None) -> datetime | None:
    """The ISO camera time (with or without a zone), or None."""
    if not taken_at:
        return None
    try:
        return datetime.fromisoformat(taken_at)
    except ValueError:
        return None


def exif_time(value: str | None) -> datetime | None:
    """``2008:11:01 21:15:07`` -> a naive datetime, or None."""
    match = _EXIF_TIME_RE.match(value or "")
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def gps_utc(tags: Mapping[str, str]) -> datetime | None:
    """The GPS receiver's time (always UTC), from GPSDateStamp and GPSTimeStamp."""
    day = _GPS_DATE_RE.match(tags.get("GPS GPSDate", "").strip())
    clock = _GPS_TIME_RE.match(tags.get("GPS GPSTimeStamp", "").strip())
    if not day or not clock:
        return None
    hours, minutes, secs, denom = clock.groups()
    seconds = int(secs) / int(denom or 1)
    try:
        return (datetime(int(day[1]), int(day[2]), int(day[3]), tzinfo=UTC)
                + timedelta(hours=int(hours), minutes=int(minutes), seconds=seconds))
    except ValueError:
        return None


def capture_utc(taken_at: str | None, tags: Mapping[str, str]) -> tuple[datetime | None, str]:
    """The capture moment in UTC and where it came from, or (None, why not)."""
    camera = parse_taken_at(taken_at)
    if camera is not None and camera.tzinfo is not None:
        return camera.astimezone(UTC), "camera time with its recorded UTC offset"
    gps = gps_utc(tags)
    if gps is not None:
        return gps, "GPS time (UTC)"
    if camera is None:
        return None, "no capture time"
    return None, "the camera time has no time zone and there is no GPS time"


def edtf_start(text: str) -> date | None:
    """The first day an EDTF date or interval can mean (``2021-03`` -> 1 March 2021)."""
    match = _EDTF_DATE_RE.search(text or "")
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return date(int(year), int(month) if month and month != "XX" else 1,
                    int(day) if day and day != "XX" else 1)
    except ValueError:
        return None
