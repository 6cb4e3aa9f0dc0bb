"""Tags on photos: checked, audited, undoable, searchable, kept by dump/load, bags, exports
and the migration that adds them."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from db.engine import make_engine
from db.migrate import upgrade
from db.models import AuditEvent, PhotoTag
from desktop.cli import run_cli
from desktop.core.casefile import CaseFile
from desktop.core.demo import build_demo_case
from desktop.core.errors import ValidationError
from desktop.core.export.bag import build_bag
from desktop.core.export.bag_import import import_bag
from desktop.core.export.bag_verify import verify_bag
from desktop.core.export.csv_export import write_csv
from desktop.core.export.service import export_dossier
from desktop.core.interchange import dump_case, load_case
from desktop.core.ops.tag_commands import TagPhotos, UntagPhotos
from desktop.core.ops.tags import add_tags, clean_tag, clean_tags
from desktop.core.queries.dossier import DossierOptions, dossier_data
from desktop.core.queries.photos import get_photo_by_label, list_photos
from desktop.core.queries.search import search
from desktop.core.queries.tags import case_tags
from desktop.core.verify import verify_case
from tests.unit.test_postgres import pg_url  # noqa: F401  (the fixture)

SCRIPT = Path(__file__).parents[2] / "resources" / "verify" / "verify_chain.py"


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    case = build_demo_case(tmp_path_factory.mktemp("demo") / "Shusha", investigator="Tester")
    case.close()
    return case.root


@pytest.fixture
def demo(demo_root: Path, tmp_path: Path) -> CaseFile:
    copy = tmp_path / "Shusha.fragment"
    shutil.copytree(demo_root, copy)
    case = CaseFile.open(copy, investigator="Tester")
    yield case
    case.close()


def _ids(case: CaseFile, *labels: str) -> list[int]:
    return [case.read(get_photo_by_label, label).id for label in labels]  # type: ignore[union-attr]


def _tags(case: CaseFile, label: str) -> tuple[str, ...]:
    info = case.read(get_photo_by_label, label)
    assert info is not None
    return info.tags


def test_a_tag_is_trimmed_and_checked() -> None:
    assert clean_tag("  tail   section ") == "tail section"
    assert clean_tags(["Motor", "motor", "MOTOR", "fin"]) == ["Motor", "fin"]
    for bad, words in (("", "empty"), ("   ", "empty"), ("a\tb", "control"),
                       ("line\nbreak", "control"), ("x" * 65, "at most 64"), (3, "text")):
        with pytest.raises(ValidationError, match=words):
            clean_tag(bad)
    assert clean_tag("x" * 64) == "x" * 64


def test_tagging_is_audited_undoable_and_verifies(demo: CaseFile) -> None:
    p1, p2 = _ids(demo, "P1", "P2")
    command = TagPhotos([p1, p2], ["rusty", "Tail section"])
    changes = command.redo(demo)
    assert {r.id for r in changes.updated} == {p1, p2}
    assert _tags(demo, "P1") == ("rusty", "Tail section") == _tags(demo, "P2")
    # a second tag differing only in case is the same tag; nothing is added
    assert not add_tags(demo, photo_ids=[p1], tags=["RUSTY"]).rows
    assert dict(demo.read(case_tags)) == {"rusty": 2, "Tail section": 2}
    with demo.read_session() as s:
        last = list(s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(2)))
    assert {e.action for e in last} == {"photo.tag"}
    assert {tuple(e.details["added"]) for e in last} == {("rusty", "Tail section")}
    assert all(entry["type"] == "photo_tag" for e in last for entry in e.state)
    assert verify_case(demo).ok

    remove = UntagPhotos([p1], ["tail SECTION"])
    remove.redo(demo)
    assert _tags(demo, "P1") == ("rusty",)
    remove.undo(demo)  # the very row comes back
    assert _tags(demo, "P1") == ("rusty", "Tail section")
    command.undo(demo)
    assert _tags(demo, "P1") == () == _tags(demo, "P2")
    command.redo(demo)
    assert _tags(demo, "P2") == ("rusty", "Tail section")
    assert verify_case(demo).ok


def test_a_refused_tag_changes_nothing(demo: CaseFile) -> None:
    [p1] = _ids(demo, "P1")
    with demo.read_session() as s:
        before = len(list(s.scalars(select(AuditEvent))))
    with pytest.raises(ValidationError, match="control"):
        add_tags(demo, photo_ids=[p1], tags=["fine", "bad\x07"])
    with pytest.raises(ValidationError, match="no photo"):
        add_tags(demo, photo_ids=[p1, 999], tags=["fine"])
    with demo.read_session() as s:
        assert len(list(s.scalars(select(AuditEvent)))) == before
        assert not list(s.scalars(select(PhotoTag)))


def test_a_photo_is_found_by_its_tags_once(demo: CaseFile) -> None:
    [p2] = _ids(demo, "P2")
    add_tags(demo, photo_ids=[p2], tags=["nozzle", "nozzle ring"])
    hits = demo.read(search, "nozzle ring IMG")
    assert [(h.kind, h.label, h.photo_id) for h in hits] == [("photo", "P2", p2)]
    assert hits.hits[0].text == "IMG_0415.jpg" and "nozzle" in hits.hits[0].context
    UntagPhotos([p2], ["nozzle", "nozzle ring"]).redo(demo)
    assert not demo.read(search, "nozzle")


def test_the_cli_tags_and_untags(demo: CaseFile, capsys: pytest.CaptureFixture[str]) -> None:
    root = demo.root
    demo.close()
    assert run_cli(["tag", str(root), "P3", "motor", "Motor", "fin"]) == 0
    assert "Tagged P3: motor, fin." in capsys.readouterr().out
    assert run_cli(["tag", str(root), "p3", "FIN", "--remove"]) == 0
    assert "Removed from P3: fin." in capsys.readouterr().out
    assert run_cli(["tag", str(root), "P3", "x" * 70]) == 2
    assert "at most 64" in capsys.readouterr().err
    assert run_cli(["tag", str(root), "P9", "x"]) == 2
    assert run_cli(["photos", str(root), "--json"]) == 0
    photos = json.loads(capsys.readouterr().out)["photos"]
    assert {p["label"]: p["tags"] for p in photos} == {"P1": [], "P2": [], "P3": ["motor"]}


def test_tags_survive_dump_and_load(demo: CaseFile, tmp_path: Path) -> None:
    p1, p3 = _ids(demo, "P1", "P3")
    add_tags(demo, photo_ids=[p1, p3], tags=["Shusha", "motor section"])
    (tmp_path / "out").mkdir()
    dump_case(demo, tmp_path / "out" / "case.json")
    doc = json.loads((tmp_path / "out" / "case.json").read_text(encoding="utf-8"))
    assert [p["tags"] for p in doc["photos"]] == [["motor section", "Shusha"], [],
                                                   ["motor section", "Shusha"]]
    with CaseFile.create(tmp_path / "Copy", title="copy", investigator="T") as copy:
        load_case(copy, tmp_path / "out" / "case.json")
        assert {p.label: p.tags for p in copy.read(list_photos)} == {
            "P1": ("motor section", "Shusha"), "P2": (), "P3": ("motor section", "Shusha")}
        assert verify_case(copy).ok
        assert sorted(h.label for h in copy.read(search, "shusha motor")) == ["P1", "P3"]


@pytest.mark.parametrize(("tags", "words"), [
    ("motor", "expected a list"), (["ok", "x" * 65], r"photos\[0\]\.tags\[1\]: a tag has at"),
    (["tab\there"], "control"), (["t"] * 201, "at most 200 tags")])
def test_the_loader_checks_tags(demo: CaseFile, tmp_path: Path, tags: object,
                                words: str) -> None:
    (tmp_path / "out").mkdir()
    dump_case(demo, tmp_path / "out" / "case.json")
    doc = json.loads((tmp_path / "out" / "case.json").read_text(encoding="utf-8"))
    doc["photos"][0]["tags"] = tags
    (tmp_path / "out" / "case.json").write_text(json.dumps(doc), encoding="utf-8")
    with CaseFile.create(tmp_path / "Copy", title="copy", investigator="T") as copy:
        with pytest.raises(ValidationError, match=words):
            load_case(copy, tmp_path / "out" / "case.json")
        assert copy.read(list_photos) == []


def test_tags_in_a_bag_verify_and_come_back(demo: CaseFile, tmp_path: Path) -> None:
    [p2] = _ids(demo, "P2")
    add_tags(demo, photo_ids=[p2], tags=["tail"])
    bag = build_bag(demo, tmp_path / "bag", contact="Tester").path
    assert verify_bag(bag).ok
    done = subprocess.run([sys.executable, "-I", str(SCRIPT), str(bag / "data" / "case.sqlite")],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip().endswith("OK"), done.stdout
    imported = CaseFile.open(import_bag(bag, tmp_path / "Again"), investigator="T")
    try:
        assert _tags(imported, "P2") == ("tail",)
        assert [h.label for h in imported.read(search, "tail")] == ["P2"]
    finally:
        imported.close()
    # a tag edited outside Fragment is caught by the reader's script
    raw = sqlite3.connect(bag / "data" / "case.sqlite")
    raw.execute("UPDATE photo_tag SET tag = 'head'")
    raw.commit()
    raw.close()
    done = subprocess.run([sys.executable, "-I", str(SCRIPT), str(bag / "data" / "case.sqlite")],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode != 0 and "photo_tag" in done.stdout


def test_tags_in_the_csv_and_the_dossier(demo: CaseFile, tmp_path: Path) -> None:
    [p1] = _ids(demo, "P1")
    add_tags(demo, photo_ids=[p1], tags=["tail section", "Iskander"])
    data = dossier_data(demo, DossierOptions())
    paths = write_csv(data, tmp_path / "csv")
    with open(paths[-1], encoding="utf-8-sig", newline="") as handle:
        rows = {row["photo_label"]: row for row in csv.DictReader(handle)}
    assert rows["P1"]["tags"] == "Iskander; tail section" and rows["P2"]["tags"] == ""
    result = export_dossier(demo, tmp_path / "d.pdf")
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(result.path), "-"],
                          check=True, capture_output=True, text=True).stdout
    [line] = [line for line in text.splitlines() if line.strip().startswith("Tags")]
    assert "Iskander, tail section" in line


def test_the_migration_goes_down_and_up_on_a_copy_of_the_demo(demo: CaseFile,
                                                                tmp_path: Path) -> None:
    [p1] = _ids(demo, "P1")
    add_tags(demo, photo_ids=[p1], tags=["rusty"])
    demo.close()
    db_file = tmp_path / "copy.sqlite"
    shutil.copy(demo.root / "case.sqlite", db_file)
    engine = make_engine(f"sqlite:///{db_file}")
    try:
        from alembic import command

        from db.migrate import alembic_config
        with engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=OFF")
            with conn.begin():
                cfg = alembic_config()
                cfg.attributes["connection"] = conn
                command.downgrade(cfg, "0010")
            raw.execute("PRAGMA foreign_keys=ON")
            conn.invalidate()
        raw_db = sqlite3.connect(db_file)
        tables = {r[0] for r in raw_db.execute("SELECT name FROM sqlite_master")}
        assert "photo_tag" not in tables and not any("photo_tag" in t for t in tables)
        assert raw_db.execute("SELECT count(*) FROM photo").fetchone() == (3,)
        # the index is 0010's again: a photo can be written, and is found by its name only
        raw_db.execute("UPDATE photo SET notes = 'rusty' WHERE id = 2")
        assert raw_db.execute("SELECT object_id FROM search_index WHERE search_index "
                              "MATCH 'rusty'").fetchall() == [(2,)]
        raw_db.close()
        upgrade(engine, backup_dir=tmp_path / "backups")
        raw_db = sqlite3.connect(db_file)
        assert raw_db.execute("SELECT count(*) FROM photo_tag").fetchone() == (0,)
        raw_db.execute("INSERT INTO photo_tag (uid, photo_id, tag, tag_key) "
                       "VALUES ('u1', 3, 'nozzle', 'nozzle')")
        assert raw_db.execute("SELECT object_id FROM search_index WHERE search_index "
                              "MATCH 'nozzle'").fetchall() == [(3,)]
        assert raw_db.execute("SELECT version_num FROM alembic_version").fetchone() == ("0011",)
        raw_db.close()
    finally:
        engine.dispose()


def test_the_migration_goes_down_and_up_on_postgresql(pg_url: str) -> None:  # noqa: F811
    from alembic import command

    from db.migrate import alembic_config
    from db.search_index import search_triggers_present

    engine = make_engine(pg_url)
    try:
        upgrade(engine)
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO photo (uid, label, sha256, file_name, source_path, ext, format, "
                "byte_size, width, height, flags, exif, view_adjustments, imported_at, "
                "imported_by, notes, taken_by, provided_by, acquisition, original_url, "
                "version) VALUES ('p1', 'P1', repeat('a', 64), 'IMG_1.jpg', '', 'jpg', "
                "'JPEG', 1, 1, 1, '[]', '{}', '{}', '2026-01-01T00:00:00+00:00', 't', '', "
                "'', '', 'unknown', '', 1)")
            conn.exec_driver_sql("INSERT INTO photo_tag (uid, photo_id, tag, tag_key) "
                                 "SELECT 't1', id, 'Nozzle', 'nozzle' FROM photo")
            assert conn.exec_driver_sql("SELECT label FROM search_entry WHERE document @@ "
                                        "to_tsquery('simple', 'NOZZLE')").scalars().all() == ["P1"]
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0010")
            assert "photo_tag" not in sa_inspect(conn).get_table_names()
            conn.exec_driver_sql("UPDATE photo SET notes = 'rusty'")  # 0010's triggers work
            assert conn.exec_driver_sql("SELECT count(*) FROM search_entry WHERE document @@ "
                                        "to_tsquery('simple', 'RUSTY')").scalar() == 1
        upgrade(engine)
        with engine.connect() as conn:
            assert search_triggers_present(conn)
            assert "photo_tag" in sa_inspect(conn).get_table_names()
    finally:
        engine.dispose()
