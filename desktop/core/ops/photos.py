"""Photo verbs that never touch the original: the analyst's notes and the view adjustments.

View adjustments (brightness, contrast, gamma, grayscale, invert, auto-levels, sharpen...)
are remembered per photo as a flat mapping of names to numbers, booleans or short text; the
viewer and exporters interpret them. Import and removal of photos live in
``desktop.core.ingest``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from db.base import Base
from db.models import Photo
from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes
from desktop.core.errors import ValidationError
from desktop.core.ops import entity
from desktop.core.ops.common import parse_text

PHOTO_FIELDS = ("notes", "view_adjustments")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def clean_adjustments(value: Any, path: str = "view_adjustments") -> dict[str, Any]:
    """A flat ``{name: number | bool | text}`` mapping, names in snake_case."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError("expected a mapping of adjustment names to values", path)
    out: dict[str, Any] = {}
    for name, setting in value.items():
        where = f"{path}.{name}"
        if not isinstance(name, str) or not _NAME.match(name):
            raise ValidationError("adjustment names are short snake_case words", where)
        if isinstance(setting, float) and not math.isfinite(setting):
            raise ValidationError("expected a finite number", where)
        if not isinstance(setting, bool | int | float | str) or (
            isinstance(setting, str) and len(setting) > 200
        ):
            raise ValidationError("expected a number, true/false or a short text", where)
        out[name] = setting
    return out


def _clean_photo(session: Session | None, fields: Mapping[str, Any],
                 existing: Base | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in fields.items():
        out[key] = clean_adjustments(value) if key == "view_adjustments" else parse_text(
            value, key)
    return out


PHOTO = entity.EntitySpec("photo", Photo, PHOTO_FIELDS, _clean_photo)


def update_photo(case: CaseFile, *, photo_id: int, **fields: Any) -> Changes:
    """Edit a photo's ``notes`` and/or ``view_adjustments`` (the original is untouched)."""
    return entity.update(case, PHOTO, photo_id, fields)


def set_photo_notes(case: CaseFile, *, photo_id: int, notes: str) -> Changes:
    """Replace the analyst's notes on a photo."""
    return update_photo(case, photo_id=photo_id, notes=notes)


def set_view_adjustments(case: CaseFile, *, photo_id: int,
                         adjustments: Mapping[str, Any]) -> Changes:
    """Remember the view adjustments for a photo (replacing the previous ones)."""
    return update_photo(case, photo_id=photo_id, view_adjustments=dict(adjustments))
