"""Photo provenance: who took a photo, who provided it, how and when it was obtained, from
which web address and with which source (the first questions of a chain-of-custody review,
as the Berkeley Protocol asks them).

The checks here are shared by the photo update verb, the import options
(``fragment add --taken-by ...`` and the Import dialog) and the interchange loader, so a
value is accepted or refused the same way everywhere:

- ``original_url`` is an ``http://`` or ``https://`` address, or empty;
- ``obtained_at`` is an ISO 8601 time with an offset or ``Z`` (a time without one is
  refused: it would be stored as a guess), not in the future, stored in UTC;
- ``source_id`` names a source of the case (the CLI also accepts its label, ``S1``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Source
from db.models.enums import Acquisition
from desktop.core.casefile import CaseFile
from desktop.core.errors import ValidationError
from desktop.core.labels import is_label
from desktop.core.ops.common import parse_enum, parse_text

PROVENANCE_FIELDS = ("taken_by", "provided_by", "acquisition", "original_url", "obtained_at",
                     "source_id")
TIME_EXAMPLE = "2021-03-16T09:30:00+04:00"


def parse_obtained_at(value: Any, path: str = "obtained_at", *,
                      now: datetime | None = None) -> datetime | None:
    """An aware UTC datetime from ISO 8601 text with an offset or ``Z`` (or an aware
    ``datetime``); None or empty text for unknown. Naive and future times are refused."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(f"{value.strip()!r} is not an ISO 8601 time like "
                                  f"{TIME_EXAMPLE}", path) from None
    else:
        raise ValidationError(f"expected an ISO 8601 time like {TIME_EXAMPLE}", path)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValidationError(f"needs a time zone: add Z for UTC or an offset, as in "
                              f"{TIME_EXAMPLE}", path)
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:
        raise ValidationError("is out of range", path) from None
    if moment > (now or datetime.now(UTC)):
        raise ValidationError("is in the future", path)
    return moment


def parse_original_url(value: Any, path: str = "original_url") -> str:
    """An ``http``/``https`` address with a host, or ``""``."""
    text = parse_text(value, path).strip()
    if not text:
        return ""
    if any(ch.isspace() for ch in text):
        raise ValidationError("a URL cannot contain spaces or line breaks", path)
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        host = None
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not host:
        raise ValidationError("must be an http:// or https:// address, or empty", path)
    return text


def parse_source_id(session: Session | None, value: Any, path: str = "source_id") -> int | None:
    """A source id of the case (checked when ``session`` is given), or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"expected a source id, got {value!r}", path)
    if session is not None and session.get(Source, value) is None:
        raise ValidationError(f"there is no source with id {value}", path)
    return value


def resolve_source(session: Session, text: str, path: str = "source") -> int:
    """The id of the source named by ``text``: its label (``S1``) or its id (``3``)."""
    wanted = text.strip()
    if is_label(wanted, "source"):
        found = session.scalar(select(Source.id).where(Source.label == wanted.upper()))
        if found is None:
            raise ValidationError(f"there is no source labelled {wanted.upper()}", path)
        return int(found)
    if wanted.isdigit():
        source_id = parse_source_id(session, int(wanted), path)
        assert source_id is not None
        return source_id
    raise ValidationError(f"{wanted!r} is neither a source label like S1 nor a source id",
                          path)


def clean_provenance(session: Session | None, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Validated column values for the provenance keys of ``fields`` (others ignored)."""
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key in ("taken_by", "provided_by"):
            out[key] = parse_text(value, key).strip()
        elif key == "acquisition":
            out[key] = Acquisition.UNKNOWN if value in (None, "") else parse_enum(
                Acquisition, value, key)
        elif key == "original_url":
            out[key] = parse_original_url(value, key)
        elif key == "obtained_at":
            out[key] = parse_obtained_at(value, key)
        elif key == "source_id":
            out[key] = parse_source_id(session, value, key)
    return out


_OPTION_NAMES = {"taken_by": "--taken-by", "provided_by": "--provided-by",
                 "acquisition": "--acquisition", "original_url": "--url",
                 "obtained_at": "--obtained-at", "source": "--source"}


def import_provenance(case: CaseFile, *, taken_by: str | None = None,
                      provided_by: str | None = None, acquisition: str | None = None,
                      url: str | None = None, obtained_at: str | None = None,
                      source: str | int | None = None) -> dict[str, Any]:
    """Check the provenance given for an import (``None``: not given) and return the
    column values to set on every photo it imports. ``source`` is a label (``S1``) or an
    id. Errors name the command-line option (``--obtained-at: needs a time zone ...``)."""
    given = {"taken_by": taken_by, "provided_by": provided_by, "acquisition": acquisition,
             "original_url": url, "obtained_at": obtained_at}
    fields = {k: v for k, v in given.items() if v is not None}
    with case.read_session() as session:
        try:
            values = clean_provenance(session, fields)
            if source is not None and str(source).strip():
                values["source_id"] = (parse_source_id(session, source, "source")
                                       if isinstance(source, int)
                                       else resolve_source(session, str(source)))
        except ValidationError as exc:
            key = exc.path.split(".")[0]
            raise ValidationError(exc.reason, _OPTION_NAMES.get(key, key)) from None
    return values
