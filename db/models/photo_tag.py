"""Tags on photos: short free-text words an investigator files photos under."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, new_uid

TAG_MAX_CHARS = 64


class PhotoTag(Base):
    """One tag on one photo. ``tag`` is as typed (trimmed); ``tag_key`` is its case-folded
    form, unique per photo, so "Motor" and "motor" are one tag on a photo."""

    __tablename__ = "photo_tag"
    __table_args__ = (UniqueConstraint("photo_id", "tag_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    photo_id: Mapped[int] = mapped_column(ForeignKey("photo.id", ondelete="CASCADE"))
    tag: Mapped[str] = mapped_column(String(TAG_MAX_CHARS))
    tag_key: Mapped[str] = mapped_column(String(TAG_MAX_CHARS * 3), index=True)
