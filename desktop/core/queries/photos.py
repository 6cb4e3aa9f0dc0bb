"""Read side for photos: frozen ``PhotoInfo`` DTOs, never ORM objects.

Pixel sizes are as displayed (after EXIF orientation): annotation geometry uses that frame.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType, SimpleNamespace
from typing import Any

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Subquery

from db.models import Annotation, Photo, Source
from desktop.core.queries.tags import tags_by_photo
from desktop.core.timefmt import camera_time, format_utc


@dataclass(frozen=True)
class PhotoInfo:
    """One photo as views, exports and ``fragment photos --json`` see it."""

    id: int
    uid: str
    label: str
    """The stable label (P7): assigned at import, never changed or reused."""
    sha256: str
    file_name: str
    source_path: str
    format: str
    ext: str
    byte_size: int
    width: int
    height: int
    orientation: int | None
    taken_at: str | None
    camera_make: str | None
    camera_model: str | None
    lens: str | None
    gps_lat: float | None
    gps_lon: float | None
    gps_alt: float | None
    gps_direction: float | None
    flags: tuple[str, ...]
    imported_at: datetime
    imported_by: str
    notes: str
    annotation_count: int
    #: The view adjustments remembered for this photo (empty: neutral). Not part of hashing.
    view_adjustments: Mapping[str, Any] = field(default_factory=dict, hash=False)
    # Provenance ("" / None / "unknown" where not recorded); see desktop.core.ops.provenance.
    taken_by: str = ""
    provided_by: str = ""
    acquisition: str = "unknown"
    original_url: str = ""
    obtained_at: datetime | None = None
    source_id: int | None = None
    source_label: str = ""
    source_title: str = ""
    version: int = 0
    """The stored edit counter (see ``ClaimInfo.version``)."""
    tags: tuple[str, ...] = ()
    """The photo's tags, sorted without case (``desktop.core.ops.tags``)."""

    @property
    def store_path(self) -> str:
        """The original's path relative to the case folder (POSIX separators)."""
        sha = self.sha256
        return f"originals/{sha[:2]}/{sha[2:4]}/{sha}.{self.ext}"

    @property
    def has_gps(self) -> bool:
        """True when the photo carries a valid camera position."""
        return self.gps_lat is not None and self.gps_lon is not None

    def as_json(self) -> dict[str, Any]:
        """The ``fragment photos --json`` shape (contract keys only).

        ``taken_at`` is camera time as EXIF wrote it (with its offset when EXIF gave one,
        repeated in ``taken_at_offset``, else null: the zone is unknown); ``imported_at``
        is UTC with its offset.
        """
        gps = ({"lat": self.gps_lat, "lon": self.gps_lon, "alt": self.gps_alt}
               if self.has_gps else None)
        taken = camera_time(self.taken_at)
        return {
            "id": self.id, "label": self.label, "sha256": self.sha256, "file_name": self.file_name,
            "format": self.format, "width": self.width, "height": self.height,
            "orientation": self.orientation, "taken_at": self.taken_at,
            "taken_at_offset": taken.offset if taken else None,
            "imported_at": self.imported_at.astimezone(UTC).isoformat(timespec="seconds")
            if self.imported_at else None,
            "camera": {"make": self.camera_make, "model": self.camera_model},
            "gps": gps, "flags": list(self.flags), "provenance": self.provenance_json(),
            "tags": list(self.tags),
        }

    def provenance_json(self) -> dict[str, Any]:
        """Provenance as JSON: obtained_at in UTC with ``Z``; obtained_at and source null when
        not recorded."""
        source = ({"id": self.source_id, "label": self.source_label,
                   "title": self.source_title} if self.source_id is not None else None)
        return {
            "taken_by": self.taken_by, "provided_by": self.provided_by,
            "acquisition": self.acquisition, "original_url": self.original_url,
            "obtained_at": format_utc(self.obtained_at) or None, "source": source,
        }


@dataclass(frozen=True)
class SourceChoice:
    """A source as a provenance editor offers it: ``S1 — title``."""

    id: int
    label: str
    title: str

    @property
    def text(self) -> str:
        """``label — title`` (the title alone for a source without a label)."""
        return f"{self.label} — {self.title}" if self.label else self.title


def source_choices(session: Session) -> list[SourceChoice]:
    """Every source of the case, by label number (the sources a photo can come with)."""
    rows = session.execute(select(Source.id, Source.label, Source.title)).all()
    choices = [SourceChoice(int(i), label or "", title or "") for i, label, title in rows]
    return sorted(choices, key=lambda c: (len(c.label), c.label, c.id))


def _info(photo: Any, annotation_count: int,
          sources: Mapping[int, tuple[str, str]], tags: tuple[str, ...] = ()) -> PhotoInfo:
    source_label, source_title = sources.get(photo.source_id or -1, ("", ""))
    return PhotoInfo(
        id=photo.id, uid=photo.uid, label=photo.label, sha256=photo.sha256,
        file_name=photo.file_name,
        source_path=photo.source_path, format=photo.format, ext=photo.ext,
        byte_size=photo.byte_size, width=photo.width, height=photo.height,
        orientation=photo.orientation, taken_at=photo.taken_at,
        camera_make=photo.camera_make, camera_model=photo.camera_model, lens=photo.lens,
        gps_lat=photo.gps_lat, gps_lon=photo.gps_lon, gps_alt=photo.gps_alt,
        gps_direction=photo.gps_direction, flags=tuple(photo.flags or ()),
        imported_at=photo.imported_at, imported_by=photo.imported_by, notes=photo.notes,
        annotation_count=annotation_count,
        view_adjustments=MappingProxyType(dict(photo.view_adjustments or {})),
        taken_by=photo.taken_by or "",
        provided_by=photo.provided_by or "",
        acquisition=getattr(photo.acquisition, "value", photo.acquisition) or "unknown",
        original_url=photo.original_url or "", obtained_at=photo.obtained_at,
        source_id=photo.source_id, source_label=source_label, source_title=source_title,
        version=photo.version, tags=tags,
    )


