"""``fragment coords``, ``scan`` and ``marking`` through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.app import main
from desktop.core.ops.catalog import add_catalog_entry
from tests.conftest import ARTICLE, ROOT


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_coords_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "coords", "39 ° 45’38.10 « N 46 ° 44’33.90 » E", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["format"] == "dms"
    assert data["lat"] == pytest.approx(39.7605833, abs=1e-6)
    assert data["lon"] == pytest.approx(46.74275, abs=1e-6)
    assert data["mgrs"] == "38S PK 49283 02637"


def test_coords_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "coords", "38SPK4928302637")
    assert code == 0
    assert "39.760586, 46.742755" in out and "read as mgrs" in out
    assert "DMS   39°45'38.11\"N 46°44'33.92\"E" in out
    code, out, _ = _run(capsys, "coords", "--", "-33.86,", "151.2")  # several words joined
    assert code == 0 and out.startswith("-33.860000, 151.200000")


@pytest.mark.parametrize(
    ("text", "reason"),
    [("91, 46", "latitude 91 is beyond ±90°"), ("38SMB", "no easting and northing"),
     ("39.76", "lone number"), ("39N 46N", "conflicting hemispheres")],
)
def test_coords_rejects_with_one_sentence(capsys: pytest.CaptureFixture[str], text: str,
                                          reason: str) -> None:
    code, out, err = _run(capsys, "coords", text, "--json")
    assert code == 2 and out == ""
    assert err.startswith("fragment: ") and reason in err and err.count("\n") == 1


def test_marking_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "marking", "9М72?", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["normalized"] == "9M72?"
    assert [m["code"] for m in data["matches"]] == ["9M723", "9M728", "9M729"]
    assert all({"code", "system", "exact"} <= set(m) for m in data["matches"])
    code, out, _ = _run(capsys, "marking", "no such thing", "--json")
    assert code == 0 and json.loads(out) == {
        "normalized": "NOSUCHTHING", "display": "NOSUCHTHING", "matches": []}


def test_marking_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "marking", "9M723K1")
    assert code == 0
    assert "Normalised: 9M723K1" in out and "9M723  Iskander-M" in out and "(prefix)" in out


def test_cyrillic_marking_is_shown_transliterated(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "marking", "9Н235")
    assert code == 0 and "Normalised: 9N235" in out and "9H235" not in out
    code, out, _ = _run(capsys, "marking", "Х-101", "--json")
    data = json.loads(out)
    assert data["display"] == "Kh-101" and data["matches"][0]["code"] == "Kh-101"


def test_marking_with_case_entries(capsys: pytest.CaptureFixture[str], new_case) -> None:  # type: ignore[no-untyped-def]
    add_catalog_entry(new_case, code="ZZ-9", system="Test rocket")
    root = str(new_case.root)
    new_case.close()
    code, out, _ = _run(capsys, "marking", "zz 9", "--case", root, "--json")
    assert code == 0
    assert [(m["code"], m["user"]) for m in json.loads(out)["matches"]] == [("ZZ-9", True)]


def test_scan_json_contract(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = "Found 9М723 at 39°45'38.1\"N 46°44'33.9\"E, lot 27-18."
    code, out, _ = _run(capsys, "scan", text, "--json")
    assert code == 0
    data = json.loads(out)
    (coord,) = data["coordinates"]
    assert set(coord) >= {"text", "start", "end", "lat", "lon"}
    assert text[coord["start"]:coord["end"]] == coord["text"]
    (marking,) = data["markings"]
    assert set(marking) >= {"text", "start", "end", "normalized", "matches"}
    assert marking["normalized"] == "9M723" and marking["matches"][0]["code"] == "9M723"
    assert marking["matches"][0]["system"].startswith("Iskander")

    file = tmp_path / "note.txt"
    file.write_text(text, encoding="utf-8")
    code, out2, _ = _run(capsys, "scan", "--file", str(file), "--json")
    assert code == 0 and json.loads(out2) == data


def test_scan_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "scan", "--file", str(tmp_path / "missing.txt"))
    assert code == 2 and "cannot read" in err
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\xff\xfe")
    code, _, err = _run(capsys, "scan", "--file", str(binary))
    assert code == 2 and "not UTF-8" in err
    with pytest.raises(SystemExit) as info:
        main(["scan"])  # neither TEXT nor --file
    assert info.value.code == 2


def test_scan_seed_article_in_a_subprocess() -> None:
    proc = subprocess.run(
        [sys.executable, "main.py", "scan", "--file", str(ARTICLE), "--json"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert len(data["coordinates"]) == 2
    assert [m["normalized"] for m in data["markings"]] == ["9M723", "9M723"]
    proc = subprocess.run(
        [sys.executable, "main.py", "coords", "39°61'N 46°E"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip() == "fragment: minutes must be below 60, but the latitude has 61"


def test_scan_reads_pdf_and_html_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.source_files import news_page, two_column_pdf

    pdf = two_column_pdf(tmp_path / "statement.pdf")
    code, out, _ = _run(capsys, "scan", "--file", str(pdf), "--json")
    data = json.loads(out)
    assert code == 0
    assert [(c["page"], c["line"]) for c in data["coordinates"]] == [(1, 7), (2, 3)]
    assert [m["display"] for m in data["markings"]] == ["9M55K", "9N235", "Kh-101"]
    assert "50.45012, 30.52340" in data["coordinates"][0]["quote"]
    code, out, _ = _run(capsys, "scan", "--file", str(news_page(tmp_path / "p.html")))
    assert code == 0 and "l. 4  " in out and "50.443210, 30.512340" in out and "<td>" not in out
