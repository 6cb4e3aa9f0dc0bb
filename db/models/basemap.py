"""Offline basemaps a user added to a case: MBTiles files kept in the case store."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, new_uid, utcnow
from db.types import UTCDateTime


class CaseBasemap(Base):
    """A raster tileset shown under the locations. The file lives in the originals store
    under its SHA-256; name, attribution, bounds and zooms are read from it when added."""

    __tablename__ = "case_basemap"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    name: Mapped[str] = mapped_column(Text)
    attribution: Mapped[str] = mapped_column(Text, default="")
    file_sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(Text)
    file_ext: Mapped[str] = mapped_column(String(16))
    tile_format: Mapped[str] = mapped_column(String(8))
    west: Mapped[float] = mapped_column(Float)
    south: Mapped[float] = mapped_column(Float)
    east: Mapped[float] = mapped_column(Float)
    north: Mapped[float] = mapped_column(Float)
    min_zoom: Mapped[int] = mapped_column(Integer)
    max_zoom: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
