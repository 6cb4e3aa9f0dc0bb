"""Photo verbs that never touch the original: the analyst's notes, the view adjustments and
the provenance (who took the photo, who provided it, how and when it was obtained; checked
in ``desktop.core.ops.provenance``).

View adjustments (brightness, contrast, gamma, grayscale, invert, autolevels, sharpen; see
``desktop.core.adjustments``) are remembered per photo, only the non-neutral values; the
viewer and exporters apply them. Import and removal of photos live in
``desktop.core.ingest``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from db.base import Base
from db.models import Photo
from desktop.core.adjustments import NEUTRAL, normalize_adjustments
from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes
from desktop.core.errors import ValidationError
from desktop.core.ops import entity
from desktop.core.ops.common import check_fields, parse_text
from desktop.core.ops.provenance import PROVENANCE_FIELDS, clean_provenance

PHOTO_FIELDS = ("notes", "view_adjustments", *PROVENANCE_FIELDS)


def clean_adjustments(value: Any, path: str = "view_adjustments") -> dict[str, Any]:
    """Checked adjustments (``desktop.core.adjustments``), keeping only non-neutral values
    so that ``{}`` means "as shot"."""
    try:
        normal = normalize_adjustments(value)
    except ValidationError as exc:
        where = f"{path}.{exc.path}" if exc.path else path
        raise ValidationError(exc.reason, where) from None
    return {k: v for k, v in normal.items() if v != NEUTRAL[k]}


def _clean_photo(session: Session | None, fields: Mapping[str, Any],
                 existing: Base | None) -> dict[str, Any]:
    out: dict[str, Any] = clean_provenance(session, fields)
    for key, value in fields.items():
        if key == "view_adjustments":
            out[key] = clean_adjustments(value)
        elif key == "notes":
            out[key] = parse_text(value, key)
    return out


PHOTO = entity.EntitySpec("photo", Photo, PHOTO_FIELDS, _clean_photo)


def update_photo(case: CaseFile, *, photo_id: int, **fields: Any) -> Changes:
    """Edit a photo's ``notes``, ``view_adjustments`` and/or provenance fields (see
    ``desktop.core.ops.provenance``); the original is untouched. One audit event
    ``photo.update`` with before/after; a refused value changes nothing."""
    return entity.update(case, PHOTO, photo_id, fields)


def set_photo_provenance(case: CaseFile, *, photo_id: int, **fields: Any) -> Changes:
    """Edit provenance fields only: ``taken_by``, ``provided_by``, ``acquisition``
    (unknown|received|downloaded|taken_by_team), ``original_url``, ``obtained_at`` (ISO 8601
    with an offset or Z, or an aware datetime), ``source_id``."""
    check_fields(fields, PROVENANCE_FIELDS, "photo's provenance")
    return update_photo(case, photo_id=photo_id, **fields)


def set_photo_notes(case: CaseFile, *, photo_id: int, notes: str) -> Changes:
    """Replace the analyst's notes on a photo."""
    return update_photo(case, photo_id=photo_id, notes=notes)


def set_view_adjustments(case: CaseFile, *, photo_id: int,
                         adjustments: Mapping[str, Any]) -> Changes:
    """Remember the view adjustments for a photo (replacing the previous ones)."""
    return update_photo(case, photo_id=photo_id, view_adjustments=dict(adjustments))
