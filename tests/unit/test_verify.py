"""``verify_case``: tampered originals, stray files, the audit chain, the database."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from pathlib import Path

import pytest

from desktop.core.casefile import CaseFile
from desktop.core.ingest import import_paths
from desktop.core.queries.photos import list_photos
from desktop.core.verify import verify_case
from tests.unit.import_helpers import jpeg_bytes, write


@pytest.fixture
def case_with_photos(new_case: CaseFile, tmp_path: Path) -> CaseFile:
    files = [write(tmp_path / "in" / f"p{i}.jpg", jpeg_bytes(seed=i)) for i in range(3)]
    report = import_paths(new_case, files)
    assert report.count("imported") == 3
    return new_case


def _first_original(case: CaseFile) -> tuple[int, Path]:
    with case.read_session() as s:
        info = list_photos(s)[0]
    return info.id, case.root / info.store_path


def test_a_clean_case_verifies(case_with_photos: CaseFile) -> None:
    report = verify_case(case_with_photos)
    assert report.ok and report.checked == 3 and report.problems == ()
    assert report.audit_events == 1 + 3  # case.create + three photo.import
    assert report.as_json() == {"ok": True, "head": report.head, "events": 4, "checked": 3,
                                "problems": [], "notes": []}
    assert len(report.head) == 64


def test_a_one_byte_change_is_caught(case_with_photos: CaseFile) -> None:
    photo_id, original = _first_original(case_with_photos)
    original.chmod(stat.S_IRUSR | stat.S_IWUSR)  # originals are read-only: tamper on purpose
    data = bytearray(original.read_bytes())
    data[len(data) // 2] ^= 0x01
    original.write_bytes(bytes(data))
    report = verify_case(case_with_photos)
    assert not report.ok
    [problem] = report.problems
    assert (problem.kind, problem.photo_id) == ("modified", photo_id)
    assert problem.expected == original.name.split(".")[0]
    assert problem.actual is not None and problem.actual != problem.expected


def test_a_missing_original_is_caught(case_with_photos: CaseFile) -> None:
    photo_id, original = _first_original(case_with_photos)
    original.unlink()
    [problem] = verify_case(case_with_photos).problems
    assert (problem.kind, problem.photo_id, problem.actual) == ("missing", photo_id, None)


def test_unexpected_files_and_orphans(case_with_photos: CaseFile) -> None:
    store = case_with_photos.originals
    write(store.root / "notes.txt", b"hello")
    # an orphan: named by its own hash, as an interrupted import leaves it
    orphan_bytes = jpeg_bytes(seed=99)
    sha = hashlib.sha256(orphan_bytes).hexdigest()
    write(store.path_for(sha, "jpg"), orphan_bytes)
    # a file under a hash name whose content does not match it
    fake = "ab" * 32
    write(store.path_for(fake, "jpg"), b"not what the name says")
    report = verify_case(case_with_photos)
    kinds = sorted((p.kind, p.expected or "") for p in report.problems)
    assert kinds == [("unexpected", ""), ("unexpected", fake)]
    assert len(report.notes) == 1 and "orphan" in report.notes[0] and sha in report.notes[0]


def test_an_edited_audit_event_breaks_the_chain(case_with_photos: CaseFile) -> None:
    raw = sqlite3.connect(case_with_photos.root / "case.sqlite")
    raw.execute("UPDATE audit_event SET investigator = 'Mallory' WHERE id = 2")
    raw.commit()
    raw.close()
    report = verify_case(case_with_photos)
    assert [p.kind for p in report.problems] == ["broken_chain"]
    assert "audit event 2" in report.problems[0].detail


def test_a_broken_foreign_key_is_reported(case_with_photos: CaseFile) -> None:
    raw = sqlite3.connect(case_with_photos.root / "case.sqlite")  # foreign keys off here
    raw.execute("INSERT INTO location (uid, label, name, aliases, lat, lon, kind, raw_text, "
                "notation, photo_id, note) VALUES ('x', 'L99', '', '[]', 1, 2, 'camera', '', '', "
                "999, '')")
    raw.commit()
    raw.close()
    report = verify_case(case_with_photos)
    assert any(p.kind == "database" and "location" in p.detail for p in report.problems)
    assert any(p.kind == "unaudited" and "location L99" in p.detail for p in report.problems)
