"""Full-text search: what it finds, how it folds markings, hostile queries, and that the
index stays derived data (kept in step by triggers, invisible to verify, rebuilt on upgrade
and on bag import)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from db.migrate import upgrade
from db.search_index import DASHES, fold_word, search_triggers_present
from desktop.core.casefile import CaseFile
from desktop.core.demo import build_demo_case
from desktop.core.interchange import dump_case, load_case
from desktop.core.markings import _LOOKALIKES, normalize_marking
from desktop.core.ops.annotations import delete_annotation, update_annotation
from desktop.core.ops.claims import create_claim
from desktop.core.ops.photos import set_photo_notes
from desktop.core.queries import search as search_module
from desktop.core.queries.search import SearchHit, SearchQueryError, SearchResults, search
from desktop.core.verify import verify_case

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    case = build_demo_case(tmp_path_factory.mktemp("demo") / "Demo")
    root = case.root
    case.close()
    return root


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[CaseFile]:
    root = tmp_path / demo_template.name
    shutil.copytree(demo_template, root)
    with CaseFile.open(root, investigator="Tester") as case:
        yield case


def labels(case: CaseFile, query: str, **kw: int) -> list[str]:
    return [hit.label for hit in case.read(search, query, **kw)]


def hits(case: CaseFile, query: str) -> dict[str, SearchHit]:
    return {hit.label: hit for hit in case.read(search, query)}


def test_the_index_folds_markings_as_the_catalog_does() -> None:
    for latin, chars in _LOOKALIKES.items():
        for char in chars:
            assert fold_word(char) == normalize_marking(char) == latin
    for dash in DASHES:
        assert fold_word(f"9M{dash}723") == normalize_marking(f"9M{dash}723") == "9M723"
    for text in ("Х-101", "Kh-101", "kh101", "9м723", "9М723К1"):
        assert fold_word(text) == normalize_marking(text)


@pytest.mark.parametrize("reading", [
    "9М723", "9M-723", "Х-101 kh101 Kh_22", "ΑΒΕΖ αβε", "9Н235 — lot 08‐20", "plain ascii",
    "Ёж Кх", "line\nbreak ﹣x", "",
])
def test_the_database_folds_exactly_as_the_query_side(demo: CaseFile, reading: str) -> None:
    a1 = hits(demo, "9M723")["A1"]
    update_annotation(demo, annotation_id=a1.object_id, transcription=reading, notes="n-1 Мk")
    with demo.read_session() as session:
        folded = session.connection().exec_driver_sql(
            f"SELECT folded FROM search_index WHERE rowid = {a1.object_id * 8 + 1}").scalar()
    expected = fold_word(f"{reading} n-1 Мk") + " " + fold_word(reading).replace(" ", "")
    assert folded.upper() == expected.upper()


def test_each_kind_is_found_with_kind_label_and_text(demo: CaseFile) -> None:
    found = hits(demo, "9M723")
    assert {"A1", "A4", "A7", "C2", "S1"} <= set(found)
    assert found["A1"].kind == "annotation" and found["A1"].text == "9М723"
    assert found["A1"].photo_id is not None and found["A1"].object_id > 0
    assert (found["A1"].photo_label, found["A4"].photo_label) == ("P1", "P2")
    assert found["C2"].kind == "claim" and "9M723" in found["C2"].text
    assert found["S1"].kind == "source" and "9M723" in found["S1"].context
    photo = hits(demo, "IMG_0412")["P1"]
    assert (photo.kind, photo.text, photo.photo_id) == ("photo", "IMG_0412.jpg",
                                                        photo.object_id)
    # Notes: the passage that matched comes back as context.
    assert hits(demo, "pale paint")["A1"].context.startswith("Stencilled in pale paint")


def test_cyrillic_and_latin_look_alikes_find_each_other(demo: CaseFile) -> None:
    cyrillic_readings = {"A1", "A4", "A7"}  # stencilled 9М723 with a Cyrillic М
    for query in ("9M723", "9М723", "9м723", "9m-723", "9M 723", "9M7", "9м7"):
        assert cyrillic_readings <= set(labels(demo, query)), query
    # A Latin reading is found by a Cyrillic query too.
    update_annotation(demo, annotation_id=hits(demo, "9M723")["A1"].object_id,
                      transcription="9M723")
    assert "A1" in labels(demo, "9М723")
    assert "C2" in labels(demo, "9М723")  # the claim writes 9M723 in Latin


def test_words_are_anded_phrases_ordered_and_case_and_accents_ignored(
        demo: CaseFile) -> None:
    both = set(labels(demo, "armenia iskander"))
    assert both and both <= set(labels(demo, "armenia")) & set(labels(demo, "iskander"))
    assert {"C3", "C5"} <= set(labels(demo, '"did not use"'))
    assert labels(demo, '"use not did"') == []
    assert labels(demo, "AZERBAIDJAN") == labels(demo, "azerbaïdjan") == ["S1"]
    assert labels(demo, "iskan", limit=2) == labels(demo, "ISKANDER", limit=2)
    assert len(labels(demo, "iskander", limit=2)) == 2


@pytest.mark.parametrize("query", [
    '"', '""', '"9M723', "9M723\"", "***", "9M7*", "NEAR(a b)", "a NEAR b", "AND", "OR",
    "NOT", "a AND OR NOT b", "(", ")", "{label}:x", "label:A1", "body:x", "a:b^c", "^x",
    "- x", "+", "a\x00b", "\x00", "'; DROP TABLE annotation; --", "\\", "*\"*\"*", "%_",
    " ", "", "\u202e\u0301", "x" * 499,
])
def test_hostile_queries_never_raise(demo: CaseFile, query: str) -> None:
    assert isinstance(demo.read(search, query), SearchResults)


def test_ranking_is_bounded_and_says_when_there_is_more(
        demo: CaseFile, monkeypatch: pytest.MonkeyPatch) -> None:
    everything = demo.read(search, "9M723")
    assert not everything.more and len(everything) == 5
    monkeypatch.setattr(search_module, "RANK_CAP", 2)
    bounded = demo.read(search, "9M723")
    assert bounded.more and len(bounded) == 2
    assert {h.label for h in bounded} <= {h.label for h in everything}
    assert labels(demo, "9M723", limit=1) == [bounded.hits[0].label]
    assert labels(demo, "9") == []  # one character: the word itself only, never a prefix


def test_oversized_queries_are_refused_in_one_sentence(demo: CaseFile) -> None:
    for query in ("x" * 10_240, "a " * 40, "\x00" * 10_240):
        with pytest.raises(SearchQueryError) as info:
            demo.read(search, query)
        assert "\n" not in str(info.value) and str(info.value).startswith("the search")


def test_edits_deletes_and_cascades_keep_the_index_in_step(demo: CaseFile) -> None:
    a1 = hits(demo, "9M723")["A1"]
    update_annotation(demo, annotation_id=a1.object_id, transcription="Х-101")
    assert "A1" in labels(demo, "kh101") and "A1" not in labels(demo, "9M723")
    set_photo_notes(demo, photo_id=a1.photo_id, notes="crater rim near the road")
    assert labels(demo, "crater") == ["P1"]
    claim_id, _ = create_claim(demo, statement="Тhe Tochka-U 9М79-1 was seen")
    assert [h.object_id for h in demo.read(search, "9M791")] == [claim_id]
    delete_annotation(demo, annotation_id=a1.object_id)
    assert "A1" not in labels(demo, "kh101")
    with demo.write_session() as session:  # a cascade from the database itself
        session.connection().exec_driver_sql(f"DELETE FROM photo WHERE id = {a1.photo_id}")
        demo.audit(session, "test.delete", "photo", a1.photo_id)
    assert "P1" not in labels(demo, "IMG_0412") and "A4" in labels(demo, "9M723")


def test_verify_passes_on_a_searched_case_and_the_index_is_no_evidence(
        demo: CaseFile) -> None:
    labels(demo, "9M723")
    with demo.write_session() as session:  # the index is not audited: editing it is no change
        session.connection().exec_driver_sql("DELETE FROM search_index")
    assert labels(demo, "9M723") == []
    report = verify_case(demo)
    assert report.ok, report.problems
    with demo.read_session() as session:
        conn = session.connection()
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_an_older_case_gets_its_index_from_the_migration(demo_template: Path,
                                                         tmp_path: Path) -> None:
    root = tmp_path / "Old.fragment"
    shutil.copytree(demo_template, root)
    from alembic import command

    from db.engine import make_engine
    from db.migrate import alembic_config
    from tests.unit.investigation_fixtures import delete_measurements

    with CaseFile.open(root) as case:  # 0.2 could not hold the demo's measurement
        delete_measurements(case)

    engine = make_engine(f"sqlite:///{root / 'case.sqlite'}")
    try:  # the case as 0.2 left it: every later migration taken back, foreign keys off as
        # for any batch migration (docs/PITFALLS: a table rebuild would cascade-delete rows)
        with engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=OFF")  # outside a transaction, or it is ignored
            with conn.begin():
                cfg = alembic_config()
                cfg.attributes["connection"] = conn
                command.downgrade(cfg, "0002")
            assert conn.exec_driver_sql("SELECT count(*) FROM annotation").scalar()
    finally:
        engine.dispose()
    with sqlite3.connect(root / "case.sqlite") as raw:
        assert not raw.execute("SELECT name FROM sqlite_master WHERE name = 'search_index'"
                               ).fetchall()
    with CaseFile.open(root) as case:
        assert {"A1", "A4", "A7", "C2", "S1"} <= set(labels(case, "9М723"))
        assert verify_case(case).ok


def test_a_batch_rebuild_that_drops_the_triggers_gets_them_back(
        demo_template: Path, tmp_path: Path) -> None:
    from db.engine import make_engine
    from tests.unit.test_migrations import REBUILD_PHOTO, _script_dir_with_extra

    root = tmp_path / "Rebuilt.fragment"
    shutil.copytree(demo_template, root)
    with sqlite3.connect(root / "case.sqlite") as raw:  # and an outdated definition
        raw.execute("DROP TRIGGER search_claim_au")
        raw.execute("CREATE TRIGGER search_claim_au AFTER UPDATE OF note ON claim BEGIN "
                    "SELECT 1; END")
    engine = make_engine(f"sqlite:///{root / 'case.sqlite'}")
    try:  # a later migration rebuilds the photo table, which drops its triggers with it
        upgrade(engine, script_location=_script_dir_with_extra(tmp_path, REBUILD_PHOTO))
        with engine.connect() as conn:
            names = {row[0] for row in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
            assert {"search_photo_ai", "search_photo_au", "search_photo_ad"} <= names
            conn.exec_driver_sql("UPDATE photo SET notes = 'gravel' WHERE label = 'P2'")
            assert conn.exec_driver_sql("SELECT label FROM search_index "
                                        "WHERE search_index MATCH 'gravel'").scalar() == "P2"
            assert search_triggers_present(conn)
    finally:
        engine.dispose()


def test_a_dump_load_round_trip_rebuilds_the_index(demo: CaseFile, tmp_path: Path) -> None:
    doc = tmp_path / "out" / "case.json"
    doc.parent.mkdir()
    dump_case(demo, doc)
    with CaseFile.create(tmp_path / "Loaded", title="loaded", investigator="T") as other:
        load_case(other, doc)
        assert {"A1", "A4", "A7"} <= set(labels(other, "9M723"))
        assert labels(other, "IMG_0419") == ["P3"]


def test_a_bag_round_trip_rebuilds_the_index_and_distrusts_the_senders(
        demo: CaseFile, tmp_path: Path) -> None:
    import bagit

    from desktop.core.export.bag import build_bag
    from desktop.core.export.bag_import import import_bag

    bag = build_bag(demo, tmp_path / "bag", contact="Tester", include_dossier=False).path
    db = bag / "data" / "case.sqlite"
    db.chmod(0o644)
    with sqlite3.connect(db) as raw:  # a planted result, as a sender could write one
        raw.execute("INSERT INTO search_index(rowid, kind, object_id, parent_id, label, body,"
                    " extra, folded) VALUES (999, 'claim', 99, NULL, 'C99', 'planted', '', '')")
    bagit.Bag(str(bag)).save(manifests=True)
    imported = import_bag(bag, tmp_path / "Imported")
    with CaseFile.open(imported) as case:
        assert labels(case, "planted") == []
        assert {"A1", "A4", "A7"} <= set(labels(case, "9M723"))
        assert verify_case(case).ok
    with sqlite3.connect(db) as raw:  # a trigger of ours, rewritten, is refused
        raw.execute("DROP TRIGGER search_claim_ad")
        raw.execute("CREATE TRIGGER search_claim_ad AFTER DELETE ON claim "
                    "BEGIN DELETE FROM link; END")
    bagit.Bag(str(bag)).save(manifests=True)
    from desktop.core.errors import UserError
    with pytest.raises(UserError, match="trigger search_claim_ad"):
        import_bag(bag, tmp_path / "Refused")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(REPO / "main.py"), *args], cwd=REPO,
                          capture_output=True, text=True, encoding="utf-8",
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, check=False)


def test_cli_search_lines_json_limit_and_exit_codes(demo_template: Path) -> None:
    import json

    case = str(demo_template)
    out = _cli("search", case, "9М723")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert any(line.split()[:3] == ["A1", "annotation", "9М723"] for line in lines)
    assert lines[-1].endswith("result(s).")
    data = json.loads(_cli("search", case, "9m7", "--json", "--limit", "2").stdout)
    assert len(data["results"]) == 2
    assert set(data["results"][0]) >= {"kind", "label", "text", "id", "photo_id",
                                       "photo_label"}
    assert _cli("search", case, "zzzz").stdout.strip() == "No results."
    for bad in (["x" * 10_240], ["x", "--limit", "0"]):
        out = _cli("search", case, *bad)
        assert out.returncode == 2 and out.stdout == ""
        assert len(out.stderr.strip().splitlines()) == 1


def test_cli_output_is_terminal_escaped(demo: CaseFile) -> None:
    create_claim(demo, statement="9M723 \x1b[2J cleared \u202egpj.exe")
    root = str(demo.root)
    demo.close()
    out = _cli("search", root, "cleared")
    assert "\x1b" not in out.stdout and "\u202e" not in out.stdout
    assert "\\u001b" in out.stdout
