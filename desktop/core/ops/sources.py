"""Source verbs: where claims were published.

A source may carry captured text and/or an attached file (PDF, HTML, image...) stored in
the case's originals store under its SHA-256, like a photo; attached files are never
altered or removed from the store (detaching only clears the reference). Deleting a source
keeps its claims and clears their reference; restoring puts it back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from db.base import Base
from db.models import Citation, Claim, Photo, Source
from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes
from desktop.core.errors import UserError, ValidationError
from desktop.core.ops import entity
from desktop.core.ops.common import Snapshot, check_fields, parse_date, parse_text
from desktop.core.store import sha256_file

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_SHA = re.compile(r"^[0-9a-f]{64}$")
_EXT = re.compile(r"^[a-z0-9]{1,16}$")
SOURCE_FIELDS = ("title", "publisher", "url", "language", "published_on", "retrieved_on",
                 "text", "notes", "file_sha256", "file_name", "file_ext")


def _clean_source(session: Session | None, fields: Mapping[str, Any],
                  existing: Base | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "title":
            out[key] = parse_text(value, key, required=True)
        elif key in ("published_on", "retrieved_on"):
            out[key] = parse_date(value, key)
        elif key == "language":
            text = parse_text(value, key).strip()
            if text and not _LANGUAGE.match(text):
                raise ValidationError(f"{text!r} is not a language tag like fr, ru, hy or az",
                                      key)
            out[key] = text
        elif key == "url":
            text = parse_text(value, key).strip()
            if any(ch.isspace() for ch in text):
                raise ValidationError("a URL cannot contain spaces or line breaks", key)
            out[key] = text
        elif key == "file_sha256":
            if value is not None and not (isinstance(value, str) and _SHA.match(value)):
                raise ValidationError("expected a lowercase SHA-256 hex digest", key)
            out[key] = value
        elif key == "file_ext":
            if value is not None and not (isinstance(value, str) and _EXT.match(value)):
                raise ValidationError("expected a short lowercase file extension", key)
            out[key] = value
        elif key == "file_name":
            out[key] = None if value is None else parse_text(value, key)
        else:
            out[key] = parse_text(value, key)
    if existing is None and "title" not in out:
        raise ValidationError("must not be empty", "title")
    return out


SOURCE = entity.EntitySpec("source", Source, SOURCE_FIELDS, _clean_source,
                           referrers=((Claim, "source_id"), (Photo, "source_id"),
                                      (Citation, "source_id")))


def store_attachment(case: CaseFile, path: str | Path) -> dict[str, str]:
    """Copy a file into the case store; returns ``file_sha256``, ``file_name``, ``file_ext``.

    Storing is idempotent and content-addressed, so it happens before (and outside) the
    transaction that refers to the file; if that transaction fails, the stored copy is an
    unreferenced original, which the store tolerates.
    """
    source = Path(path)
    if not source.is_file():
        raise UserError(f"{source} is not a file")
    ext = source.suffix.lstrip(".").lower()
    if not _EXT.match(ext):
        ext = "bin"
    try:
        sha = sha256_file(source)
    except OSError as exc:
        raise UserError(f"cannot read {source.name}: {exc.strerror or exc}") from exc
    case.originals.put_file(source, sha, ext)
    return {"file_sha256": sha, "file_name": source.name, "file_ext": ext}


def create_source(case: CaseFile, *, title: str, file: str | Path | None = None,
                  **fields: Any) -> tuple[int, Changes]:
    """Add a source. ``fields``: publisher, url, language (BCP 47), published_on,
    retrieved_on (ISO dates), text, notes. ``file`` is copied into the case store."""
    values = {"title": title, **fields}
    check_fields(values, SOURCE_FIELDS, "source")
    _clean_source(None, values, None)  # refuse bad input before storing any file
    if file is not None:
        values.update(store_attachment(case, file))
    return entity.create(case, SOURCE, values)


def update_source(case: CaseFile, *, source_id: int, **fields: Any) -> Changes:
    """Edit a source's fields (see ``create_source``; file fields as stored values)."""
    sha = fields.get("file_sha256")
    if sha is not None and not case.originals.contains(sha, str(fields.get("file_ext", ""))):
        raise UserError("that attached file is not in the case store")
    return entity.update(case, SOURCE, source_id, fields)


def attach_source_file(case: CaseFile, *, source_id: int, path: str | Path) -> Changes:
    """Store ``path`` in the case and attach it to the source (replacing any previous one)."""
    return entity.update(case, SOURCE, source_id, store_attachment(case, path))


def delete_source(case: CaseFile, *, source_id: int) -> tuple[Snapshot, Changes]:
    """Delete a source; its claims stay, without a source."""
    return entity.delete(case, SOURCE, source_id)


def restore_source(case: CaseFile, *, snapshot: Snapshot) -> Changes:
    """Undo ``delete_source``."""
    return entity.restore(case, SOURCE, snapshot)
