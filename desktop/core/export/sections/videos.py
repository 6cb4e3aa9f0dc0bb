"""Frames saved from videos: the frame's provenance under its photo, and in the integrity
appendix every video of the dossier's frames with the commands that re-extract a frame."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, KeepTogether

from desktop.core.export.blocks import (
    Context,
    Heading,
    command_line,
    field,
    hash_field,
)
from desktop.core.export.paragraph import Paragraph
from desktop.core.export.reader_kit import PLACEHOLDER_BAG, shell_word
from desktop.core.export.text import para_text
from desktop.core.queries.dossier import DossierData, PhotoInfo
from desktop.core.queries.videos import FrameInfo, VideoInfo
from desktop.core.video import timecode


def frame_text(frame: FrameInfo, video: VideoInfo, t: Callable[..., str]) -> str:
    """``frame 137 at 00:00:13.700 of video V1 (clip.mp4, SHA-256 2b5b26ae…)``."""
    return str(t("frame_of_video", index=frame.index, time=timecode(frame.time_s),
                 video=video.label, file=video.file_name, short=video.sha256[:12] + "…"))


def frame_fields(photo: PhotoInfo, ctx: Context) -> list[Flowable]:
    """The frame's video, time code and both hashes (empty for a photo that is no frame)."""
    if photo.frame is None:
        return []
    t, s = ctx.t, ctx.styles
    frame, video = photo.frame
    return [
        field(t("video_frame"), frame_text(frame, video, t), s),
        hash_field(t("video_sha256", video=video.label), video.sha256, s),
        hash_field(t("frame_sha256", fmt=frame.pixel_format), frame.digest, s),
    ]


def extract_command(frame: FrameInfo, video: VideoInfo, bag_name: str | None) -> str:
    """The FFmpeg command whose output's SHA-256 is the frame's digest: the video in the
    bag as delivered (``BAG/data/originals/...``), or by its file name without a bag."""
    sha = video.sha256.lower()
    if bag_name is not None:
        path = (f"{shell_word(bag_name)}/data/originals/{sha[:2]}/{sha[2:4]}/"
                f"{sha}.{video.ext.lower()}")
    else:
        path = shell_word(video.file_name)
    return (f'ffmpeg -i {path} -vf "select=eq(n\\,{frame.index})" -fps_mode passthrough '
            f"-frames:v 1 -f rawvideo -pix_fmt {frame.pixel_format} - | sha256sum")


def videos_appendix(data: DossierData, ctx: Context) -> list[Flowable]:
    """Every video a frame of the dossier comes from, with its SHA-256, then each frame with
    its digest and the command that extracts and hashes it again."""
    if not data.videos:
        return []
    t, s = ctx.t, ctx.styles
    bag = data.verification.bag_name if data.verification else None
    out: list[Flowable] = [Heading(t("videos"), s.h2, level=1, key="videos"),
                           Paragraph(para_text(t("videos_intro")), s.body)]
    out.append(Paragraph(para_text(t("videos_how", bag=bag or PLACEHOLDER_BAG)), s.body))
    for video in data.videos:
        out.append(KeepTogether([
            Paragraph(f"<b>{para_text(video.label)}</b> — {para_text(video.file_name)}", s.body),
            hash_field(t("video_sha256", video=video.label), video.sha256, s),
        ]))
        for frame in video.frames:
            out.append(KeepTogether([
                Paragraph(para_text(f"{frame.photo_label}: {frame_text(frame, video, t)}"),
                          s.body),
                hash_field(t("frame_sha256", fmt=frame.pixel_format), frame.digest, s),
                command_line(extract_command(frame, video, bag), ctx),
            ]))
    out.append(Paragraph(para_text(t("videos_verify")), s.muted))
    return out
