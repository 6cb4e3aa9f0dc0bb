"""Videos kept as originals, and the frames of them saved as photos."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, new_uid, utcnow
from db.types import UTCDateTime


class Video(Base):
    """An original video, identified by the SHA-256 of its bytes (kept in the store).

    The container's own metadata is recorded as read when it was added: creation time as
    the container wrote it, GPS from an ISO 6709 atom, the encoder.
    """

    __tablename__ = "video"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    label: Mapped[str] = mapped_column(String(16), unique=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(Text)
    source_path: Mapped[str] = mapped_column(Text, default="")
    ext: Mapped[str] = mapped_column(String(16))
    byte_size: Mapped[int] = mapped_column(Integer)
    container: Mapped[str] = mapped_column(String(64))
    codec: Mapped[str] = mapped_column(String(32))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    duration_s: Mapped[float | None] = mapped_column(Float)
    frame_rate: Mapped[float | None] = mapped_column(Float)
    frame_count: Mapped[int | None] = mapped_column(Integer)
    encoder: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str | None] = mapped_column(String(40))  # as the container wrote it
    gps_lat: Mapped[float | None] = mapped_column(Float)
    gps_lon: Mapped[float | None] = mapped_column(Float)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(200), default="")


class VideoFrame(Base):
    """A photo of the case that is a frame of a video: which frame, and its identity.

    ``digest`` is the SHA-256 of the frame's decoded planes (``desktop.core.video``);
    anyone holding the video can decode frame ``frame_index`` again and compare.
    """

    __tablename__ = "video_frame"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    photo_id: Mapped[int] = mapped_column(
        ForeignKey("photo.id", ondelete="CASCADE"), unique=True)
    video_id: Mapped[int] = mapped_column(
        ForeignKey("video.id", ondelete="RESTRICT"), index=True)
    frame_index: Mapped[int] = mapped_column(Integer)
    time_s: Mapped[float] = mapped_column(Float)
    pts: Mapped[int | None] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))
    pixel_format: Mapped[str] = mapped_column(String(32))
    decoder: Mapped[str] = mapped_column(Text, default="")
