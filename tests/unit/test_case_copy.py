"""``fragment copy``: a local case into a team database and back, verified end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import run_cli
from desktop.core.casefile import CaseFile
from desktop.core.verify import verify_case
from tests.unit.exportcase import make_export_case
from tests.unit.investigation_fixtures import case_state
from tests.unit.test_postgres import pg_url  # noqa: F401  (the team-case fixture)

pytestmark = pytest.mark.postgres


def test_local_to_team_and_back(tmp_path: Path, pg_url: str,  # noqa: F811
                                capsys: pytest.CaptureFixture[str]) -> None:
    case = make_export_case(tmp_path)
    root = case.root
    before = case_state(case)
    head = verify_case(case).head
    case.close()
    assert run_cli(["copy", str(root), pg_url]) == 0
    out = capsys.readouterr().out
    assert f"head {head}" in out and "password" not in out
    assert not (root / "case.sqlite").exists() and any((root / "backups").iterdir())
    with CaseFile.open(root, investigator="Tester") as team:
        assert team.engine.dialect.name == "postgresql"
        assert case_state(team) == before  # every record, as it was
        report = verify_case(team)
        assert report.ok and report.head == head
        from desktop.core.ops.claims import create_claim

        create_claim(team, statement="Added in the team case")  # new ids after the copy
    assert run_cli(["copy", str(root), "local"]) == 0
    with CaseFile.open(root, investigator="Tester") as local:
        assert local.engine.dialect.name == "sqlite"
        assert len(case_state(local)["claim"]) == len(before["claim"]) + 1
        assert verify_case(local).ok


def test_a_damaged_case_or_a_used_database_is_not_copied(tmp_path: Path, pg_url: str,  # noqa: F811
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    import sqlite3

    case = make_export_case(tmp_path)
    root = case.root
    case.close()
    with sqlite3.connect(root / "case.sqlite") as db:
        db.execute("UPDATE claim SET note = 'edited outside' WHERE id = 1")
    assert run_cli(["copy", str(root), pg_url]) == 2
    assert "did not verify" in capsys.readouterr().err
    assert (root / "case.sqlite").exists() and not (root / "case.json").exists()
    other = CaseFile.create(tmp_path / "Other", title="o", investigator="T",
                            database_url=pg_url)
    other.close()
    with sqlite3.connect(root / "case.sqlite") as db:
        db.execute("UPDATE claim SET note = '' WHERE id = 1")
    assert run_cli(["copy", str(root), pg_url]) == 2
    assert "not empty" in capsys.readouterr().err
    assert (root / "case.sqlite").exists()
