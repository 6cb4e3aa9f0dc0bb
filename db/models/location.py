"""Locations: points with a kind, a precision and the raw text they were parsed from."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, new_uid
from db.models.enums import LocationKind, db_enum
from db.models.versioned import Versioned
from db.types import JSONText


class Location(Versioned, Base):
    """A WGS 84 point. ``photo_id`` is set for a camera position read from a photo's EXIF."""

    __tablename__ = "location"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    label: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(Text, default="")
    aliases: Mapped[list[str]] = mapped_column(JSONText, default=list)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    kind: Mapped[LocationKind] = mapped_column(db_enum(LocationKind, "location_kind"))
    precision_m: Mapped[float | None] = mapped_column(Float)
    raw_text: Mapped[str] = mapped_column(Text, default="")
    notation: Mapped[str] = mapped_column(String(32), default="")
    photo_id: Mapped[int | None] = mapped_column(
        ForeignKey("photo.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")
