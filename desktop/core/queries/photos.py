"""Read side for photos: frozen ``PhotoInfo`` DTOs, never ORM objects.

Pixel sizes are as displayed (after EXIF orientation): annotation geometry uses that frame.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Subquery

from db.models import Annotation, Photo
from desktop.core.timefmt import camera_time


@dataclass(frozen=True)
class PhotoInfo:
    """One photo as views, exports and ``fragment photos --json`` see it."""

    id: int
    uid: str
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
            "id": self.id, "sha256": self.sha256, "file_name": self.file_name,
            "format": self.format, "width": self.width, "height": self.height,
            "orientation": self.orientation, "taken_at": self.taken_at,
            "taken_at_offset": taken.offset if taken else None,
            "imported_at": self.imported_at.astimezone(UTC).isoformat(timespec="seconds")
            if self.imported_at else None,
            "camera": {"make": self.camera_make, "model": self.camera_model},
            "gps": gps, "flags": list(self.flags),
        }


def _info(photo: Photo, annotation_count: int) -> PhotoInfo:
    return PhotoInfo(
        id=photo.id, uid=photo.uid, sha256=photo.sha256, file_name=photo.file_name,
        source_path=photo.source_path, format=photo.format, ext=photo.ext,
        byte_size=photo.byte_size, width=photo.width, height=photo.height,
        orientation=photo.orientation, taken_at=photo.taken_at,
        camera_make=photo.camera_make, camera_model=photo.camera_model, lens=photo.lens,
        gps_lat=photo.gps_lat, gps_lon=photo.gps_lon, gps_alt=photo.gps_alt,
        gps_direction=photo.gps_direction, flags=tuple(photo.flags or ()),
        imported_at=photo.imported_at, imported_by=photo.imported_by, notes=photo.notes,
        annotation_count=annotation_count,
        view_adjustments=MappingProxyType(dict(photo.view_adjustments or {})),
    )


def _counts() -> Subquery:
    return (select(Annotation.photo_id, func.count(Annotation.id).label("n"))
            .group_by(Annotation.photo_id).subquery())


def list_photos(session: Session) -> list[PhotoInfo]:
    """Every photo of the case, in import order."""
    counts = _counts()
    rows = session.execute(
        select(Photo, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.photo_id == Photo.id)
        .order_by(Photo.id)
    ).all()
    return [_info(photo, int(n)) for photo, n in rows]


def get_photo(session: Session, photo_id: int) -> PhotoInfo | None:
    """One photo by id, or None when there is no such photo."""
    photo = session.get(Photo, photo_id)
    if photo is None:
        return None
    count = session.scalar(
        select(func.count(Annotation.id)).where(Annotation.photo_id == photo_id)) or 0
    return _info(photo, int(count))


def get_photo_by_sha256(session: Session, sha256: str) -> PhotoInfo | None:
    """One photo by the SHA-256 of its original, or None."""
    photo_id = session.scalar(select(Photo.id).where(Photo.sha256 == sha256.lower()))
    return None if photo_id is None else get_photo(session, photo_id)
