"""Videos as evidence: container metadata, a poster frame, and frames extracted exactly.

PyAV (FFmpeg in its wheel) does the demuxing and decoding. A frame is named by its index
in decoding order of the first video stream, counted from the start, and by its
presentation time; it is identified by the SHA-256 of its decoded pixel planes as the codec
defines them (the visible bytes only, never the row padding). Video decoders are
bit-exact by specification, so anyone with the video and any FFmpeg build gets the same
planes, hence the same digest: that is what ``verify`` re-checks. The RGB picture stored
as a photo is a conversion of those planes (FFmpeg's swscale); the conversion is recorded
but is not the identity of the frame.

Frames are found by decoding from the start: slower than seeking on a long video, but
seeking lands on key frames whose index is not known, and a frame's index must be exact.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PIL import Image

from desktop.core.errors import FragmentError

#: FFmpeg demuxer names of those containers (others, such as a picture read as a one-frame
#: "video", are refused)
ACCEPTED_FORMATS = frozenset({"mov", "mp4", "m4a", "3gp", "3g2", "mj2", "matroska", "webm"})
#: stop decoding a hostile stream that never ends
MAX_FRAMES = 500_000
_ISO6709 = re.compile(r"^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?/?$")


class VideoError(FragmentError):
    """A video that cannot be read, in one sentence."""


@dataclass(frozen=True)
class VideoInfo:
    """What the container says about a video."""

    container: str
    codec: str
    width: int
    height: int
    duration_s: float | None
    frame_rate: float | None
    frame_count: int | None
    encoder: str
    creation_time: datetime | None
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class Frame:
    """One decoded frame: where it is in the video, its identity, and its picture."""

    index: int
    pts: int | None
    time_s: float
    digest: str
    pixel_format: str
    image: Image.Image

    @property
    def timecode(self) -> str:
        """'00:01:23.456'."""
        return timecode(self.time_s)


def timecode(seconds: float) -> str:
    """Seconds as HH:MM:SS.mmm."""
    millis = round(max(seconds, 0.0) * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def parse_timecode(text: str) -> float:
    """'83.456', '1:23.456' or '00:01:23.456' as seconds; ``VideoError`` otherwise."""
    parts = text.strip().split(":")
    try:
        if not 1 <= len(parts) <= 3 or any(not p for p in parts):
            raise ValueError
        values = [float(p) for p in parts]
    except ValueError:
        raise VideoError(f"'{text}' is not a time: write seconds or HH:MM:SS.mmm") from None
    seconds = 0.0
    for value in values:
        seconds = seconds * 60 + value
    if seconds < 0 or any(v < 0 for v in values) or any(v >= 60 for v in values[1:]):
        raise VideoError(f"'{text}' is not a time: write seconds or HH:MM:SS.mmm")
    return seconds


def _open(path: Path) -> Any:
    import av  # imported here: only commands that touch videos pay for FFmpeg

    try:
        container = av.open(str(path), mode="r", metadata_errors="replace")
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        raise VideoError(f"{path.name} is not a video Fragment can read ({_reason(exc)})") from None
    formats = set(container.format.name.split(","))
    if not formats & ACCEPTED_FORMATS:
        container.close()
        raise VideoError(f"{path.name} is not a video in a format Fragment accepts "
                         "(MP4, MOV, WebM or MKV)")
    if not container.streams.video:
        container.close()
        raise VideoError(f"{path.name} has no video stream")
    return container


def open_video(path: Path) -> Any:
    """An open PyAV container of an accepted video with a video stream (close it after);
    ``VideoError`` in one sentence otherwise."""
    return _open(path)


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return text.split(":")[-1].strip().rstrip(".") or type(exc).__name__


def _location(metadata: dict[str, str]) -> tuple[float | None, float | None]:
    for key in ("com.apple.quicktime.location.ISO6709", "location", "location-eng"):
        match = _ISO6709.match(metadata.get(key, "").strip())
        if match:
            lat, lon = float(match.group(1)), float(match.group(2))
            if -90 <= lat <= 90 and -180 <= lon <= 180:
                return lat, lon
    return None, None


def _creation_time(metadata: dict[str, str]) -> datetime | None:
    for key in ("creation_time", "com.apple.quicktime.creationdate", "date"):
        value = metadata.get(key, "").strip()
        if value:
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
    return None


def probe(path: Path) -> VideoInfo:
    """The container's description of ``path``; ``VideoError`` in one sentence if unreadable."""
    container = _open(path)
    try:
        stream = container.streams.video[0]
        metadata = {**dict(container.metadata), **dict(stream.metadata)}
        duration = (float(container.duration) / 1_000_000
                    if container.duration is not None else None)
        rate = stream.average_rate or stream.guessed_rate
        lat, lon = _location(metadata)
        return VideoInfo(
            container=container.format.name,
            codec=stream.codec_context.name,
            width=stream.codec_context.width,
            height=stream.codec_context.height,
            duration_s=duration,
            frame_rate=float(rate) if rate else None,
            frame_count=stream.frames or None,
            encoder=metadata.get("encoder", "") or metadata.get("handler_name", ""),
            creation_time=_creation_time(metadata),
            latitude=lat,
            longitude=lon,
        )
    finally:
        container.close()


