"""Videos in a case: added as originals, and frames of them saved as photos.

A video is read (container metadata, then frames) in a child process with a time bound
(``desktop.core.isolated``): FFmpeg is native code and the file is untrusted. Adding a
video stores its bytes read-only under their SHA-256, like a photo. Saving a frame decodes
it from the stored original, imports the PNG through the photo pipeline (thumbnail,
fingerprint, checks) and records, in the same transaction as the photo, which frame of
which video it is and the SHA-256 of its decoded planes, so ``verify`` can decode it again.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Photo, Video, VideoFrame
from desktop.core.atomic import atomic_file
from desktop.core.audit import PendingEvent
from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes, Ref
from desktop.core.errors import FragmentError, UserError
from desktop.core.frame_reader import poster_picture
from desktop.core.imaging import derived_path
from desktop.core.isolated import run_isolated
from desktop.core.labels import parse_label
from desktop.core.store import StoreError, sha256_file
from desktop.core.video import FramePicture, VideoInfo, frame_picture, probe

#: the containers accepted as videos, by extension
VIDEO_EXTENSIONS = frozenset({".mp4", ".m4v", ".mov", ".webm", ".mkv"})
PROBE_TIMEOUT_S = 60.0
POSTER_TIMEOUT_S = 60.0
FRAME_TIMEOUT_S = 600.0


@dataclass(frozen=True)
class VideoResult:
    """What became of one file given to ``add_videos``."""

    path: str
    status: str  # "imported" | "duplicate" | "rejected"
    video_id: int | None
    label: str | None
    reason: str | None = None


def is_video_path(path: Path) -> bool:
    """True for the extensions Fragment reads as videos."""
    return path.suffix.lower() in VIDEO_EXTENSIONS


def add_videos(case: CaseFile, paths: Iterable[Path]) -> tuple[list[VideoResult], Changes]:
    """Store each video (duplicates reported, unreadable files rejected in one sentence)."""
    results: list[VideoResult] = []
    created: list[Ref] = []
    for path in paths:
        result = _add_one(case, Path(path))
        results.append(result)
        if result.status == "imported" and result.video_id is not None:
            created.append(Ref("video", result.video_id))
    return results, Changes.of(created=created)


def _add_one(case: CaseFile, path: Path) -> VideoResult:
    try:
        sha = sha256_file(path)
        info: VideoInfo = run_isolated(probe, path, what=path.name, timeout=PROBE_TIMEOUT_S)
    except OSError as exc:
        return VideoResult(str(path), "rejected", None, None,
                           f"cannot read {path.name}: {exc.strerror or exc}")
    except FragmentError as exc:
        return VideoResult(str(path), "rejected", None, None, str(exc))
    ext = path.suffix.lower().lstrip(".")
    with case.write_session() as session:
        existing = session.scalar(select(Video).where(Video.sha256 == sha))
        if existing is not None:
            return VideoResult(str(path), "duplicate", existing.id, existing.label,
                               "already in the case")
        try:
            case.originals.put_file(path, sha, ext)
        except StoreError as exc:
            return VideoResult(str(path), "rejected", None, None, str(exc))
        video = video_row(path, sha, info, imported_by=case.investigator)
        session.add(video)
        session.flush()
        case.audit(session, "video.import", "video", video.id, {
            "label": video.label, "after": {
                "sha256": sha, "file_name": video.file_name, "codec": video.codec,
                "width": video.width, "height": video.height,
                "duration_s": video.duration_s, "frame_count": video.frame_count}})
        return VideoResult(str(path), "imported", video.id, video.label)


def video_row(path: Path, sha: str, info: VideoInfo, *, imported_by: str,
              file_name: str | None = None) -> Video:
    """The ``video`` row of a probed file (not added to any session)."""
    return Video(
        sha256=sha, file_name=file_name or path.name, source_path=str(path.resolve()),
        ext=path.suffix.lower().lstrip("."), byte_size=path.stat().st_size,
        container=info.container[:64], codec=info.codec[:32], width=info.width,
        height=info.height, duration_s=info.duration_s, frame_rate=info.frame_rate,
        frame_count=info.frame_count, encoder=info.encoder,
        created_at=info.creation_time.isoformat() if info.creation_time else None,
        gps_lat=info.latitude, gps_lon=info.longitude, imported_by=imported_by,
    )


def find_video(session: Session, ref: str | int) -> Video:
    """The video named by its label (``V1``) or id; ``UserError`` if there is none."""
    video: Video | None
    if isinstance(ref, str) and parse_label(ref):
        video = session.scalar(select(Video).where(Video.label == ref.strip().upper()))
    else:
        try:
            video = session.get(Video, int(ref))
        except (TypeError, ValueError):
            video = None
    if video is None:
        raise UserError(f"the case has no video {ref}")
    return video


@dataclass(frozen=True)
class SavedFrame:
    """A frame saved as a photo of the case."""

    photo_id: int
    photo_label: str
    frame: FramePicture
    video_label: str
    video_sha256: str
    duplicate: bool

    def provenance(self) -> str:
        """'frame 412 at 00:00:13.733 of video V1 (SHA-256 …)'."""
        return (f"frame {self.frame.index} at {self.frame.timecode} of video "
                f"{self.video_label} (SHA-256 {self.video_sha256})")


def save_frame(case: CaseFile, video_ref: str | int, *, index: int | None = None,
               at: float | None = None) -> tuple[SavedFrame, Changes]:
    """Decode one frame of a stored video and keep it as a photo with its provenance."""
    from desktop.core.ingest import apply_import, plan_import

    with case.read_session() as session:
        video = find_video(session, video_ref)
        label, sha, ext = video.label, video.sha256, video.ext
        video_id = video.id
    stored = case.originals.path_for(sha, ext)
    if not stored.is_file():
        raise UserError(f"the original of video {label} is missing from the case; run "
                        "fragment verify")
    picture: FramePicture = run_isolated(frame_picture, stored, index, at,
                                         what=f"video {label}", timeout=FRAME_TIMEOUT_S)
    with tempfile.TemporaryDirectory(prefix="fragment-frame-") as tmp:
        png = Path(tmp) / f"{label}-frame-{picture.index:06d}.png"
        png.write_bytes(picture.png)
        plan = plan_import([png], thumb_dir=case.derived_dir)

        def record_frame(session: Session, photos: Sequence[Photo]) -> list[PendingEvent]:
            events = []
            for photo in photos:
                frame = VideoFrame(photo_id=photo.id, video_id=video_id,
                                   frame_index=picture.index, time_s=picture.time_s,
                                   pts=picture.pts, digest=picture.digest,
                                   pixel_format=picture.pixel_format,
                                   decoder=picture.decoder)
                session.add(frame)
                session.flush()
                events.append(PendingEvent("video.frame", "video_frame", frame.id, {
                    "photo": photo.label, "video": label, "frame_index": picture.index,
                    "time": picture.timecode, "frame_sha256": picture.digest,
                }, (("video_frame", frame.uid),)))
            return events

        report = apply_import(case, plan, on_new_photos=record_frame)
    result = report.results[0]
    if result.photo_id is None:
        raise UserError(f"the frame could not be kept: {result.reason or result.status}")
    with case.read_session() as session:
        photo_label = session.scalar(select(Photo.label).where(Photo.id == result.photo_id))
    saved = SavedFrame(result.photo_id, photo_label or "", picture, label, sha,
                       duplicate=result.status == "duplicate")
    return saved, report.changes


def poster_path(case: CaseFile, sha256: str, ext: str) -> Path:
    """The video's poster (the frame at about a tenth of it, long side 256 px) in
    ``derived/poster/``, decoded in a child process if missing; ``FragmentError`` in one
    sentence when the video cannot give one. Never written beside the originals."""
    target = derived_path(case.derived_dir, "poster", sha256)
    if target.is_file():
        return target
    stored = case.originals.path_for(sha256, ext)
    if not stored.is_file():
        raise UserError(f"the original video {stored.name} is missing from the case")
    _index, jpeg = run_isolated(poster_picture, stored, what=f"video {stored.name}",
                                timeout=POSTER_TIMEOUT_S)
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(target, durable=False) as tmp:
        tmp.write_bytes(jpeg)
    return target
