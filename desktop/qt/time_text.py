"""Times as the GUI shows them, each saying its clock (see ``desktop.core.timefmt``).

UTC times end in "UTC"; a photo's EXIF time is "camera time" with the zone EXIF gave, or
"zone unknown". Strings go through Qt's translation (context "Time").
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from desktop.core.timefmt import camera_time, utc_text


def camera_time_label(taken_at: str | None, unknown: str = "") -> str:
    """"2021-03-15 10:42:07 (camera time, UTC+04:00)" or "… (camera time, zone unknown)"."""
    found = camera_time(taken_at)
    if found is None:
        return unknown
    if found.zone is None:
        return QCoreApplication.translate("Time", "{time} (camera time, zone unknown)").format(
            time=found.local)
    return QCoreApplication.translate("Time", "{time} (camera time, {zone})").format(
        time=found.local, zone=found.zone)


def utc_label(value: datetime | None, unknown: str = "") -> str:
    """"2026-12-01 21:04:48 UTC"."""
    return utc_text(value, unknown=unknown)