def planes_digest(frame: Any) -> tuple[str, str]:
    """SHA-256 of a decoded frame's visible plane bytes, and the pixel format they are in.

    The bytes are the planes one after the other without row padding, exactly what
    ``ffmpeg ... -f rawvideo -pix_fmt FORMAT`` writes for that frame, so anyone can check a
    digest with FFmpeg and ``sha256sum`` alone.
    """
    name = frame.format.name
    try:
        array = frame.to_ndarray()
    except (ValueError, NotImplementedError):
        # a pixel format PyAV cannot lay out: the digest covers a recorded conversion
        name = "yuv444p16le"
        array = frame.reformat(format=name).to_ndarray()
    return hashlib.sha256(array.tobytes()).hexdigest(), name


def _frames(path: Path) -> Iterator[tuple[int, Any]]:
    import av

    container = _open(path)
    try:
        stream = container.streams.video[0]
        index = 0
        try:
            for frame in container.decode(stream):
                yield index, frame
                index += 1
                if index >= MAX_FRAMES:
                    raise VideoError(f"{path.name} has more than {MAX_FRAMES} frames")
        except av.error.FFmpegError as exc:
            raise VideoError(f"{path.name} is damaged after frame {index} "
                             f"({_reason(exc)})") from None
    finally:
        container.close()


def _frame(index: int, frame: Any) -> Frame:
    digest, pixel_format = planes_digest(frame)
    time_s = float(frame.time) if frame.time is not None else 0.0
    return Frame(index, frame.pts, time_s, digest, pixel_format, frame.to_image())


def extract_frame(path: Path, *, index: int | None = None, at: float | None = None) -> Frame:
    """The frame number ``index`` (from 0), or the frame shown at ``at`` seconds."""
    if (index is None) == (at is None):
        raise ValueError("give exactly one of index or at")
    if index is not None and index < 0:
        raise VideoError("a frame number starts at 0")
    shown: tuple[int, Any] | None = None
    for i, frame in _frames(path):
        if index is not None and i == index:
            return _frame(i, frame)
        if at is not None:
            time_s = float(frame.time) if frame.time is not None else 0.0
            if time_s > at + 1e-6:
                break
            shown = (i, frame)
    if shown is not None:
        return _frame(*shown)
    where = f"frame {index}" if index is not None else f"a frame at {timecode(at or 0.0)}"
    raise VideoError(f"{path.name} has no {where}")


@dataclass(frozen=True)
class FramePicture:
    """A frame as a child process hands it back: its place, identity and a PNG of it."""

    index: int
    pts: int | None
    time_s: float
    digest: str
    pixel_format: str
    width: int
    height: int
    png: bytes
    decoder: str

    @property
    def timecode(self) -> str:
        """'00:01:23.456'."""
        return timecode(self.time_s)


def decoder_version() -> str:
    """'PyAV 18.1.0, FFmpeg 8.1.2': what decoded a frame (recorded, not part of its identity)."""
    import av

    ffmpeg = getattr(av, "ffmpeg_version_info", "") or "unknown"
    return f"PyAV {av.__version__}, FFmpeg {ffmpeg}"


def frame_picture(path: Path, index: int | None = None, at: float | None = None
                  ) -> FramePicture:
    """``extract_frame`` with the picture as PNG bytes (for a child process to return)."""
    import io

    frame = extract_frame(path, index=index, at=at)
    out = io.BytesIO()
    frame.image.save(out, "PNG")
    return FramePicture(frame.index, frame.pts, frame.time_s, frame.digest,
                        frame.pixel_format, frame.image.width, frame.image.height,
                        out.getvalue(), decoder_version())


def frame_digests(path: Path, indices: frozenset[int]) -> dict[int, str]:
    """The plane digests of the frames ``indices``, in one decoding pass (for ``verify``);
    a frame the video does not have is absent from the result."""
    found: dict[int, str] = {}
    last = max(indices, default=-1)
    for i, frame in _frames(path):
        if i > last:
            break
        if i in indices:
            found[i] = planes_digest(frame)[0]
    return found
