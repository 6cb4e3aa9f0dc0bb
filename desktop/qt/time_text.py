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


_SEASONS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Time", text)


def _edtf_date(value: str) -> str:
    """One EDTF date in words; the text itself when it is not one we can word."""
    qualifier = ""
    if value and value[-1] in "?~%":
        qualifier, value = value[-1], value[:-1]
    parts = value.split("-")
    words = value
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return value + qualifier  # unspecified digits (201X) and the like stay as written
    if len(numbers) == 1:
        words = str(numbers[0])
    elif len(numbers) == 2 and numbers[1] in _SEASONS:
        words = _tr("{season} {year}").format(season=_tr(_SEASONS[numbers[1]]),
                                             year=numbers[0])
    elif len(numbers) == 2 and 1 <= numbers[1] <= 12:
        words = _tr("{month} {year}").format(month=_tr(_MONTHS[numbers[1] - 1]),
                                            year=numbers[0])
    elif len(numbers) == 3 and 1 <= numbers[1] <= 12:
        words = _tr("{day} {month} {year}").format(
            day=numbers[2], month=_tr(_MONTHS[numbers[1] - 1]), year=numbers[0])
    if qualifier == "?":
        return _tr("{date} (uncertain)").format(date=words)
    if qualifier == "~":
        return _tr("about {date}").format(date=words)
    if qualifier == "%":
        return _tr("about {date} (uncertain)").format(date=words)
    return words


def edtf_label(text: str) -> str:
    """An EDTF date or interval in words: "2020-23" -> "autumn 2020",
    "2020-09-27/2020-11-10" -> "27 September 2020 – 10 November 2020", "2021~" ->
    "about 2021". Text it cannot word is shown as written."""
    text = text.strip()
    if not text:
        return ""
    if "/" in text:
        start, _, end = text.partition("/")
        first = _edtf_date(start) if start not in ("", "..") else _tr("open start")
        last = _edtf_date(end) if end not in ("", "..") else _tr("open end")
        return f"{first} – {last}"
    return _edtf_date(text)
