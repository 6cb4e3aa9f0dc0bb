"""Citations: the place in a source a location or a marking link was found at.

``cite`` validates a citation (from a scanner finding: ``citation_of``) and inserts it,
with its audit event, inside the caller's write transaction, so a location and its
citation are created, and undone, together. Citations are never edited; deleting what they
cite detaches them (the entity verbs' referrers) and restoring re-attaches them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from db.models import Citation, Link, Location, Source
from desktop.core.casefile import CaseFile
from desktop.core.errors import ValidationError
from desktop.core.ops.common import row_dict
from desktop.core.scan import FoundCoordinate, FoundMarking

MAX_QUOTE_CHARS = 500
ORIGINS = ("text", "file")
_FIELDS = ("source_id", "origin", "file_sha256", "page", "line", "start_char", "end_char",
           "found_text", "quote", "region")


def citation_of(found: FoundCoordinate | FoundMarking, *, source_id: int,
                file_sha256: str | None = None,
                region: tuple[int, int, int, int] | None = None) -> dict[str, Any]:
    """The citation of a scanner finding in a source's captured text (``file_sha256``
    None) or in the text of its attached file; ``region`` (x, y, w, h) for OCR text."""
    return {"source_id": source_id, "origin": "file" if file_sha256 else "text",
            "file_sha256": file_sha256, "page": found.page, "line": found.line,
            "start_char": found.start, "end_char": found.end,
            "found_text": found.text[:MAX_QUOTE_CHARS], "quote": found.quote[:MAX_QUOTE_CHARS],
            "region": list(region) if region is not None else None}


def _count(value: Any, key: str, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError("expected a whole number of 0 or more", f"citation.{key}")
    return value


def _clean(session: Session, fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(_FIELDS))
    if unknown:
        raise ValidationError("is not a citation field", f"citation.{unknown[0]}")
    source_id = fields.get("source_id")
    if not isinstance(source_id, int) or session.get(Source, source_id) is None:
        raise ValidationError(f"there is no source with id {source_id}", "citation.source_id")
    return {"source_id": source_id,
            **clean_citation({k: v for k, v in fields.items() if k != "source_id"})}


def clean_citation(fields: Mapping[str, Any], prefix: str = "citation") -> dict[str, Any]:
    """Validate a citation's own fields (everything but what it cites and its source);
    a ``ValidationError`` names the column, after ``prefix.`` when a prefix is given."""
    try:
        return _clean_fields(fields)
    except ValidationError as exc:
        column = exc.path.removeprefix("citation.")
        raise ValidationError(exc.reason, f"{prefix}.{column}" if prefix else column) from None


def _clean_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    origin = fields.get("origin")
    if origin not in ORIGINS:
        raise ValidationError('must be "text" or "file"', "citation.origin")
    sha = fields.get("file_sha256")
    if (origin == "file") != isinstance(sha, str):
        raise ValidationError("a file citation names the file's SHA-256, a text one none",
                              "citation.file_sha256")
    out = {"origin": origin, "file_sha256": sha,
           "page": _count(fields.get("page"), "page", optional=True),
           "line": _count(fields.get("line"), "line"),
           "start_char": _count(fields.get("start_char"), "start_char"),
           "end_char": _count(fields.get("end_char"), "end_char")}
    if out["end_char"] < out["start_char"]:
        raise ValidationError("the span ends before it starts", "citation.end_char")
    region = fields.get("region")
    if region is not None and not (
            isinstance(region, list | tuple) and len(region) == 4
            and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in region)):
        raise ValidationError("expected [x, y, width, height] in whole pixels",
                              "citation.region")
    out["region"] = list(region) if region is not None else None
    for key in ("found_text", "quote"):
        value = fields.get(key)
        if not isinstance(value, str) or len(value) > MAX_QUOTE_CHARS:
            raise ValidationError(f"expected text of at most {MAX_QUOTE_CHARS} characters",
                                  f"citation.{key}")
        out[key] = value
    return out


def cite(case: CaseFile, session: Session, fields: Mapping[str, Any], *,
         location: Location | None = None, link: Link | None = None) -> int:
    """Insert a citation of ``location`` or ``link`` in the open write transaction, audited
    as ``citation.create``; returns its id."""
    values = _clean(session, fields)
    row = Citation(**values, location_id=location.id if location is not None else None,
                   link_id=link.id if link is not None else None)
    session.add(row)
    session.flush()
    after = {k: v for k, v in row_dict(row).items() if k != "id"}
    case.audit(session, "citation.create", "citation", int(row.id), {"after": after})
    return int(row.id)
