"""The dossier's author is the investigator's name, never the operating-system account."""

from __future__ import annotations

import getpass
import subprocess
from pathlib import Path

import pypdf
import pytest

from desktop.core.casefile import CaseFile
from desktop.core.export.dossier import build_dossier
from desktop.core.queries.dossier import DossierOptions, dossier_data
from desktop.core.settings import printable_name, save_settings


def _build(root: Path, investigator: str | None) -> tuple[str, str]:
    case = CaseFile.create(root / "Case", title="Author", investigator=investigator)
    try:
        pdf = build_dossier(dossier_data(case, DossierOptions()), root / "d.pdf")
    finally:
        case.close()
    author = str(pypdf.PdfReader(pdf).metadata.get("/Author") or "")
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return author, " ".join(text.split())


def test_without_a_name_the_account_is_never_the_author(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: "root")
    author, text = _build(tmp_path, None)
    assert author == ""
    assert "Exported by not given (no investigator name was set)" in text
    cover = text.split("Contents")[0]
    assert "root" not in cover  # (the audit log still says who made each event: the account)


def test_the_given_name_is_used_everywhere(tmp_path: Path) -> None:
    author, text = _build(tmp_path, "Ana Lyst")
    assert author == "Ana Lyst"
    assert "Investigator Ana Lyst" in text and "Exported by Ana Lyst" in text


def test_the_saved_setting_is_the_name(tmp_path: Path) -> None:
    save_settings({"investigator": "Ana Lyst"})
    author, _ = _build(tmp_path, None)
    assert author == "Ana Lyst"


def test_account_names_are_not_printable() -> None:
    assert printable_name("root") == "" and printable_name(" Administrator ") == ""
    assert printable_name(" Ana ") == "Ana"


def test_a_name_given_while_the_case_is_open_is_used_from_then_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: "root")
    case = CaseFile.create(tmp_path / "Case", title="Author", investigator=None)
    try:
        assert not case.investigator_given
        case.name_investigator("Ana Lyst")  # the first-start dialog answered meanwhile
        with case.write_session() as session:
            case.audit(session, "test.named", "case")
        data = dossier_data(case, DossierOptions())
    finally:
        case.close()
    assert data.case.exported_by == "Ana Lyst"
    assert data.audit.events[-1].investigator == "Ana Lyst"
