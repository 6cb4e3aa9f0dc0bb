"""Videos in a case: added as originals, frames saved as photos and decoded again by verify."""

from __future__ import annotations

import io
import json
import os
import shlex
import sqlite3
import time
from pathlib import Path

import av
import pytest

from desktop.cli import run_cli
from desktop.core.casefile import CaseFile
from desktop.core.errors import FragmentError, UserError
from desktop.core.isolated import run_isolated
from desktop.core.queries.videos import frame_of_photo, list_videos
from desktop.core.store import sha256_file
from desktop.core.verify import verify_case
from desktop.core.verify_frames import check_frames
from desktop.core.videos import add_videos, save_frame
from tests.unit.test_video import make_video


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    return make_video(tmp_path_factory.mktemp("clips") / "sighting.mp4",
                      metadata={"location": "+39.7556+046.7475/"})


def _raw_frame_sha(video: Path, index: int) -> str:
    """The frame as FFmpeg's rawvideo muxer writes it (what `ffmpeg -f rawvideo` gives)."""
    import hashlib

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        for i, frame in enumerate(container.decode(stream)):
            if i != index:
                continue
            buf = io.BytesIO()
            with av.open(buf, "w", format="rawvideo") as out:
                raw = out.add_stream("rawvideo", rate=10)
                raw.width, raw.height, raw.pix_fmt = frame.width, frame.height, frame.format.name
                for packet in raw.encode(frame):
                    out.mux(packet)
            return hashlib.sha256(buf.getvalue()).hexdigest()
    raise AssertionError("no such frame")


def test_a_video_is_stored_read_only_with_its_metadata(new_case: CaseFile, clip, tmp_path):
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"this is not a video" * 50)
    results, _ = add_videos(new_case, [clip, junk])
    assert [r.status for r in results] == ["imported", "rejected"]
    assert results[0].label == "V1"
    assert "junk.mp4 is not a video Fragment can read" in (results[1].reason or "")
    stored = new_case.originals.path_for(sha256_file(clip), "mp4")
    assert stored.is_file() and stored.stat().st_mode & 0o777 == 0o444  # read-only
    (video,) = new_case.read(list_videos)
    assert (video.codec, video.width, video.gps_lat) == ("h264", 320, pytest.approx(39.7556))
    again, _ = add_videos(new_case, [clip])
    assert again[0].status == "duplicate" and again[0].label == "V1"
    assert verify_case(new_case).ok


def test_a_saved_frame_is_a_photo_that_verify_decodes_again(new_case: CaseFile, clip):
    add_videos(new_case, [clip])
    saved, _ = save_frame(new_case, "V1", at=2.05)
    assert saved.frame.index == 20 and saved.photo_label == "P1"
    assert saved.provenance().startswith("frame 20 at 00:00:02.000 of video V1 (SHA-256 ")
    # the frame's identity is exactly what FFmpeg's raw output of that frame hashes to
    assert saved.frame.digest == _raw_frame_sha(clip, 20)
    frame, video = new_case.read(frame_of_photo, saved.photo_id)
    assert (frame.index, video.label) == (20, "V1")
    report = verify_case(new_case)
    assert report.ok, report.problems
    assert "1 video frame(s) decoded again from their videos" in report.notes
    same, _ = save_frame(new_case, "V1", index=20)
    assert same.duplicate and same.photo_id == saved.photo_id


def test_a_recorded_frame_that_no_longer_matches_is_reported(new_case: CaseFile, clip):
    add_videos(new_case, [clip])
    save_frame(new_case, "V1", index=3)
    with sqlite3.connect(new_case.root / "case.sqlite") as raw:
        raw.execute("UPDATE video_frame SET frame_index = 4")
    findings, checked = check_frames(new_case, {sha256_file(clip)})
    assert checked == 1 and [f.kind for f in findings] == ["frame_differs"]
    assert "frame 4 of video V1 no longer decodes to the frame recorded for P1" in \
        findings[0].detail
    report = verify_case(new_case)  # and the edit itself is caught by the state check
    assert not report.ok
    assert {"frame_differs", "altered"} <= {p.kind for p in report.problems}


def test_bad_requests_are_one_sentence_and_change_nothing(new_case: CaseFile, clip):
    add_videos(new_case, [clip])
    before = new_case.read(list_videos)
    with pytest.raises(UserError, match="the case has no video V7"):
        save_frame(new_case, "V7", index=0)
    with pytest.raises(FragmentError, match=r"has no frame 500"):
        save_frame(new_case, "V1", index=500)
    assert new_case.read(list_videos) == before


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def _crash() -> None:
    os._exit(9)  # what a native crash of the decoder looks like to the parent


def test_a_hanging_or_crashing_reader_is_stopped_in_one_sentence() -> None:
    with pytest.raises(FragmentError, match=r"reading clip\.mp4 took longer than 1 s"):
        run_isolated(_sleep, 30, what="clip.mp4", timeout=1)
    with pytest.raises(FragmentError, match=r"reading clip\.mp4 made the reader crash"):
        run_isolated(_crash, what="clip.mp4", timeout=60)


def test_add_frame_and_videos_from_the_command_line(tmp_path, clip, capsys) -> None:
    case = tmp_path / "Case"
    assert run_cli(["new", str(case), "--title", "Videos", "--investigator", "T"]) == 0
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "clip.mp4").write_bytes(clip.read_bytes())
    capsys.readouterr()
    assert run_cli(["add", str(case), str(folder)]) == 0
    out = capsys.readouterr().out
    assert "imported   " in out
    # the hint names a command that runs as printed (with a time filled in)
    hint = shlex.split(out.split("Save a frame as a photo with: ")[1].strip())
    assert hint[:4] == ["fragment", "frame", "V1", "--case"] and hint[5:] == ["--at", "TIME"]
    assert run_cli([*hint[1:5], "--at", "00:00:01.7", "--json"]) == 0
    saved = json.loads(capsys.readouterr().out)
    assert (saved["photo"], saved["index"], saved["video"]) == ("P1", 17, "V1")
    assert run_cli(["videos", str(case)]) == 0
    out = capsys.readouterr().out
    assert "V1  clip.mp4  h264 320x240" in out and "P1  frame 17 at 00:00:01.700" in out
    assert run_cli(["verify", str(case)]) == 0


def test_a_frame_is_not_reported_as_a_stripped_copy(new_case: CaseFile, clip):
    """A frame has no EXIF by nature: the checks name its video instead of calling it a
    re-shared copy with its metadata removed."""
    from desktop.core.checks.run import run_checks
    from desktop.core.queries.checks import findings

    add_videos(new_case, [clip])
    saved, _ = save_frame(new_case, "V1", index=5)
    run_checks(new_case)
    found = {row.kind: row for row in new_case.read(findings, saved.photo_id)}
    assert "metadata_stripped" not in found
    assert found["video_frame"].severity == "info"
    assert "decoded from video V1" in found["video_frame"].explanation
    assert verify_case(new_case).ok