def _sources(session: Session) -> dict[int, tuple[str, str]]:
    return {int(i): (label or "", title or "") for i, label, title in
            session.execute(select(Source.id, Source.label, Source.title))}


def _counts() -> Subquery:
    return (select(Annotation.photo_id, func.count(Annotation.id).label("n"))
            .group_by(Annotation.photo_id).subquery())


_LISTED = ("id", "uid", "label", "sha256", "file_name", "source_path", "format", "ext",
           "byte_size", "width", "height", "orientation", "taken_at", "camera_make",
           "camera_model", "lens", "gps_lat", "gps_lon", "gps_alt", "gps_direction", "flags",
           "imported_at", "imported_by", "notes", "view_adjustments", "taken_by",
           "provided_by", "acquisition", "original_url", "obtained_at", "source_id",
           "version")


def list_photos(session: Session) -> list[PhotoInfo]:
    """Every photo of the case, in import order.

    Reads the columns a ``PhotoInfo`` shows (not the EXIF dump) rather than ORM objects,
    and hands ``_info`` a plain namespace per row: over 10,000 photos this is several
    times faster than loading entities.
    """
    counts = _counts()
    table = Photo.__table__.c
    rows = session.execute(
        select(*(table[name] for name in _LISTED), func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.photo_id == Photo.id)
        .order_by(Photo.id)
    ).all()
    sources = _sources(session)
    tags = tags_by_photo(session)
    return [_info(SimpleNamespace(**dict(zip(_LISTED, row, strict=False))), int(row[-1]),
                  sources, tags.get(row[0], ())) for row in rows]


def photos_json(session: Session) -> list[dict[str, Any]]:
    """Every photo in the ``fragment photos --json`` shape (``PhotoInfo.as_json``), in import
    order, built straight from the columns the shape shows: no ``PhotoInfo`` and no
    annotation count per row, which over 10,000 photos cost several times the query."""
    table = Photo.__table__.c
    sources = _sources(session)
    # imported_at as its stored text: already UTC, so it needs no parsing (_utc_seconds)
    columns: list[ColumnElement[Any]] = [
        type_coerce(table[name], String) if name == "imported_at" else table[name]
        for name in _JSON_COLUMNS]
    rows = session.execute(select(*columns).order_by(Photo.id))
    tags = tags_by_photo(session)
    out = []
    for (photo_id, label, sha256, file_name, fmt, width, height, orientation, taken_at,
         imported_at, make, model, lat, lon, alt, flags, taken_by, provided_by, acquisition,
         original_url, obtained_at, source_id) in rows:
        taken = camera_time(taken_at)
        source = None
        if source_id is not None:
            source_label, source_title = sources.get(source_id, ("", ""))
            source = {"id": source_id, "label": source_label, "title": source_title}
        out.append({
            "id": photo_id, "label": label, "sha256": sha256, "file_name": file_name,
            "format": fmt, "width": width, "height": height, "orientation": orientation,
            "taken_at": taken_at, "taken_at_offset": taken.offset if taken else None,
            "imported_at": _utc_seconds(imported_at),
            "camera": {"make": make, "model": model},
            "gps": {"lat": lat, "lon": lon, "alt": alt}
            if lat is not None and lon is not None else None,
            "flags": list(flags or ()),
            "provenance": {
                "taken_by": taken_by or "", "provided_by": provided_by or "",
                "acquisition": getattr(acquisition, "value", acquisition) or "unknown",
                "original_url": original_url or "",
                "obtained_at": format_utc(obtained_at) or None, "source": source,
            },
            "tags": list(tags.get(photo_id, ())),
        })
    return out


def _utc_seconds(stored: str | None) -> str | None:
    """A stored UTC time (``UTCDateTime``'s text) as ISO 8601 to the second with its offset;
    the stored text is already UTC, so usually no parsing is needed."""
    if not stored:
        return None
    if len(stored) == 32 and stored.endswith("+00:00") and stored[19] == ".":
        return stored[:19] + "+00:00"
    return datetime.fromisoformat(stored).astimezone(UTC).isoformat(timespec="seconds")


def get_photo(session: Session, photo_id: int) -> PhotoInfo | None:
    """One photo by id, or None when there is no such photo."""
    photo = session.get(Photo, photo_id)
    if photo is None:
        return None
    count = session.scalar(
        select(func.count(Annotation.id)).where(Annotation.photo_id == photo_id)) or 0
    return _info(photo, int(count), _sources(session),
                 tags_by_photo(session, [photo_id]).get(photo_id, ()))


def get_photo_by_label(session: Session, label: str) -> PhotoInfo | None:
    """One photo by its label (``P7``, any case), or None."""
    photo_id = session.scalar(select(Photo.id).where(Photo.label == label.strip().upper()))
    return None if photo_id is None else get_photo(session, photo_id)


def get_photo_by_sha256(session: Session, sha256: str) -> PhotoInfo | None:
    """One photo by the SHA-256 of its original, or None."""
    photo_id = session.scalar(select(Photo.id).where(Photo.sha256 == sha256.lower()))
    return None if photo_id is None else get_photo(session, photo_id)
_JSON_COLUMNS = ("id", "label", "sha256", "file_name", "format", "width", "height",
                 "orientation", "taken_at", "imported_at", "camera_make", "camera_model",
                 "gps_lat", "gps_lon", "gps_alt", "flags", "taken_by", "provided_by",
                 "acquisition", "original_url", "obtained_at", "source_id")
