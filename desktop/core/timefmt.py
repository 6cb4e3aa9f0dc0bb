"""How times are shown: every time says which clock it was read on.

Two kinds of time exist in a case:

- UTC times: when something was imported, exported or audited. Stored as aware UTC
  datetimes; shown as ``2026-12-01 21:04:48 UTC``; machine formats carry an offset.
- A photo's camera time (EXIF ``DateTimeOriginal``): the camera's own clock, in whatever zone
  it was set to. Stored as the camera wrote it (``2021-03-15T10:42:07``), with the offset
  when EXIF gave one (``OffsetTimeOriginal``, ``+04:00``). It is never converted to UTC
  without an offset, and is shown as camera time: ``2021-03-15 10:42:07 (camera time,
  UTC+04:00)`` or ``... (camera time, zone unknown)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

_CAMERA = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})([+-]\d{2}:\d{2}|Z)?$")


@dataclass(frozen=True)
class CameraTime:
    """A camera time split into the clock reading and the zone offset EXIF gave, if any."""

    local: str
    """``2021-03-15 10:42:07``: the reading of the camera's clock."""
    offset: str | None
    """``+04:00`` when EXIF said which offset the clock was on, else None."""

    @property
    def zone(self) -> str | None:
        """``UTC+04:00``, or None when the zone is unknown."""
        return None if self.offset is None else f"UTC{self.offset}"


def camera_time(taken_at: str | None) -> CameraTime | None:
    """Split a stored ``taken_at`` (``2021-03-15T10:42:07[+04:00]``); None when absent.

    Text in another shape (an older case) is kept whole as the clock reading, zone unknown.
    """
    if not taken_at:
        return None
    match = _CAMERA.match(taken_at.strip())
    if match is None:
        return CameraTime(taken_at.strip(), None)
    day, clock, offset = match.groups()
    if offset == "Z":
        offset = "+00:00"
    return CameraTime(f"{day} {clock}", offset)


def camera_time_text(taken_at: str | None, *, unknown: str = "") -> str:
    """``2021-03-15 10:42:07 (camera time, UTC+04:00)`` or ``... (camera time, zone
    unknown)`` in English (the CLI); ``unknown`` when there is no time."""
    found = camera_time(taken_at)
    if found is None:
        return unknown
    return f"{found.local} (camera time, {found.zone or 'zone unknown'})"


def utc_text(value: datetime | None, *, seconds: bool = True, unknown: str = "") -> str:
    """``2026-12-01 21:04:48 UTC`` (a naive value is taken to be UTC already)."""
    if value is None:
        return unknown
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S UTC" if seconds else "%Y-%m-%d %H:%M UTC")


def format_utc(value: datetime | None) -> str:
    """An aware time as ISO 8601 in UTC with ``Z`` (``""`` for none), e.g. obtained-at."""
    if value is None:
        return ""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
