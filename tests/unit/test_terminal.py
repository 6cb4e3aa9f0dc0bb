"""Names from cases and files cannot steer the terminal; JSON output stays exact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import run_cli
from desktop.cli.terminal import escape_controls
from tests.unit.import_helpers import jpeg_bytes, write

TRICKS = "photo\u202egpj.exe\x1b[2J\rclean\x9b"


def test_controls_and_overrides_are_shown_not_obeyed() -> None:
    assert escape_controls(TRICKS) == "photo\\u202egpj.exe\\u001b[2J\\u000dclean\\u009b"
    assert escape_controls("Şuşa Շուշի 9М723\tok\n") == "Şuşa Շուշի 9М723\tok\n"


def test_the_cli_prints_hostile_file_names_escaped(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    name = "IMG\u202egpj.exe\x1b[31m.jpg"
    photo = write(tmp_path / "in" / name, jpeg_bytes((64, 48), seed=1))
    case = tmp_path / "T"
    assert run_cli(["new", str(case), "--title", "t", "--investigator", "T"]) == 0
    assert run_cli(["add", str(case), str(photo)]) == 0
    assert run_cli(["photos", str(case)]) == 0
    out = capsys.readouterr().out
    assert "\u202e" not in out and "\x1b" not in out
    assert "IMG\\u202egpj.exe\\u001b[31m.jpg" in out
    assert run_cli(["photos", str(case), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["photos"]
    assert listed[0]["file_name"] == name  # the JSON still says exactly what the name is
