"""Location verbs: points with a kind, a precision, the raw text they came from, and names.

Coordinates typed or pasted by the user go through ``desktop.core.geo.parse_coordinates``;
the raw text, the detected notation and the precision it implies are stored next to the
parsed latitude/longitude. A camera position read from EXIF is created from numbers
(``lat``/``lon``) with ``kind="camera"`` and ``photo_id``. Deleting a location deletes the
links to it; restoring puts them back.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from db.base import Base
from db.models import Citation, Location, LocationKind, Photo
from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes, Ref
from desktop.core.errors import ValidationError
from desktop.core.geo import CoordinateError, parse_coordinates
from desktop.core.ops import citations, entity
from desktop.core.ops.common import Snapshot, parse_enum, parse_number, parse_text

LOCATION_FIELDS = ("name", "aliases", "lat", "lon", "kind", "precision_m", "raw_text",
                   "notation", "note", "photo_id")


def coordinate_fields(text: str, path: str = "coordinates") -> dict[str, Any]:
    """Parse free text into the stored columns ``lat``, ``lon``, ``raw_text``, ``notation``
    and ``precision_m``; ``ValidationError`` (at ``path``) says why text is refused."""
    try:
        parsed = parse_coordinates(text)
    except CoordinateError as exc:
        raise ValidationError(exc.reason, path) from None
    return {"lat": parsed.lat, "lon": parsed.lon, "raw_text": parsed.raw,
            "notation": str(parsed.notation), "precision_m": parsed.precision_m}


def clean_aliases(value: Any, path: str = "aliases") -> list[str]:
    """A list of distinct, non-blank names (order kept, surrounding spaces removed)."""
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValidationError("expected a list of names", path)
    out: list[str] = []
    for i, name in enumerate(value):
        text = parse_text(name, f"{path}[{i}]", required=True).strip()
        if text not in out:
            out.append(text)
    return out


def _clean_location(session: Session | None, fields: Mapping[str, Any],
                    existing: Base | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "lat":
            out[key] = float(parse_number(value, key))
            if not -90 <= out[key] <= 90:
                raise ValidationError(f"latitude {value} is beyond ±90", key)
        elif key == "lon":
            out[key] = float(parse_number(value, key))
            if not -180 <= out[key] <= 180:
                raise ValidationError(f"longitude {value} is beyond ±180", key)
        elif key == "precision_m":
            if value is not None:
                value = float(parse_number(value, key))
                if value <= 0 or not math.isfinite(value):
                    raise ValidationError("precision must be a positive number of metres",
                                          key)
            out[key] = value
        elif key == "kind":
            out[key] = parse_enum(LocationKind, value, key)
        elif key == "aliases":
            out[key] = clean_aliases(value, key)
        elif key == "photo_id":
            if value is not None and (session is None or session.get(Photo, value) is None):
                raise ValidationError(f"there is no photo with id {value}", key)
            out[key] = value
        else:
            out[key] = parse_text(value, key)
    if existing is None and ("lat" not in out or "lon" not in out):
        raise ValidationError("a location needs coordinates", "coordinates")
    return out


LOCATION = entity.EntitySpec("location", Location, LOCATION_FIELDS, _clean_location,
                             link_columns=("to_location_id",),
                             referrers=((Citation, "location_id"),))


def _expand(fields: dict[str, Any]) -> dict[str, Any]:
    text = fields.pop("coordinates", None)
    if text is not None:
        parsed = coordinate_fields(text)
        if fields.get("precision_m") is not None:
            parsed.pop("precision_m")
        fields = {**parsed, **fields}
    return fields


def create_location(
    case: CaseFile,
    *,
    coordinates: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    name: str = "",
    aliases: list[str] | tuple[str, ...] = (),
    kind: LocationKind | str = LocationKind.CLAIMED,
    precision_m: float | None = None,
    note: str = "",
    photo_id: int | None = None,
    citation: Mapping[str, Any] | None = None,
) -> tuple[int, Changes]:
    """Add a location from free-text ``coordinates`` (parsed; raw text kept) or ``lat``/
    ``lon``. An explicit ``precision_m`` overrides the precision the text implies.
    ``citation`` (``citations.citation_of``) records where in a source it was found, in the
    same transaction."""
    fields: dict[str, Any] = {"name": name, "aliases": aliases, "kind": kind,
                              "note": note, "photo_id": photo_id}
    if precision_m is not None:
        fields["precision_m"] = precision_m
    if coordinates is not None:
        if lat is not None or lon is not None:
            raise ValidationError("give coordinates as text or as lat/lon, not both",
                                  "coordinates")
        fields["coordinates"] = coordinates
    elif lat is not None or lon is not None:
        fields.update(lat=lat, lon=lon, notation="decimal")
    if citation is None:
        return entity.create(case, LOCATION, _expand(fields))
    with case.write_session() as session:
        location_id, changes = entity.create(case, LOCATION, _expand(fields))
        citation_id = citations.cite(case, session, citation,
                                     location=session.get(Location, location_id))
    return location_id, changes | Changes.of(created=[Ref("citation", citation_id)])


def update_location(case: CaseFile, *, location_id: int, **fields: Any) -> Changes:
    """Edit name, aliases, kind, precision_m, note, or the point: ``coordinates`` (text,
    parsed) or the stored columns ``lat``, ``lon``, ``raw_text``, ``notation``."""
    return entity.update(case, LOCATION, location_id, _expand(dict(fields)))


def delete_location(case: CaseFile, *, location_id: int) -> tuple[Snapshot, Changes]:
    """Delete a location and the links to it."""
    return entity.delete(case, LOCATION, location_id)


def restore_location(case: CaseFile, *, snapshot: Snapshot) -> Changes:
    """Undo ``delete_location``."""
    return entity.restore(case, LOCATION, snapshot)
