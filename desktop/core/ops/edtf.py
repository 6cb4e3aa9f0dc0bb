"""A small validator for the EDTF dates a claim can be about (ISO 8601-2, levels 0 and 1).

Accepted: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, a date and time ``YYYY-MM-DDThh:mm:ss``
(optionally ``Z`` or ``+hh:mm``), seasons ``YYYY-21`` .. ``YYYY-24`` (spring, summer,
autumn, winter), unspecified digits (``201X``, ``2020-XX``, ``2020-11-XX``), the
qualifiers ``?`` (uncertain), ``~`` (approximate) and ``%`` (both) after a date, and
intervals ``a/b`` whose ends are dates, ``..`` (open) or empty
(unknown). An interval's start may not come after its end. Anything else is refused with a
sentence saying why. (Written here rather than depending on a package: the full EDTF
grammar is far larger than what a claim needs.)
"""

from __future__ import annotations

import re
from datetime import date, datetime

from desktop.core.errors import ValidationError

_DATE = re.compile(r"^(?P<year>-?\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?"
                   r"(?P<qualifier>[?~%])?$")
# unspecified digits (level 1): 201X, 20XX, 2004-XX, 2004-06-XX, 2004-XX-XX
_UNSPECIFIED = re.compile(r"^(?P<year>\d{2}(?:\d\d|\dX|XX))(?:-(?P<month>\d\d|XX)"
                          r"(?:-(?P<day>\d\d|XX))?)?(?P<qualifier>[?~%])?$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})?$")
_DMY = re.compile(r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}$")
SEASONS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}


def validate_edtf(text: str, path: str = "about_when") -> str:
    """``text`` stripped if it is valid EDTF (or empty); otherwise ``ValidationError``."""
    if not isinstance(text, str):
        raise ValidationError(f"expected EDTF text, got {type(text).__name__}", path)
    value = text.strip()
    if not value:
        return ""
    if _DMY.match(value):
        raise ValidationError(f"{value!r} looks like day/month/year; write YYYY-MM-DD", path)
    if "/" in value:
        parts = value.split("/")
        if len(parts) != 2:
            raise ValidationError(f"{value!r} has more than one '/'", path)
        start, end = parts
        if start in ("", "..") and end in ("", ".."):
            raise ValidationError("an interval needs at least one known end", path)
        lo = None if start in ("", "..") else _bounds(start, path)[0]
        hi = None if end in ("", "..") else _bounds(end, path)[1]
        if lo is not None and hi is not None and lo > hi:
            raise ValidationError(f"the interval {value!r} ends before it starts", path)
        return value
    _bounds(value, path)
    return value


def _bounds(value: str, path: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """Earliest and latest (year, month, day) a single EDTF date can mean."""
    if _DATETIME.match(value):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError(f"{value!r} is not a real date and time", path) from None
        moment_day = (moment.year, moment.month, moment.day)
        return moment_day, moment_day
    match = _DATE.match(value)
    if match is None and "X" in value and (loose := _UNSPECIFIED.match(value)):
        return _unspecified(value, loose, path)
    if match is None:
        raise ValidationError(
            f"{value!r} is not an EDTF date; use e.g. 2021-03-15, 2020-23 (autumn 2020) or "
            "2020-09-27/2020-11-10", path)
    year = int(match["year"])
    if match["month"] is None:
        return (year, 1, 1), (year, 12, 31)
    month = int(match["month"])
    if match["day"] is None:
        if month in SEASONS:
            first = 3 + (month - 21) * 3  # spring from March; winter runs into next year
            last_year, last = (year + 1, 2) if month == 24 else (year, first + 2)
            return (year, first, 1), (last_year, last, 28)
        if not 1 <= month <= 12:
            raise ValidationError(
                f"{value!r}: month must be 01-12 (or 21-24 for a season)", path)
        return (year, month, 1), (year, month, 31)
    day = int(match["day"])
    if year < 1:
        return (year, month, day), (year, month, day)
    try:
        date(year, month, day)
    except ValueError:
        raise ValidationError(f"{value!r} is not a real calendar date", path) from None
    return (year, month, day), (year, month, day)


def _unspecified(value: str, match: re.Match[str], path: str
                 ) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """Bounds of a date with unspecified (X) digits; the known parts are still checked."""
    year, month, day = match["year"], match["month"], match["day"]
    if "X" in year and ((month and month != "XX") or (day and day != "XX")):
        raise ValidationError(f"{value!r}: a month or day needs a known year", path)
    if month == "XX" and day and day != "XX":
        raise ValidationError(f"{value!r}: a day needs a known month", path)
    lo_year, hi_year = int(year.replace("X", "0")), int(year.replace("X", "9"))
    if month in (None, "XX"):
        return (lo_year, 1, 1), (hi_year, 12, 31)
    if not 1 <= int(month) <= 12:
        raise ValidationError(f"{value!r}: month must be 01-12", path)
    return (lo_year, int(month), 1), (hi_year, int(month), 31)
