"""``fragment video``, ``frame`` and ``measure`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from desktop.cli import run_cli
from desktop.core.store import sha256_file
from tests.unit.test_video import make_video


@pytest.fixture(scope="module")
def video(tmp_path_factory) -> Path:
    return make_video(tmp_path_factory.mktemp("cli") / "clip.mp4",
                      metadata={"location": "+48.5100+035.0400/"})


def test_video_prints_the_container_metadata(video, capsys) -> None:
    assert run_cli(["video", str(video)]) == 0
    out = capsys.readouterr().out
    assert "h264 320x240, MP4/MOV container" in out
    assert "48.510000, 35.040000 (from the container)" in out
    assert run_cli(["video", str(video), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["frame_count"] == 30 and data["latitude"] == pytest.approx(48.51)


def test_frame_saves_the_frame_and_its_provenance_and_checks_it(video, tmp_path, capsys):
    png = tmp_path / "frame.png"
    assert run_cli(["frame", str(video), "--at", "00:00:02.0", "-o", str(png), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["index"] == 20 and data["timecode"] == "00:00:02.000"
    assert data["video_sha256"] == sha256_file(video)
    assert Image.open(png).size == (320, 240)
    assert run_cli(["frame", str(video), "--index", "20", "--check", data["frame_sha256"]]) == 0
    assert "the frame matches the digest" in capsys.readouterr().out
    assert run_cli(["frame", str(video), "--index", "21", "--check", data["frame_sha256"]]) == 1
    assert "does NOT match" in capsys.readouterr().out


def test_frame_of_a_damaged_file_is_one_sentence_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.webm"
    bad.write_bytes(b"\x1a\x45\xdf\xa3" + b"\x00" * 500)
    out = tmp_path / "out.png"
    assert run_cli(["frame", str(bad), "--index", "0", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("fragment: bad.webm") and "\n" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == [bad]


def test_measure_with_a_ruler_and_compare_with_the_catalog(capsys) -> None:
    # a rocket body 460 px across beside a 50 cm ruler drawn 250 px long
    args = ["measure", "--points", "100,100 100,560", "--line-ref", "0,0 250,0",
            "--length", "50.0 cm", "--pointing-error", "1", "--compare", "9M723"]
    assert run_cli([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["mm"] == pytest.approx(920)
    diameter = next(c for c in data["comparisons"] if c["feature"] == "body diameter")
    assert diameter["consistent"] and "wikipedia.org" in diameter["citation"]
    assert run_cli(args) == 0
    out = capsys.readouterr().out
    assert out.startswith("92.0 ± ")
    assert "is consistent with the 9M723 body diameter of 0.92 m" in out


@pytest.mark.parametrize("args, message", [
    (["--points", "1,1 5,5", "--rect-ref", "0,0 1,0 1,1", "--size", "A4"], "needs 4 points"),
    (["--points", "1,1 5,5", "--line-ref", "0,0 9,0", "--length", "ten"], "is not a length"),
    (["--points", "1;1 x", "--line-ref", "0,0 9,0", "--length", "1 m"], "'x,y x,y ...'"),
    (["--points", "1,1 5,5", "--compare", "XYZ"], "no published dimensions for XYZ"),
])
def test_measure_refuses_bad_input_in_one_sentence(args, message, capsys) -> None:
    assert run_cli(["measure", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err


def test_output_cut_short_by_its_reader_stops_quietly(tmp_path) -> None:
    """`fragment scan … | head -1`: no error message when the reader goes away."""
    import subprocess
    import sys

    text = tmp_path / "long.txt"
    text.write_text("".join(f"site {i}: 48.{i:04d} N 35.{i:04d} E\n" for i in range(3000)),
                    encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, str(root / "main.py"), "scan", "--file", str(text)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=root)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"coordinates")
    proc.stdout.close()  # the reader stops, as `head -1` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141 and err == ""
