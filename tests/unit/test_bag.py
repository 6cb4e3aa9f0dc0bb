"""BagIt bag of a case: complete and valid, tampering caught, import validates first."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import bagit
import pytest
from sqlalchemy import select

from db.models import AuditEvent, Photo
from desktop.core.casefile import CaseFile
from desktop.core.errors import UserError
from desktop.core.export.bag import build_bag
from desktop.core.export.bag_import import import_bag
from desktop.core.export.bag_verify import verify_bag
from tests.unit.exportcase import make_export_case


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> CaseFile:
    case = make_export_case(tmp_path_factory.mktemp("bag"))
    yield case
    case.close()


@pytest.fixture(scope="module")
def bag(case: CaseFile, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_bag(case, tmp_path_factory.mktemp("bags") / "shusha-bag",
                     contact="Tester").path


def _copy_bag(bag: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "copy"
    shutil.copytree(bag, target)
    return target


def test_bag_is_complete_and_valid(bag: Path, case: CaseFile) -> None:
    report = verify_bag(bag)
    assert report.ok, report.problems
    assert set(report.algorithms) == {"sha256", "sha512"}
    assert (bag / "manifest-sha256.txt").is_file() and (bag / "manifest-sha512.txt").is_file()
    data = bag / "data"
    assert {p.name for p in data.iterdir()} == {"case.sqlite", "case.json", "dossier.pdf",
                                                "originals", "README.txt", "verify_chain.py"}
    assert (bag / "bagit.txt").read_text(encoding="utf-8").startswith("BagIt-Version: 1.0\n")
    info = dict(report.info)
    assert info["Contact-Name"] == "Tester"  # the investigator, never the system account
    assert info["Fragment-Audit-Head"] == report.case.head and report.case.ok
    assert report.dossier_recorded
    with case.read_session() as session:
        shas = set(session.scalars(select(Photo.sha256)))
    bagged = {p.name.split(".")[0] for p in (data / "originals").rglob("*.jpg")}
    assert bagged == shas
    for path in (data / "originals").rglob("*.jpg"):  # byte for byte
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name.split(".")[0]
    # a real, self-contained database snapshot (not WAL, so opening it adds no files)
    with sqlite3.connect(data / "case.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM photo").fetchone()[0] == len(shas)
    assert bagit.Bag(str(bag)).is_valid()  # the reference implementation agrees
    assert not list(bag.parent.glob(".*.part"))  # no temporary folder left


@pytest.mark.parametrize("target", ["data/case.sqlite", "data/dossier.pdf", "jpg"])
def test_a_one_byte_change_is_caught(bag: Path, tmp_path: Path, target: str) -> None:
    copy = _copy_bag(bag, tmp_path)
    path = next((copy / "data" / "originals").rglob("*.jpg")) if target == "jpg" \
        else copy / target
    path.chmod(0o644)
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01  # same size: a size-only check would miss it
    path.write_bytes(bytes(raw))
    report = verify_bag(copy)
    assert not report.ok
    assert any(path.name in problem for problem in report.problems)
    if target == "data/dossier.pdf":  # and the log does not vouch for the changed dossier
        assert not report.dossier_recorded


def test_import_bag_as_a_new_case(bag: Path, case: CaseFile, tmp_path: Path) -> None:
    restored_path = import_bag(bag, tmp_path / "Restored", investigator="Reader")
    assert restored_path.name == "Restored.fragment"
    with CaseFile.open(restored_path, readonly=True) as restored, \
            restored.read_session() as session:
        events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        assert events[-1].action == "case.import_bag"
        for photo in session.scalars(select(Photo)):
            path = restored.originals.path_for(photo.sha256, photo.ext)
            assert hashlib.sha256(path.read_bytes()).hexdigest() == photo.sha256


def test_import_refuses_a_tampered_bag_and_creates_nothing(bag: Path, tmp_path: Path) -> None:
    copy = _copy_bag(bag, tmp_path)
    (copy / "data" / "case.json").write_text("{}", encoding="utf-8")
    with pytest.raises(UserError, match="did not verify"):
        import_bag(copy, tmp_path / "Nope")
    assert not (tmp_path / "Nope.fragment").exists()


def test_paths_escaping_the_bag_are_refused(bag: Path, tmp_path: Path) -> None:
    copy = _copy_bag(bag, tmp_path / "inner")
    outside = tmp_path / "inner" / "copy-secret.txt"  # shares the bag's name as a prefix
    outside.write_text("secret", encoding="utf-8")
    digest = hashlib.sha256(b"secret").hexdigest()
    manifest = copy / "manifest-sha256.txt"
    with open(manifest, "a", encoding="utf-8") as handle:
        handle.write(f"{digest}  data/../../copy-secret.txt\n")
    report = verify_bag(copy)
    assert not report.ok and "escapes the bag" in report.problems[0]
    with pytest.raises(UserError, match="escapes the bag"):
        import_bag(copy, tmp_path / "Escaped")
    assert not (tmp_path / "Escaped.fragment").exists()


def test_symlinks_in_the_payload_are_refused(bag: Path, tmp_path: Path) -> None:
    copy = _copy_bag(bag, tmp_path)
    (copy / "data" / "link").symlink_to("/etc/hostname")
    report = verify_bag(copy)
    assert not report.ok and "link" in report.problems[0]


def test_build_refuses_a_non_empty_target(case: CaseFile, tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    from desktop.core.export.atomic import ExportError

    with pytest.raises(ExportError, match="not empty"):
        build_bag(case, target, contact="Tester", include_dossier=False)
    assert [p.name for p in target.iterdir()] == ["keep.txt"]


def test_an_incomplete_bag_with_fetch_txt_is_refused(bag: Path, tmp_path: Path) -> None:
    copy = _copy_bag(bag, tmp_path)
    (copy / "fetch.txt").write_text("https://example.org/x.jpg 10 data/x.jpg\n",
                                    encoding="utf-8")
    report = verify_bag(copy)
    assert not report.ok and "fetch.txt" in report.problems[0]


def test_problems_are_listed_once_and_bagit_prints_nothing(
        bag: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    copy = _copy_bag(bag, tmp_path / "inner")
    for manifest in ("manifest-sha256.txt", "manifest-sha512.txt"):
        with open(copy / manifest, "a", encoding="utf-8") as handle:
            handle.write(f"{'0' * 64}  data/../../outside.txt\n")
    report = verify_bag(copy)
    assert len(report.problems) == 1 and "escapes the bag" in report.problems[0]
    damaged = _copy_bag(bag, tmp_path / "other")
    (damaged / "data" / "case.json").write_text("{}", encoding="utf-8")
    capfd.readouterr()
    report = verify_bag(damaged)
    assert not report.ok and any("case.json" in p for p in report.problems)
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # bagit's log lines became our report, not terminal noise
