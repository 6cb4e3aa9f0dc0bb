"""The Photo aggregate: an imported original, identified by the SHA-256 of its bytes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, new_uid, utcnow
from db.models.enums import Acquisition, db_enum
from db.models.versioned import Versioned
from db.types import JSONText, UTCDateTime

if TYPE_CHECKING:
    from db.models.annotation import Annotation


class Photo(Versioned, Base):
    """An original photo. Pixel sizes are as displayed (after EXIF orientation)."""

    __tablename__ = "photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    label: Mapped[str] = mapped_column(String(16), unique=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(Text)
    source_path: Mapped[str] = mapped_column(Text, default="")
    ext: Mapped[str] = mapped_column(String(16))
    format: Mapped[str] = mapped_column(String(16))
    byte_size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    orientation: Mapped[int | None] = mapped_column(Integer)
    taken_at: Mapped[str | None] = mapped_column(String(40))  # ISO text as the camera wrote it
    camera_make: Mapped[str | None] = mapped_column(Text)
    camera_model: Mapped[str | None] = mapped_column(Text)
    lens: Mapped[str | None] = mapped_column(Text)
    gps_lat: Mapped[float | None] = mapped_column(Float)
    gps_lon: Mapped[float | None] = mapped_column(Float)
    gps_alt: Mapped[float | None] = mapped_column(Float)
    gps_direction: Mapped[float | None] = mapped_column(Float)
    flags: Mapped[list[str]] = mapped_column(JSONText, default=list)
    exif: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)
    view_adjustments: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # Provenance: who took it, who provided it, how and when it was obtained, from where.
    taken_by: Mapped[str] = mapped_column(Text, default="")
    provided_by: Mapped[str] = mapped_column(Text, default="")
    acquisition: Mapped[Acquisition] = mapped_column(
        db_enum(Acquisition, "acquisition"), default=Acquisition.UNKNOWN
    )
    original_url: Mapped[str] = mapped_column(Text, default="")
    obtained_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("source.id", ondelete="SET NULL"), index=True
    )

    annotations: Mapped[list[Annotation]] = relationship(
        back_populates="photo", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Annotation.number",
    )
