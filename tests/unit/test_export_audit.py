"""Every export is an audit event carrying the SHA-256 of what it wrote; ``fragment log``."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import AuditEvent
from desktop.cli import run_cli
from desktop.core.casefile import CaseFile
from tests.unit.exportcase import make_export_case


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("audit")
    case = make_export_case(work)
    root = case.root
    case.close()
    out = work / "out"
    out.mkdir()
    assert run_cli(["export", str(root), "--pdf", str(out / "d.pdf"), "--geojson",
                    str(out / "l.geojson"), "--kml", str(out / "l.kml"), "--csv",
                    str(out / "tables"), "--bag", str(out / "bag"),
                    "--investigator", "Ann Reader"]) == 0
    return root, out


def events(root: Path) -> dict[str, dict]:
    with CaseFile.open_for_check(root) as case, case.read_session() as session:
        return {e.action: e.details["after"] for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action.like("export.%")))}


def test_each_export_records_the_hash_of_what_it_wrote(exported: tuple[Path, Path]) -> None:
    root, out = exported
    recorded = events(root)
    assert set(recorded) == {"export.dossier", "export.geojson", "export.kml", "export.csv",
                             "export.bag"}
    assert recorded["export.dossier"]["sha256"] == sha(out / "d.pdf")
    assert recorded["export.geojson"]["sha256"] == sha(out / "l.geojson")
    assert recorded["export.kml"]["sha256"] == sha(out / "l.kml")
    assert recorded["export.csv"]["files"] == {
        p.name: sha(p) for p in sorted((out / "tables").iterdir())}
    bag = recorded["export.bag"]
    assert bag["tagmanifest_sha256"] == sha(out / "bag" / "tagmanifest-sha256.txt")
    assert bag["dossier_sha256"] == sha(out / "d.pdf")
    # the dossier's event names the head it printed, which is still in the log
    with CaseFile.open_for_check(root) as case, case.read_session() as session:
        assert session.scalar(select(AuditEvent.id).where(
            AuditEvent.hash == recorded["export.dossier"]["head"])) is not None


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs Poppler's pdftotext")
def test_the_cover_says_when_and_what_was_checked(exported: tuple[Path, Path]) -> None:
    _, out = exported
    text = " ".join(subprocess.run(["pdftotext", str(out / "d.pdf"), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())
    assert "just before this dossier was made: all 3 originals" in text
    assert "every record matched the state its last audit event recorded" in text
    assert "never altered" not in text


def test_log_text_names_each_export_with_its_hash(exported: tuple[Path, Path],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root, out = exported
    assert run_cli(["log", str(root), "--limit", "3"]) == 0
    text = capsys.readouterr().out
    assert f"l.kml sha256 {sha(out / 'l.kml')}" in text
    assert "Showing the newest 3 of" in text and text.count("\n#") == 2
    with pytest.raises(SystemExit) as exit_code:
        run_cli(["log", str(root), "--limit", "0"])
    assert exit_code.value.code == 2 and "at least 1" in capsys.readouterr().err
