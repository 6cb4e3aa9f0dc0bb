"""A frame saved from a video is printed with its video, time code and both hashes, and the
integrity appendix says how anyone extracts it again: read back from the PDF."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from desktop.core.casefile import CaseFile
from desktop.core.export.dossier import build_dossier
from desktop.core.export.sections.videos import extract_command
from desktop.core.queries.dossier import DossierData, DossierOptions, dossier_data
from desktop.core.store import sha256_file
from desktop.core.videos import add_videos, save_frame
from tests.unit.test_case_videos import _raw_frame_sha
from tests.unit.test_video import make_video


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[DossierData, Path, Path]:
    root = tmp_path_factory.mktemp("frames")
    clip = make_video(root / "sighting.mp4")
    case = CaseFile.create(root / "Frames.fragment", title="Frames", investigator="Analyst")
    try:
        add_videos(case, [clip])
        save_frame(case, "V1", index=17)
        data = dossier_data(case, DossierOptions())
    finally:
        case.close()
    return data, build_dossier(data, root / "d.pdf"), clip


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    return " ".join(out.split())


def test_the_frame_is_printed_with_its_video_time_and_hashes(built) -> None:
    data, pdf, clip = built
    (photo,) = data.photos
    assert photo.frame is not None
    frame, video = photo.frame
    assert video.label == "V1"
    text = _text(pdf)
    video_sha = sha256_file(clip)
    assert (f"frame 17 at 00:00:01.700 of video V1 (sighting.mp4, SHA-256 {video_sha[:12]}…)"
            in text)
    assert f"Decoded-frame SHA-256 (yuv420p) {frame.digest}" in text
    assert f"Video V1 SHA-256 {video_sha}" in text
    assert frame.digest == _raw_frame_sha(clip, 17)


def test_the_appendix_lists_the_video_and_how_to_extract_the_frame(built) -> None:
    _, pdf, clip = built
    text = _text(pdf)
    appendix = text.split("Videos and their frames")[-1]
    video_sha = sha256_file(clip)
    assert video_sha in appendix
    assert ('ffmpeg -i sighting.mp4 -vf "select=eq(n\\,17)" -fps_mode passthrough '
            "-frames:v 1 -f rawvideo -pix_fmt yuv420p - | sha256sum") in appendix
    assert "fragment verify CASE.fragment" in appendix
    # the originals table holds the video too
    originals = text.split("Originals")[-1]
    assert "V1 sighting.mp4" in originals


def test_the_printed_command_in_a_bag_points_at_the_stored_video(built) -> None:
    data, _, _ = built
    (video,) = data.videos
    command = extract_command(video.frames[0], video, "My bag")
    sha = video.sha256
    assert f'-i "My bag"/data/originals/{sha[:2]}/{sha[2:4]}/{sha}.mp4 ' in command

