"""Every tampering INTEGRITY.md lists is caught: by the case alone, or with a head kept.

Each test copies one pristine case, changes it the way someone with file access would
(raw SQLite, file swaps, deleting or rebuilding the log), and runs the real ``verify``.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from desktop.core import audit
from desktop.core.casefile import CaseFile
from desktop.core.ops.claims import update_claim
from desktop.core.verify import VerifyReport, open_case_or_bag, verify_case
from tests.unit.exportcase import make_export_case


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    case = make_export_case(tmp_path_factory.mktemp("pristine"))
    root = case.root
    case.close()
    return root


@pytest.fixture
def copy(pristine: Path, tmp_path: Path) -> Path:
    target = tmp_path / pristine.name
    shutil.copytree(pristine, target)
    for path in (target / "originals").rglob("*"):
        if path.is_file():
            path.chmod(0o644)  # the store is read-only; a tamperer does not care
    return target


@pytest.fixture
def db(copy: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(copy / "case.sqlite", isolation_level=None)
    yield conn
    conn.close()


def check(root: Path, expect_head: str | None = None) -> VerifyReport:
    with open_case_or_bag(root) as case:
        return verify_case(case, expect_head=expect_head)


def head_of(root: Path) -> str:
    return check(root).head


def kinds(report: VerifyReport) -> set[str]:
    return {p.kind for p in report.problems}


def finding(report: VerifyReport, kind: str, table: str) -> dict:
    found = [p.object for p in report.problems if p.kind == kind and p.object
             and p.object["type"] == table]
    assert found, [p.detail for p in report.problems]
    return found[0]


def test_the_pristine_case_verifies(pristine: Path) -> None:
    report = check(pristine)
    assert report.ok, [p.detail for p in report.problems]
    assert report.audit_events >= 5 and len(report.head) == 64


@pytest.mark.parametrize(("sql", "table", "fields"), [
    ("UPDATE claim SET statement = 'Nothing happened.' WHERE id = 1", "claim", ["statement"]),
    ("UPDATE annotation SET transcription = '9M728' WHERE id = 1", "annotation",
     ["transcription"]),
    ("UPDATE location SET lat = lat + 0.01, lon = lon - 0.01 WHERE id = 1", "location",
     ["lat", "lon"]),
    ("UPDATE photo SET camera_model = 'Other', notes = 'x' WHERE id = 1", "photo",
     ["camera_model", "notes"]),
    ("UPDATE link SET stance = 'supports' WHERE stance = 'contradicts'", "link", ["stance"]),
    ("UPDATE case_info SET title = 'Another case'", "case_info", ["title"]),
    ("UPDATE source SET url = 'https://example.com/x' WHERE id = 1", "source", ["url"]),
])
def test_a_row_edited_outside_the_app_is_named_by_object_and_field(
        copy: Path, db: sqlite3.Connection, sql: str, table: str, fields: list[str]) -> None:
    db.execute(sql)
    report = check(copy)
    assert not report.ok
    altered = finding(report, "altered", table)
    assert altered["fields"] == fields
    assert altered["event"] is not None


def test_an_original_swapped_together_with_its_row_is_caught(
        copy: Path, db: sqlite3.Connection, tmp_path: Path) -> None:
    sha, ext = db.execute("SELECT sha256, ext FROM photo WHERE id = 1").fetchone()
    fake = tmp_path / "fake.jpg"
    Image.new("RGB", (1600, 1200), (10, 200, 10)).save(fake, "JPEG")
    data = fake.read_bytes()
    new_sha = hashlib.sha256(data).hexdigest()
    old = copy / "originals" / sha[:2] / sha[2:4] / f"{sha}.{ext}"
    new = copy / "originals" / new_sha[:2] / new_sha[2:4] / f"{new_sha}.{ext}"
    new.parent.mkdir(parents=True, exist_ok=True)
    new.write_bytes(data)
    old.unlink()
    db.execute("UPDATE photo SET sha256 = ?, byte_size = ? WHERE id = 1", (new_sha, len(data)))
    report = check(copy)
    # the file matches its row, but the row is not the one the log committed to
    assert "modified" not in kinds(report) and "missing" not in kinds(report)
    assert set(finding(report, "altered", "photo")["fields"]) == {"sha256", "byte_size"}


def test_an_original_changed_on_disk_is_caught(copy: Path, db: sqlite3.Connection) -> None:
    sha, ext = db.execute("SELECT sha256, ext FROM photo WHERE id = 2").fetchone()
    path = copy / "originals" / sha[:2] / sha[2:4] / f"{sha}.{ext}"
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    assert "modified" in kinds(check(copy))


def test_rows_inserted_or_deleted_outside_the_app(copy: Path, db: sqlite3.Connection) -> None:
    db.execute("INSERT INTO actor (uid, name, kind, affiliation) "
               "VALUES ('forged', 'Planted witness', 'official', '')")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("DELETE FROM claim WHERE id = (SELECT MAX(id) FROM claim)")
    report = check(copy)
    assert finding(report, "unaudited", "actor")["uid"] == "forged"
    assert finding(report, "vanished", "claim")["label"].startswith("C")
    # the links the database removed with the claim vanished too
    assert finding(report, "vanished", "link")


def test_an_edited_audit_event_breaks_the_chain(copy: Path, db: sqlite3.Connection) -> None:
    db.execute("UPDATE audit_event SET investigator = 'Someone else' WHERE id = 2")
    assert "broken_chain" in kinds(check(copy))


def test_cutting_the_newest_events_needs_the_head_a_reader_kept(
        copy: Path, db: sqlite3.Connection) -> None:
    with CaseFile.open(copy, investigator="Tester") as case:
        update_claim(case, claim_id=1, note="Checked against the article.")
    kept = head_of(copy)  # what a dossier made now would print
    db.execute("DELETE FROM audit_event WHERE id = (SELECT MAX(id) FROM audit_event)")
    db.execute("UPDATE claim SET note = '' WHERE id = 1")  # and hide the change it recorded
    alone = check(copy)
    assert alone.ok  # the case alone cannot know: INTEGRITY.md's table says so
    with_head = check(copy, expect_head=kept)
    assert kinds(with_head) == {"unknown_head"}


def test_deleting_every_event_leaves_every_record_unaudited(
        copy: Path, db: sqlite3.Connection) -> None:
    kept = head_of(copy)
    db.execute("DELETE FROM audit_event")
    report = check(copy, expect_head=kept)
    assert {"unaudited", "unknown_head"} <= kinds(report)
    assert not any(p.kind == "altered" for p in report.problems)


def test_rolling_the_database_back_to_an_older_copy(copy: Path, tmp_path: Path) -> None:
    older = tmp_path / "older.sqlite"
    shutil.copyfile(copy / "case.sqlite", older)
    with CaseFile.open(copy, investigator="Tester") as case:
        update_claim(case, claim_id=2, status="refuted")
    kept = head_of(copy)
    shutil.copyfile(older, copy / "case.sqlite")
    assert check(copy).ok
    assert kinds(check(copy, expect_head=kept)) == {"unknown_head"}


def test_a_rebuilt_chain_is_caught_only_with_a_kept_head(
        copy: Path, db: sqlite3.Connection) -> None:
    kept = head_of(copy)
    db.execute("UPDATE claim SET statement = 'Rewritten history.' WHERE id = 1")
    db.execute("DELETE FROM audit_event")  # ...then forge a fresh, consistent log
    with CaseFile.open(copy, investigator="Forger") as case, case.write_session() as s:
        audit.record_baseline(s, investigator="Forger", action="case.create")
    assert check(copy).ok
    assert kinds(check(copy, expect_head=kept)) == {"unknown_head"}


def test_a_kept_head_that_is_still_in_the_log_passes_and_says_how_far_behind(
        copy: Path) -> None:
    kept = head_of(copy)
    with CaseFile.open(copy, investigator="Tester") as case:
        update_claim(case, claim_id=1, note="later work")
    report = check(copy, expect_head=kept)
    assert report.ok
    assert any("1 event(s) were recorded after it" in note for note in report.notes)


def test_verify_never_changes_a_byte_of_the_case_folder(copy: Path) -> None:
    def snapshot() -> dict[str, str]:
        return {p.relative_to(copy).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(copy.rglob("*")) if p.is_file()}

    before = snapshot()
    assert check(copy).ok
    assert check(copy, expect_head="0" * 64).problems  # a failing check writes nothing either
    assert snapshot() == before


def test_verify_works_on_a_read_only_copy(copy: Path) -> None:
    for path in [copy, *copy.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        assert check(copy).ok
    finally:
        for path in [copy, *copy.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
