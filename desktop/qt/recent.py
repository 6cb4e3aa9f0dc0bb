"""Recently opened cases, remembered in ``QSettings`` (most recent first)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings

KEY = "recent/cases"
LAST_KEY = "recent/last_open"
MAX_RECENT = 10


def recent_cases(settings: QSettings | None = None) -> list[Path]:
    """Case folders opened recently that still exist, most recent first."""
    settings = settings or QSettings()
    raw = settings.value(KEY, [])
    items = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list) else []
    return [Path(p) for p in items if isinstance(p, str) and Path(p).is_dir()]


def add_recent_case(path: Path, settings: QSettings | None = None) -> list[Path]:
    """Put ``path`` first in the list (without duplicates) and return the new list."""
    settings = settings or QSettings()
    resolved = path.resolve()
    items = [resolved, *(p for p in recent_cases(settings) if p.resolve() != resolved)]
    items = items[:MAX_RECENT]
    settings.setValue(KEY, [str(p) for p in items])
    return items


def clear_recent_cases(settings: QSettings | None = None) -> None:
    """Forget every recent case."""
    (settings or QSettings()).remove(KEY)


def set_last_open(path: Path | None, settings: QSettings | None = None) -> None:
    """Remember the case open when the window closed (None: none was open)."""
    settings = settings or QSettings()
    if path is None:
        settings.remove(LAST_KEY)
    else:
        settings.setValue(LAST_KEY, str(path.resolve()))


def last_open(settings: QSettings | None = None) -> Path | None:
    """The case that was open when the application last closed, if it still exists."""
    value = (settings or QSettings()).value(LAST_KEY, "")
    return Path(value) if isinstance(value, str) and value and Path(value).is_dir() else None


def _case_key(path: Path) -> str:
    """A settings group for one case folder (its resolved path, hashed: keys stay plain)."""
    return "cases/" + hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:24]


def set_case_value(path: Path, name: str, value: object,
                   settings: QSettings | None = None) -> None:
    """Remember one view setting of a case (its photo filter, sort, last photo, title)."""
    (settings or QSettings()).setValue(f"{_case_key(path)}/{name}", value)


def case_value(path: Path, name: str, default: str = "",
               settings: QSettings | None = None) -> str:
    """A view setting remembered for a case, as text (``default`` when there is none)."""
    value = (settings or QSettings()).value(f"{_case_key(path)}/{name}", default)
    return value if isinstance(value, str) else str(value)
