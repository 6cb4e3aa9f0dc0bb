"""Videos the tests encode themselves: metadata, exact frames, damaged and hostile files."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image, ImageDraw

from desktop.core.video import (
    VideoError,
    extract_frame,
    parse_timecode,
    probe,
    timecode,
)

FPS = 10
FRAMES = 30


def _picture(n: int) -> Image.Image:
    """Frame n: a grey field whose brightness encodes n, and the marking from frame 17 on."""
    image = Image.new("RGB", (320, 240), (8 * n % 256, 90, 140))
    draw = ImageDraw.Draw(image)
    draw.rectangle([10, 10, 110, 50], fill=(255, 255, 255))
    draw.text((20, 22), f"{n:04d}", fill=(0, 0, 0))
    if n >= 17:
        draw.rectangle([120, 120, 300, 200], fill=(230, 230, 210))
        draw.text((150, 150), "9M723", fill=(20, 20, 20))
    return image


def make_video(path: Path, codec: str = "libx264", *, frames: int = FRAMES,
               metadata: dict[str, str] | None = None) -> Path:
    """Encode ``frames`` frames at 10 fps into ``path`` (container from the extension)."""
    with av.open(str(path), mode="w") as out:
        out.metadata.update(metadata or {})
        stream = out.add_stream(codec, rate=FPS)
        stream.width, stream.height = 320, 240
        stream.pix_fmt = "yuv420p"
        stream.time_base = Fraction(1, FPS)
        stream.bit_rate = 4_000_000  # sharp enough to read the frame number back
        for n in range(frames):
            frame = av.VideoFrame.from_image(_picture(n))
            frame.pts = n
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


@pytest.fixture(scope="module")
def mp4(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("video")
    return make_video(folder / "sighting.mp4", metadata={
        "location": "+50.4501+030.5234/", "creation_time": "2024-03-05T06:07:08.000000Z"})


def test_container_metadata_is_read(mp4: Path) -> None:
    info = probe(mp4)
    assert (info.width, info.height, info.codec) == (320, 240, "h264")
    assert info.frame_rate == pytest.approx(FPS)
    assert info.duration_s == pytest.approx(FRAMES / FPS, abs=0.15)
    assert info.creation_time is not None and info.creation_time.year == 2024
    assert (info.latitude, info.longitude) == (pytest.approx(50.4501), pytest.approx(30.5234))
    assert "Lavf" in info.encoder or info.encoder  # the muxer names itself


def _brightness(frame) -> int:  # type: ignore[no-untyped-def]
    return int(np.asarray(frame.image)[200:230, 5:60, 0].mean())


@pytest.mark.parametrize("name, codec", [("a.mp4", "libx264"), ("b.webm", "libvpx-vp9"),
                                         ("c.mkv", "ffv1"), ("d.mov", "mpeg4")])
def test_the_chosen_frame_is_extracted_and_re_extracted_bit_exactly(tmp_path, name, codec):
    video = make_video(tmp_path / name, codec)
    frame = extract_frame(video, index=23)
    assert frame.index == 23 and frame.timecode == "00:00:02.300"
    # it is frame 23, not a neighbour: its brightness is nearest to frame 23's
    assert min(range(FRAMES), key=lambda n: abs(_brightness(frame) - 8 * n)) == 23
    again = extract_frame(video, at=2.3)
    assert again.index == 23 and again.digest == frame.digest
    assert extract_frame(video, index=23).digest == frame.digest  # decoded again: the same
    assert extract_frame(video, index=22).digest != frame.digest


def test_a_time_between_frames_gives_the_frame_then_shown(mp4: Path) -> None:
    assert extract_frame(mp4, at=1.75).index == 17
    assert extract_frame(mp4, at=0).index == 0


def test_a_frame_past_the_end_is_one_sentence(mp4: Path) -> None:
    with pytest.raises(VideoError, match=r"sighting.mp4 has no frame 99$"):
        extract_frame(mp4, index=99)


def test_a_truncated_video_is_one_sentence_or_its_frames_before_the_cut(tmp_path, mp4):
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(mp4.read_bytes()[: mp4.stat().st_size // 2])
    with pytest.raises(VideoError) as caught:
        extract_frame(cut, index=FRAMES - 1)
    message = str(caught.value)
    assert "\n" not in message and "cut.mp4" in message


@pytest.mark.parametrize("content", [b"", b"not a video at all" * 100,
                                     b"\x00\x00\x00\x18ftypmp42" + b"\xff" * 4000])
def test_hostile_files_get_one_sentence(tmp_path, content) -> None:
    path = tmp_path / "hostile.mp4"
    path.write_bytes(content)
    with pytest.raises(VideoError) as caught:
        probe(path)
    assert "\n" not in str(caught.value) and "hostile.mp4" in str(caught.value)


def test_an_image_is_not_a_video(tmp_path) -> None:
    path = tmp_path / "photo.mp4"
    Image.new("RGB", (8, 8)).save(path, "PNG")
    with pytest.raises(VideoError, match=r"photo\.mp4"):
        extract_frame(path, index=0)


@pytest.mark.parametrize("text, seconds", [("83.456", 83.456), ("1:23.456", 83.456),
                                           ("00:01:23.456", 83.456), ("0", 0.0)])
def test_timecodes(text, seconds) -> None:
    assert parse_timecode(text) == pytest.approx(seconds)
    assert timecode(83.456) == "00:01:23.456"


@pytest.mark.parametrize("bad", ["", "abc", "1:75", "-3", "1::2"])
def test_bad_timecodes(bad) -> None:
    with pytest.raises(VideoError, match="is not a time"):
        parse_timecode(bad)
