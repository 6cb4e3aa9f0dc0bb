"""``fragment new/add/photos/verify``: the JSON contract, exit codes, one-line errors."""

from __future__ import annotations

import io
import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import run_cli
from tests.conftest import ROOT
from tests.unit.import_helpers import (
    ASCII,
    SHORT,
    TAG_MAKE,
    TAG_MODEL,
    TAG_ORIENTATION,
    build_exif,
    gps_entries,
    jpeg_bytes,
    write,
)

ADD_KEYS = {"path", "status", "photo_id", "sha256", "reason"}
PHOTO_KEYS = {"id", "label", "sha256", "file_name", "format", "width", "height", "orientation",
              "taken_at", "taken_at_offset", "imported_at", "camera", "gps", "flags",
              "provenance", "tags"}


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_cli(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    exif = build_exif([(TAG_MAKE, ASCII, "Acme"), (TAG_MODEL, ASCII, "Field 1"),
                       (TAG_ORIENTATION, SHORT, 6)], gps_entries(39.7606, 46.7428, alt=1200.0))
    write(tmp_path / "in" / "a.jpg", jpeg_bytes((80, 60), exif=exif, seed=1))
    write(tmp_path / "in" / "b.jpg", jpeg_bytes(seed=2))
    write(tmp_path / "in" / "notes.txt", b"field notes, not a photo")
    return tmp_path / "in"


def test_new_add_photos_verify(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                               inputs: Path) -> None:
    case = str(tmp_path / "Shusha")
    code, out, _ = _run(capsys, "new", case, "--title", "Shusha", "--investigator", "Ana")
    assert code == 0 and "Shusha.fragment" in out

    code, out, err = _run(capsys, "add", case, str(inputs), "--json", "--investigator", "Ana")
    assert code == 1  # notes.txt was rejected
    results = json.loads(out)["results"]
    assert all(set(r) == ADD_KEYS for r in results)
    by_name = {Path(r["path"]).name: r for r in results}
    assert by_name["a.jpg"]["status"] == "imported" and by_name["a.jpg"]["reason"] is None
    assert by_name["notes.txt"]["status"] == "rejected"
    assert by_name["notes.txt"]["reason"].startswith("not an image")
    assert err == ""  # no progress bar when stderr is not a terminal

    code, out, _ = _run(capsys, "add", case, str(inputs / "a.jpg"), "--json")
    assert code == 0
    [again] = json.loads(out)["results"]
    assert again["status"] == "duplicate" and again["photo_id"] == by_name["a.jpg"]["photo_id"]

    code, out, _ = _run(capsys, "photos", case, "--json")
    assert code == 0
    photos = {p["file_name"]: p for p in json.loads(out)["photos"]}
    assert all(set(p) == PHOTO_KEYS for p in photos.values())
    assert sorted(p["label"] for p in photos.values()) == [
        f"P{i}" for i in range(1, len(photos) + 1)]
    a = photos["a.jpg"]
    assert (a["width"], a["height"], a["orientation"]) == (60, 80, 6)
    assert a["camera"] == {"make": "Acme", "model": "Field 1"}
    assert a["gps"]["lat"] == pytest.approx(39.7606, abs=1e-6)
    assert a["gps"]["alt"] == pytest.approx(1200.0)
    assert photos["b.jpg"]["gps"] is None and photos["b.jpg"]["flags"] == ["no_exif"]

    code, out, _ = _run(capsys, "photos", case)
    assert code == 0 and "a.jpg" in out and "2 photo(s)." in out

    code, out, _ = _run(capsys, "verify", case, "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] is True and report["checked"] == 2
    assert report["problems"] == []

    original = next(p for p in (tmp_path / "Shusha.fragment" / "originals").rglob("*.jpg"))
    original.chmod(stat.S_IRUSR | stat.S_IWUSR)
    data = bytearray(original.read_bytes())
    data[-10] ^= 0xFF
    original.write_bytes(bytes(data))
    code, out, _ = _run(capsys, "verify", case, "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    [problem] = report["problems"]
    assert set(problem) == {"kind", "photo_id", "expected", "actual", "detail"}
    assert problem["kind"] == "modified"
    code, out, _ = _run(capsys, "verify", case)
    assert code == 1 and "PROBLEM modified" in out


def test_errors_are_one_sentence_with_exit_code_2(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    code, out, err = _run(capsys, "add", str(tmp_path / "nowhere"), str(tmp_path))
    assert code == 2 and out == ""
    assert err.startswith("fragment: ") and err.count("\n") == 1 and "Traceback" not in err
    code, _, err = _run(capsys, "verify", str(tmp_path / "nowhere"))
    assert code == 2 and "not a Fragment case" in err
    code, _, err = _run(capsys, "photos", str(tmp_path / "nowhere"), "--json")
    assert code == 2


def test_a_second_writer_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                    inputs: Path) -> None:
    from desktop.core.casefile import CaseFile

    with CaseFile.create(tmp_path / "Busy", title="busy"):
        code, _, err = _run(capsys, "add", str(tmp_path / "Busy"), str(inputs / "b.jpg"))
        assert code == 2 and "open in another window or process" in err
        # reading and verifying while it is open is fine
        code, _, _ = _run(capsys, "verify", str(tmp_path / "Busy"))
        assert code == 0


def test_console_entry_point_runs_add(tmp_path: Path, inputs: Path) -> None:
    """The real entry point in a fresh interpreter (spawned workers need a real main)."""
    case = tmp_path / "Proc"
    run = [sys.executable, str(ROOT / "main.py")]
    subprocess.run([*run, "new", str(case), "--title", "p"], check=True, cwd=tmp_path,
                   capture_output=True)
    done = subprocess.run([*run, "add", str(case), str(inputs / "a.jpg"), str(inputs / "b.jpg")],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Imported 2 photo(s)" in done.stdout


def test_progress_bar_draws_only_on_a_terminal() -> None:
    from desktop.cli.case_commands import _ProgressBar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    term, pipe = Terminal(), io.StringIO()
    for stream in (term, pipe):
        bar = _ProgressBar(stream)
        bar(5, 10, Path("x/photo.jpg"))
        bar.finish()
    assert "[###############...............] 5/10 photo.jpg" in term.getvalue()
    assert pipe.getvalue() == ""


def test_the_static_command_table_matches_the_registered_commands() -> None:
    """``COMMAND_NAMES`` decides CLI-or-GUI without importing every command module."""
    from desktop.cli import COMMAND_NAMES, command_names

    assert command_names() == COMMAND_NAMES


def test_version_is_answered_without_loading_the_commands() -> None:
    import subprocess
    import sys

    code = ("import sys; from desktop.app import main; rc = main(['--version']); "
            "print(sorted(m for m in sys.modules if m.startswith('desktop.cli.'))); sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.splitlines() == [f"Fragment {__import__('desktop').__version__}", "[]"]


def _source(case: str, title: str) -> int:
    from desktop.core.casefile import CaseFile
    from desktop.core.ops.sources import create_source

    with CaseFile.open(case) as opened:
        return create_source(opened, title=title)[0]


def test_add_records_provenance_on_every_photo_imported(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, inputs: Path) -> None:
    case = str(tmp_path / "Shusha")
    _run(capsys, "new", case, "--title", "Shusha")
    _source(case, "ANAMA press release")
    source_id = _source(case, "Second source")
    code, _, err = _run(
        capsys, "add", case, str(inputs / "a.jpg"), str(inputs / "b.jpg"),
        "--provided-by", "ANAMA press office", "--taken-by", "ANAMA deminer",
        "--acquisition", "received", "--url", "https://anama.gov.az/news/1",
        "--obtained-at", "2021-03-16T10:15:00+04:00", "--source", "s2")
    assert code == 0, err
    code, out, _ = _run(capsys, "photos", case, "--json")
    photos = json.loads(out)["photos"]
    assert len(photos) == 2
    for photo in photos:
        assert photo["provenance"] == {
            "taken_by": "ANAMA deminer", "provided_by": "ANAMA press office",
            "acquisition": "received", "original_url": "https://anama.gov.az/news/1",
            "obtained_at": "2021-03-16T06:15:00Z",
            "source": {"id": source_id, "label": "S2", "title": "Second source"}}
    # the same transaction: the import event itself records the provenance
    from sqlalchemy import select

    from db.models import AuditEvent
    from desktop.core.casefile import CaseFile

    with CaseFile.open(case, readonly=True) as opened, opened.read_session() as session:
        events = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "photo.import")).all()
        assert [e.details["after"]["provided_by"] for e in events] == ["ANAMA press office"] * 2
        assert all(e.details["after"]["source_id"] == source_id for e in events)
    code, out, _ = _run(capsys, "verify", case, "--json")
    assert code == 0 and json.loads(out)["ok"]
    # a duplicate keeps the provenance it was imported with
    code, _, _ = _run(capsys, "add", case, str(inputs / "a.jpg"), "--provided-by", "Someone")
    code, out, _ = _run(capsys, "photos", case, "--json")
    assert {p["provenance"]["provided_by"] for p in json.loads(out)["photos"]} == {
        "ANAMA press office"}


@pytest.mark.parametrize("option, value, words", [
    ("--obtained-at", "2021-03-16T10:15:00", "--obtained-at: needs a time zone"),
    ("--obtained-at", "2999-01-01T00:00:00Z", "--obtained-at: is in the future"),
    ("--url", "ftp://example.org/a.jpg", "--url: must be an http:// or https:// address"),
    ("--source", "S7", "--source: there is no source labelled S7"),
    ("--source", "42", "--source: there is no source with id 42"),
    ("--acquisition", "bought", "--acquisition: unknown value 'bought'"),
])
def test_add_with_bad_provenance_imports_nothing(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, inputs: Path,
        option: str, value: str, words: str) -> None:
    case = str(tmp_path / "Shusha")
    _run(capsys, "new", case, "--title", "Shusha")
    code, out, err = _run(capsys, "add", case, str(inputs), option, value)
    assert code == 2 and out == ""
    assert err.startswith(f"fragment: {words}") and err.count("\n") == 1
    code, out, _ = _run(capsys, "photos", case, "--json")
    assert json.loads(out)["photos"] == []
    assert not list((tmp_path / "Shusha.fragment" / "originals").rglob("*.jpg"))
