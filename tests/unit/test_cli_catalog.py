"""``fragment catalog``: the case's own entries from the command line, audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import AuditEvent
from desktop.app import main
from desktop.core.casefile import CaseFile


@pytest.fixture
def case_path(tmp_path: Path) -> Path:
    CaseFile.create(tmp_path / "Cat", title="Catalog case").close()
    return tmp_path / "Cat.fragment"


def test_add_list_export_remove_import(case_path: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", str(case_path), "--add", "9M544", "--system", "Smerch",
                 "--origin", "Russia", "--alias", "9М544", "--citation", "A public report"]) == 0
    capsys.readouterr()
    assert main(["catalog", str(case_path), "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert [(e["code"], e["system"], e["aliases"]) for e in entries] == [
        ("9M544", "Smerch", ["9М544"])]
    # The case's entry is used when a marking is looked up in that case.
    assert main(["marking", "9м 544", "--case", str(case_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["matches"][0]["code"] == "9M544"

    exported = tmp_path / "entries.json"
    assert main(["catalog", str(case_path), "--export", str(exported)]) == 0
    assert main(["catalog", str(case_path), "--remove", "9M544"]) == 0
    capsys.readouterr()
    assert main(["catalog", str(case_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["entries"] == []
    assert main(["catalog", str(case_path), "--import", str(exported)]) == 0
    with CaseFile.open(case_path, readonly=True) as case, case.read_session() as s:
        actions = [a for a in s.scalars(select(AuditEvent.action)) if "catalog" in a]
    assert len(actions) == 3  # add, delete, import: every change audited


def test_bad_input_changes_nothing(case_path: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", str(case_path), "--add", "9M544"]) == 2
    assert "--add needs --system" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text('{"entries": [{"code": "", "system": "x"}]}', encoding="utf-8")
    assert main(["catalog", str(case_path), "--import", str(broken)]) == 2
    assert capsys.readouterr().err.startswith("fragment: ")
    assert main(["catalog", str(case_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["entries"] == []
