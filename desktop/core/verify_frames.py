"""``verify`` for frames: each photo that is a frame of a video is decoded again.

The frame's identity is the SHA-256 of its decoded planes (``desktop.core.video``). The
stored video is decoded once (in a child process, with a time bound) for all of its frames
in the case, and each digest is compared with the one recorded when the frame was saved.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import inspect, select

from db.models import Photo, Video, VideoFrame
from desktop.core.casefile import CaseFile
from desktop.core.errors import FragmentError
from desktop.core.isolated import run_isolated
from desktop.core.video import frame_digests

DECODE_TIMEOUT_S = 1800.0


@dataclass(frozen=True)
class FrameFinding:
    """A frame that does not decode to what was recorded (or cannot be decoded)."""

    kind: str  # "frame_differs" | "frame_missing" | "video_unreadable"
    photo_id: int | None
    expected: str | None
    actual: str | None
    detail: str


def check_frames(case: CaseFile, intact_videos: set[str]) -> tuple[list[FrameFinding], int]:
    """Findings about every recorded frame, and how many frames were decoded again.

    ``intact_videos``: the SHA-256 of the stored videos whose bytes verified; frames of a
    missing or modified video are not decoded (the original's own problem is reported).
    """
    with case.read_session() as s:
        if not inspect(s.connection()).has_table("video_frame"):
            return [], 0  # a case from before videos could be added
        rows = s.execute(
            select(VideoFrame.frame_index, VideoFrame.digest, Photo.id, Photo.label,
                   Video.label, Video.sha256, Video.ext)
            .join(Photo, Photo.id == VideoFrame.photo_id)
            .join(Video, Video.id == VideoFrame.video_id)).all()
    by_video: dict[tuple[str, str, str], list[tuple[int, str, int, str]]] = defaultdict(list)
    for index, digest, photo_id, photo_label, video_label, sha, ext in rows:
        by_video[(video_label, sha, ext)].append((index, digest, photo_id, photo_label))
    findings: list[FrameFinding] = []
    checked = 0
    for (video_label, sha, ext), frames in sorted(by_video.items()):
        if sha not in intact_videos:
            continue
        path = case.originals.path_for(sha, ext)
        try:
            found: dict[int, str] = run_isolated(
                frame_digests, path, frozenset(i for i, *_ in frames),
                what=f"video {video_label}", timeout=DECODE_TIMEOUT_S)
        except FragmentError as exc:
            findings.append(FrameFinding("video_unreadable", None, sha, None,
                                         f"the frames of video {video_label} cannot be "
                                         f"decoded again: {exc}"))
            continue
        for index, digest, photo_id, photo_label in frames:
            checked += 1
            actual = found.get(index)
            if actual is None:
                findings.append(FrameFinding(
                    "frame_missing", photo_id, digest, None,
                    f"{photo_label} is recorded as frame {index} of video {video_label}, "
                    "which has no such frame"))
            elif actual != digest:
                findings.append(FrameFinding(
                    "frame_differs", photo_id, digest, actual,
                    f"frame {index} of video {video_label} no longer decodes to the frame "
                    f"recorded for {photo_label}"))
    return findings, checked
