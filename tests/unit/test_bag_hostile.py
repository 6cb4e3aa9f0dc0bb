"""import-bag treats the database in a bag as hostile, even when the manifests agree.

A sender can always recompute a bag's manifests, so each test tampers with the database and
then re-saves the bag: only the checks of the database itself can refuse it.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import bagit
import pytest

from desktop.core.casefile import CaseFile
from desktop.core.errors import UserError
from desktop.core.export.bag import build_bag
from desktop.core.export.bag_import import import_bag
from desktop.core.export.bag_schema import check_untrusted_database
from tests.unit.exportcase import make_export_case


@pytest.fixture(scope="module")
def bag(tmp_path_factory: pytest.TempPathFactory) -> Path:
    case = make_export_case(tmp_path_factory.mktemp("hostile"))
    try:
        return build_bag(case, tmp_path_factory.mktemp("bags") / "bag", contact="Tester",
                         include_dossier=False).path
    finally:
        case.close()


def resaved(bag: Path, tmp_path: Path, sql: str | None = None,
            raw: bytes | None = None) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(bag, copy)
    db = copy / "data" / "case.sqlite"
    db.chmod(0o644)
    if sql is not None:
        with sqlite3.connect(db) as conn:
            conn.executescript(sql)
    if raw is not None:
        db.write_bytes(raw)
    bagit.Bag(str(copy)).save(manifests=True)  # what a sender can always do
    assert bagit.Bag(str(copy)).is_valid()
    return copy


def refused(copy: Path, tmp_path: Path, match: str) -> None:
    with pytest.raises(UserError, match=match) as info:
        import_bag(copy, tmp_path / "Imported")
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    assert not (tmp_path / "Imported.fragment").exists()
    assert not list(tmp_path.glob(".Imported*"))


def test_a_clean_bag_imports_and_verifies(bag: Path, tmp_path: Path) -> None:
    path = import_bag(bag, tmp_path / "Clean", investigator="Reader")
    from desktop.core.verify import verify_case

    with CaseFile.open_for_check(path) as case:
        assert verify_case(case).ok


@pytest.mark.parametrize(("sql", "match"), [
    ("CREATE TRIGGER spy AFTER UPDATE ON claim BEGIN DELETE FROM link; END;",
     "contains a trigger spy"),
    ("CREATE VIEW v AS SELECT * FROM claim;", "contains a view v"),
    ("CREATE TABLE extra (x);", "contains a table extra"),
    ("CREATE INDEX ix_extra ON claim (note);", "contains an index ix_extra"),
    ("DROP TABLE link;", "lacks the table link"),
])
def test_a_database_with_anything_extra_or_missing_is_refused(
        bag: Path, tmp_path: Path, sql: str, match: str) -> None:
    refused(resaved(bag, tmp_path, sql), tmp_path, match)


def test_a_junk_database_is_one_sentence(bag: Path, tmp_path: Path) -> None:
    copy = resaved(bag, tmp_path, raw=b"this is not a database" * 100)
    refused(copy, tmp_path, "not a readable SQLite database")


def test_rows_edited_before_resaving_are_refused(bag: Path, tmp_path: Path) -> None:
    copy = resaved(bag, tmp_path, "UPDATE claim SET statement = 'Forged.' WHERE id = 1;")
    refused(copy, tmp_path, "changed outside Fragment: statement")


def test_the_reference_schema_matches_a_new_case(new_case: CaseFile) -> None:
    assert check_untrusted_database(new_case.root / "case.sqlite") == []
