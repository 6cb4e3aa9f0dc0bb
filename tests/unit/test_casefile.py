"""Case folders: creation, locking, SQLite settings, the audit chain."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from db.models import Annotation, AuditEvent, CaseInfo, Photo
from desktop.core.audit import verify_chain
from desktop.core.casefile import CaseFile
from desktop.core.errors import CaseError, CaseLockedError


def test_create_makes_the_folder_layout(tmp_path: Path) -> None:
    with CaseFile.create(tmp_path / "Shusha", title="Shusha debris", investigator="A") as case:
        assert case.root.name == "Shusha.fragment"
        for name in ("case.sqlite", "originals", "derived"):
            assert (case.root / name).exists()
        with case.read_session() as s:
            info = s.scalar(select(CaseInfo))
            assert info is not None and info.title == "Shusha debris"
            assert info.created_by == "A"


def test_create_refuses_existing_folder(tmp_path: Path) -> None:
    CaseFile.create(tmp_path / "X", title="x").close()
    with pytest.raises(CaseError, match="already exists"):
        CaseFile.create(tmp_path / "X", title="x")


def test_second_writer_gets_a_clear_error(new_case: CaseFile) -> None:
    with pytest.raises(CaseLockedError, match="open in another window or process"):
        CaseFile.open(new_case.root)
    with CaseFile.open(new_case.root, readonly=True) as reader:  # readers are welcome
        with reader.read_session() as s:
            assert s.scalar(select(CaseInfo.title)) == "Test case"


def test_lock_is_released_on_close(tmp_path: Path) -> None:
    case = CaseFile.create(tmp_path / "L", title="l")
    case.close()
    CaseFile.open(case.root).close()


def test_open_rejects_a_folder_that_is_not_a_case(tmp_path: Path) -> None:
    (tmp_path / "junk").mkdir()
    with pytest.raises(CaseError, match="not a Fragment case"):
        CaseFile.open(tmp_path / "junk")


def test_sqlite_settings(new_case: CaseFile) -> None:
    with new_case.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_orphan_annotation_is_refused(new_case: CaseFile) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), new_case.write_session() as s:
        s.add(Annotation(photo_id=999, number=1, shape_type="point", geometry={"x": 1, "y": 2}))


def test_write_transaction_takes_the_lock_up_front(new_case: CaseFile) -> None:
    """BEGIN IMMEDIATE: a second connection cannot start writing while we hold it."""
    with new_case.write_session() as s:
        s.execute(select(CaseInfo)).all()
        other = sqlite3.connect(new_case.root / "case.sqlite", timeout=0.1)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
        new_case.audit(s, "test.setup", "case")


def test_audit_chain_detects_an_edited_event(new_case: CaseFile) -> None:
    with new_case.write_session() as s:
        new_case.audit(s, "test.one", "case", 1, {"after": {"x": 1}})
        new_case.audit(s, "test.two", "case", 1, {"after": {"x": 2}})
    with new_case.read_session() as s:
        count, problems = verify_chain(s)
    assert count == 3 and problems == []
    # Tamper through a plain connection, as an attacker with the file would.
    raw = sqlite3.connect(new_case.root / "case.sqlite")
    raw.execute("""UPDATE audit_event SET details='{"after":{"x":99}}' WHERE action='test.one'""")
    raw.commit()
    raw.close()
    with new_case.read_session() as s:
        _, problems = verify_chain(s)
    assert [p.detail for p in problems] == ["content does not match its hash"]


def test_audit_chain_detects_a_deleted_event(new_case: CaseFile) -> None:
    with new_case.write_session() as s:
        for i in range(3):
            new_case.audit(s, f"test.{i}", "case", 1)
        second = s.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()[2]
    with new_case.write_session() as s:
        s.execute(text("DELETE FROM audit_event WHERE id = :i"), {"i": second})
    with new_case.read_session() as s:
        _, problems = verify_chain(s)
    assert any("previous-hash" in p.detail for p in problems)


def test_failed_transaction_leaves_nothing(new_case: CaseFile) -> None:
    with pytest.raises(RuntimeError), new_case.write_session() as s:
        s.execute(update(CaseInfo).values(title="changed"))
        new_case.audit(s, "case.edit", "case", 1)
        raise RuntimeError("boom")
    with new_case.read_session() as s:
        assert s.scalar(select(CaseInfo.title)) == "Test case"
        assert s.scalar(select(Photo.id)) is None
        assert len(s.scalars(select(AuditEvent)).all()) == 1


def test_unreachable_team_database_leaves_no_folder(tmp_path: Path) -> None:
    url = "postgresql+psycopg://nobody:secret@127.0.0.1:9/none"  # port 9: nothing listens
    with pytest.raises(CaseError, match="cannot reach the case database"):
        CaseFile.create(tmp_path / "Team", title="Team", database_url=url)
    assert not (tmp_path / "Team.fragment").exists()
