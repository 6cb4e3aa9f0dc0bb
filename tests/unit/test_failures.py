"""Failures of the machine end in one sentence, never a traceback, and change nothing.

The disk-full case is real: SQLite's ``max_page_count`` caps the database file at its
current size on every connection the command opens, so the next commit fails with SQLite's
own "database or disk is full", through every layer of the real code.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from desktop.cli import run_cli
from desktop.core.casefile import CaseFile
from desktop.core.errors import CaseError
from desktop.core.failures import describe_failure
from desktop.core.verify import verify_case
from tests.unit.import_helpers import jpeg_bytes, write


@contextmanager
def full_disk() -> Iterator[None]:
    """Every SQLite connection opened meanwhile may not grow its file."""

    def cap(dbapi_conn: Any, _record: Any) -> None:
        if isinstance(dbapi_conn, sqlite3.Connection):
            pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
            dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(Engine, "connect", cap)
    try:
        yield
    finally:
        event.remove(Engine, "connect", cap)


def test_a_full_disk_at_commit_is_one_sentence_and_loses_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = CaseFile.create(tmp_path / "Full", title="full", investigator="T").root
    photos = [write(tmp_path / "in" / f"{i}.jpg", jpeg_bytes((640, 480), seed=i, noise=True))
              for i in range(40)]
    capsys.readouterr()
    with full_disk():
        code = run_cli(["add", str(root), *map(str, photos)])
    err = capsys.readouterr().err
    assert code == 1
    assert "the disk is full, so nothing was saved" in err and "Traceback" not in err
    assert err.count("\n") == 1
    with CaseFile.open(root, investigator="T") as case:  # space again
        report = verify_case(case)
        assert report.ok and report.checked == 0
        assert not any((root / "originals").rglob("*.jpg"))  # the stored copies are gone


def test_a_case_made_by_a_newer_fragment_says_so_and_is_left_alone(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = CaseFile.create(tmp_path / "Future", title="t", investigator="T").root
    with sqlite3.connect(root / "case.sqlite") as db:
        db.execute("UPDATE alembic_version SET version_num = '0099'")
        db.execute("UPDATE audit_event SET tool_version = '0.9.0'")  # (breaks the chain: fine)
    data = (root / "case.sqlite").read_bytes()
    for opener in (lambda: CaseFile.open(root), lambda: CaseFile.open_for_check(root)):
        with pytest.raises(CaseError, match=r"made by Fragment 0\.9\.0; install that version "
                                            r"or newer"):
            opener()
    assert (root / "case.sqlite").read_bytes() == data
    assert not (root / "backups").exists()  # no backup-and-restore dance
    assert run_cli(["photos", str(root)]) == 2
    assert "install that version or newer" in capsys.readouterr().err


@pytest.mark.parametrize(("error", "sentence"), [
    (sqlite3.OperationalError("database is locked"), "busy in another program"),
    (sqlite3.DatabaseError("file is not a database"), "damaged or is not a database"),
    (sqlite3.OperationalError("disk I/O error"), "disk I/O error"),
    (OSError(28, "No space left on device", "/x/dossier.pdf"), "disk is full, so dossier.pdf"),
    (ValueError("a bug"), None),
])
def test_known_failures_have_a_sentence_and_bugs_do_not(error: BaseException,
                                                        sentence: str | None) -> None:
    described = describe_failure(error)
    if sentence is None:
        assert described is None
    else:
        assert described is not None and sentence in described
