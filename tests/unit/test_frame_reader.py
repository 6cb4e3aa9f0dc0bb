"""Frames by number for the frame picker: in any order, the same frames, bit for bit, as
decoding from the start; a poster cached in derived/; hostile files in one sentence."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from desktop.core.casefile import CaseFile
from desktop.core.errors import FragmentError
from desktop.core.frame_reader import FrameReader, IsolatedFrameReader
from desktop.core.video import VideoError, extract_frame
from desktop.core.videos import add_videos, poster_path
from tests.unit.test_video import FRAMES, make_video


@pytest.mark.parametrize("name, codec", [("a.mp4", "libx264"), ("b.webm", "libvpx-vp9"),
                                         ("c.mkv", "ffv1"), ("d.mov", "mpeg4")])
def test_frames_in_any_order_are_the_frames_decoded_from_the_start(tmp_path, name, codec):
    video = make_video(tmp_path / name, codec)
    expected = {i: extract_frame(video, index=i) for i in range(FRAMES)}
    reader = FrameReader(video)
    try:
        assert reader.table.count == FRAMES and reader.table.seekable
        order = list(range(FRAMES))
        random.Random(7).shuffle(order)
        for i in [*order, 5, 6, 7, 8, 7, 29, 0]:  # jumps, steps forward, a step back
            shown = reader.frame(i, max_side=160)
            assert (shown.index, shown.digest, shown.time_s) == \
                (i, expected[i].digest, expected[i].time_s)
        assert (shown.shown_width, shown.shown_height) == (160, 120)
        assert len(shown.rgb) == 160 * 120 * 3
        with pytest.raises(VideoError, match=re.escape(f"{name} has no frame 30")):
            reader.frame(30)
    finally:
        reader.close()


def test_the_frame_on_screen_at_a_time(tmp_path):
    reader = FrameReader(make_video(tmp_path / "a.mp4"))
    try:
        table = reader.table
        assert [table.index_at(t) for t in (0.0, 0.05, 0.1, 1.75, 1.7, 99.0)] == \
            [0, 0, 1, 17, 17, 29]
        assert extract_frame(reader.path, at=1.75).index == 17
    finally:
        reader.close()


def test_the_isolated_reader_answers_and_stops(tmp_path):
    video = make_video(tmp_path / "a.mp4")
    reader = IsolatedFrameReader(video, what="video V1")
    try:
        assert reader.table.count == FRAMES
        assert reader.frame(17).digest == extract_frame(video, index=17).digest
        with pytest.raises(FragmentError, match=r"a\.mp4 has no frame 31"):
            reader.frame(31)
        assert reader.frame(3).index == 3  # still usable after a refused request
    finally:
        reader.close()
    assert not reader._process.is_alive()
    with pytest.raises(FragmentError, match="the reader of video V1 has stopped"):
        reader.frame(0)


def test_a_hostile_file_is_one_sentence(tmp_path):
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"not a video at all" * 100)
    with pytest.raises(FragmentError, match=r"^junk.mp4 is not a video Fragment can read"):
        IsolatedFrameReader(junk, what="video V9")


def test_the_poster_is_cached_in_derived_and_never_beside_the_originals(
        new_case: CaseFile, tmp_path: Path) -> None:
    video = make_video(tmp_path / "clip.mp4")
    (result,), _ = add_videos(new_case, [video])
    originals = sorted(new_case.root.joinpath("originals").rglob("*"))
    poster = poster_path(new_case, *_sha_ext(new_case, result.video_id))
    assert poster.is_relative_to(new_case.derived_dir) and poster.read_bytes()[:2] == b"\xff\xd8"
    assert sorted(new_case.root.joinpath("originals").rglob("*")) == originals
    before = poster.stat().st_mtime_ns
    assert poster_path(new_case, *_sha_ext(new_case, result.video_id)).stat().st_mtime_ns \
        == before  # read from the cache, not decoded again


def _sha_ext(case: CaseFile, video_id: int | None) -> tuple[str, str]:
    from desktop.core.queries.videos import list_videos

    video = next(v for v in case.read(list_videos) if v.id == video_id)
    return video.sha256, video.ext
