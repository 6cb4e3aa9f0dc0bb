"""``fragment export``, ``verify-bag`` and ``import-bag`` from the command line."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import run_cli
from tests.conftest import ROOT
from tests.unit.exportcase import make_export_case


@pytest.fixture(scope="module")
def case_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    case = make_export_case(tmp_path_factory.mktemp("cli"))
    root = case.root
    case.close()  # the CLI opens it itself
    return root


def test_export_everything_in_one_call(case_path: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    code = run_cli(["export", str(case_path), "--pdf", str(out / "d.pdf"),
                    "--geojson", str(out / "l.geojson"), "--kml", str(out / "l.kml"),
                    "--csv", str(out / "csv"), "--bag", str(out / "bag"),
                    "--language", "fr", "--page-size", "Letter", "--audit", "head",
                    "--investigator", "CLI tester"])
    printed = capsys.readouterr().out
    assert code == 0
    digest = hashlib.sha256((out / "d.pdf").read_bytes()).hexdigest()
    assert f"SHA-256: {digest}" in printed
    assert json.loads((out / "l.geojson").read_text(encoding="utf-8"))["features"]
    assert (out / "l.kml").is_file() and (out / "csv" / "claims.csv").is_file()
    assert "Bag written and validated" in printed

    assert run_cli(["verify-bag", str(out / "bag")]) == 0
    assert "Bag valid" in capsys.readouterr().out
    tampered = out / "bag" / "data" / "case.json"
    tampered.write_text(tampered.read_text(encoding="utf-8") + " ", encoding="utf-8")
    assert run_cli(["verify-bag", str(out / "bag")]) == 1
    assert "case.json" in capsys.readouterr().out


def test_selection_and_bad_ids(case_path: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["export", str(case_path), "--pdf", str(tmp_path / "s.pdf"),
                    "--photos", "1", "--claims", "1-2"]) == 0
    capsys.readouterr()
    assert run_cli(["export", str(case_path), "--pdf", str(tmp_path / "x.pdf"),
                    "--photos", "999"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "fragment: the case has no photo with id 999"
    assert not (tmp_path / "x.pdf").exists()
    assert run_cli(["export", str(case_path), "--pdf", str(tmp_path / "y.pdf"),
                    "--claims", "a-b"]) == 2
    assert "expects labels or ids like C3,C7 or 1,3,5-8, not 'a-b'" in capsys.readouterr().err
    assert run_cli(["export", str(case_path)]) == 2
    assert "say what to export" in capsys.readouterr().err


def test_import_bag_round_trip(case_path: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["export", str(case_path), "--bag", str(tmp_path / "nobody")]) == 2
    assert "give --investigator NAME" in capsys.readouterr().err  # never the OS account
    assert not (tmp_path / "nobody").exists()
    assert run_cli(["export", str(case_path), "--bag", str(tmp_path / "bag"),
                    "--investigator", "Ann Reader"]) == 0
    assert "Contact-Name: Ann Reader" in (tmp_path / "bag" / "bag-info.txt").read_text()
    assert run_cli(["import-bag", str(tmp_path / "bag"), str(tmp_path / "Again")]) == 0
    assert "Again.fragment" in capsys.readouterr().out
    assert run_cli(["import-bag", str(tmp_path / "bag"), str(tmp_path / "Again")]) == 2
    assert "already exists" in capsys.readouterr().err


def test_real_process_prints_one_sentence_on_error(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "verify-bag",
                           str(tmp_path / "missing")], capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 1
    assert "is not a folder" in done.stdout and "Traceback" not in done.stderr


def test_export_while_the_case_is_open_elsewhere(case_path: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.core.casefile import CaseFile

    with CaseFile.open(case_path):  # holds the write lock, like the desktop application
        assert run_cli(["export", str(case_path), "--pdf", str(tmp_path / "d.pdf")]) == 0
    captured = capsys.readouterr()
    digest = hashlib.sha256((tmp_path / "d.pdf").read_bytes()).hexdigest()
    assert f"SHA-256: {digest}" in captured.out
    assert "not recorded" in captured.err
