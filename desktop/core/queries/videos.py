"""The videos of a case and the frames saved from them, as plain data."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Photo, Video, VideoFrame


@dataclass(frozen=True)
class FrameInfo:
    """A frame saved as a photo."""

    photo_id: int
    photo_label: str
    index: int
    time_s: float
    digest: str
    pixel_format: str


@dataclass(frozen=True)
class VideoInfo:
    """A video of the case, with its frames in order."""

    id: int
    label: str
    file_name: str
    sha256: str
    ext: str
    codec: str
    width: int
    height: int
    duration_s: float | None
    frame_rate: float | None
    created_at: str | None
    gps_lat: float | None
    gps_lon: float | None
    frames: tuple[FrameInfo, ...]

    def as_json(self) -> dict[str, Any]:
        """Every field, frames as a list."""
        return {**asdict(self), "frames": [asdict(f) for f in self.frames]}


def list_videos(session: Session) -> list[VideoInfo]:
    """Every video by label number, with the frames saved from it (two queries)."""
    frames: dict[int, list[FrameInfo]] = {}
    rows = session.execute(
        select(VideoFrame.video_id, Photo.id, Photo.label, VideoFrame.frame_index,
               VideoFrame.time_s, VideoFrame.digest, VideoFrame.pixel_format)
        .join(Photo, Photo.id == VideoFrame.photo_id)
        .order_by(VideoFrame.frame_index))
    for video_id, photo_id, label, index, time_s, digest, pixel_format in rows:
        frames.setdefault(video_id, []).append(
            FrameInfo(photo_id, label, index, time_s, digest, pixel_format))
    return [VideoInfo(v.id, v.label, v.file_name, v.sha256, v.ext, v.codec, v.width,
                      v.height, v.duration_s, v.frame_rate, v.created_at, v.gps_lat, v.gps_lon,
                      tuple(frames.get(v.id, ())))
            for v in session.scalars(select(Video).order_by(Video.id))]


def frame_of_photo(session: Session, photo_id: int) -> tuple[FrameInfo, VideoInfo] | None:
    """The frame a photo is, and its video (None for a photo that is not a frame)."""
    frame = session.scalar(select(VideoFrame).where(VideoFrame.photo_id == photo_id))
    if frame is None:
        return None
    video = next(v for v in list_videos(session) if v.id == frame.video_id)
    info = next(f for f in video.frames if f.photo_id == photo_id)
    return info, video
