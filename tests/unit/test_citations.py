"""A finding becomes a location with its citation (page, line, span, quotation): stored in
the same transaction, audited, verified, undone and redone, detached and re-attached with
what it cites, and printed in the dossier's sources section."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import Citation, Location, Source
from desktop.core.casefile import CaseFile
from desktop.core.errors import ValidationError
from desktop.core.export.dossier import build_dossier
from desktop.core.ops.citations import citation_of
from desktop.core.ops.investigation_commands import CreateLocation, DeleteLocation, DeleteSource
from desktop.core.ops.locations import create_location
from desktop.core.ops.sources import create_source
from desktop.core.queries.citations import citations_by_source
from desktop.core.queries.dossier import DossierOptions, dossier_data
from desktop.core.scan import scan_text
from desktop.core.source_text import source_file_text
from desktop.core.verify import verify_case
from tests.source_files import two_column_pdf


def _statement(case: CaseFile, tmp_path: Path) -> tuple[int, str, object]:
    pdf = two_column_pdf(tmp_path / "statement.pdf")
    source_id, _ = create_source(case, title="Ministry statement", file=pdf)
    with case.read_session() as session:
        sha = session.get(Source, source_id).file_sha256
    text = source_file_text(case.originals.path_for(sha, "pdf"), sha, "pdf", case.derived_dir)
    return source_id, sha, scan_text(text.text)


def _cited(case: CaseFile, source_id: int):
    with case.read_session() as session:
        return citations_by_source(session, [source_id]).get(source_id, ())


def test_location_keeps_its_citation(new_case: CaseFile, tmp_path: Path) -> None:
    source_id, sha, found = _statement(new_case, tmp_path)
    broken = found.coordinates[0]  # 50.45012, / 30.52340 across two lines of page 1
    command = CreateLocation(coordinates=broken.reading, kind="claimed",
                             citation=citation_of(broken, source_id=source_id, file_sha256=sha))
    command.redo(new_case)
    (cite,) = _cited(new_case, source_id)
    assert (cite.cites, cite.page, cite.line, cite.origin) == ("L1", 1, 7, "file")
    assert (cite.start_char, cite.end_char) == (broken.start, broken.end)
    assert cite.found_text == "50.45012, 30.52340" and "northern district at" in cite.quote
    assert cite.place == "p. 1, l. 7"
    assert verify_case(new_case).ok

    command.undo(new_case)  # the location goes; its citation is detached, not destroyed
    assert _cited(new_case, source_id) == ()
    command.redo(new_case)  # the same location comes back, and re-attaches its citation
    assert [c.cites for c in _cited(new_case, source_id)] == ["L1"]
    with new_case.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Citation)) == 1
        location_id = session.scalar(select(Location.id))

    delete = DeleteLocation(location_id)
    delete.redo(new_case)
    assert _cited(new_case, source_id) == ()
    delete.undo(new_case)
    assert [c.cites for c in _cited(new_case, source_id)] == ["L1"]

    drop_source = DeleteSource(source_id)
    drop_source.redo(new_case)
    with new_case.read_session() as session:
        assert session.scalar(select(Citation.source_id)) is None
    drop_source.undo(new_case)
    assert len(_cited(new_case, source_id)) == 1
    assert verify_case(new_case).ok


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"origin": "web"}, "citation.origin"),
        ({"source_id": 999}, "citation.source_id"),
        ({"file_sha256": None}, "citation.file_sha256"),
        ({"start_char": 10, "end_char": 5}, "citation.end_char"),
        ({"line": -1}, "citation.line"),
        ({"quote": "x" * 501}, "citation.quote"),
        ({"extra": 1}, "citation.extra"),
    ],
)
def test_bad_citation_changes_nothing(new_case: CaseFile, tmp_path: Path,
                                      change: dict, where: str) -> None:
    source_id, sha, found = _statement(new_case, tmp_path)
    citation = citation_of(found.coordinates[0], source_id=source_id, file_sha256=sha) | change
    with pytest.raises(ValidationError) as caught:
        create_location(new_case, coordinates=found.coordinates[0].reading, citation=citation)
    assert caught.value.path == where
    with new_case.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Location)) == 0
        assert session.scalar(select(func.count()).select_from(Citation)) == 0


def test_dossier_cites_page_and_quotation(new_case: CaseFile, tmp_path: Path) -> None:
    source_id, sha, found = _statement(new_case, tmp_path)
    for coordinate in found.coordinates:
        create_location(new_case, coordinates=coordinate.reading,
                        citation=citation_of(coordinate, source_id=source_id, file_sha256=sha))
    pdf = build_dossier(dossier_data(new_case, DossierOptions()), tmp_path / "dossier.pdf")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "Found in this source" in flat
    assert "L1 50.45012, 30.52340 — p. 1, l. 7 of the attached file" in flat
    assert "L2 50°26'35.2\"N 30°29'21.9\"E — p. 2, l. 3 of the attached file" in flat
    assert "northern district at 50.45012, 30.52340" in flat


def test_citation_migration_downgrades_and_upgrades_again(tmp_path: Path) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from db.engine import make_engine
    from db.migrate import alembic_config, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'case.sqlite'}")
    try:
        upgrade(engine)
        assert "citation" in inspect(engine).get_table_names()
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0002")
        assert "citation" not in inspect(engine).get_table_names()
        upgrade(engine)
        assert "citation" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_the_stand_alone_chain_script_checks_citations(new_case: CaseFile,
                                                       tmp_path: Path) -> None:
    import sqlite3
    import sys

    source_id, sha, found = _statement(new_case, tmp_path)
    create_location(new_case, coordinates=found.coordinates[0].reading,
                    citation=citation_of(found.coordinates[0], source_id=source_id,
                                         file_sha256=sha))
    db = new_case.root / "case.sqlite"
    script = Path(__file__).parents[2] / "resources" / "verify" / "verify_chain.py"
    new_case.close()

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-I", str(script), str(db)], cwd=tmp_path,
                              capture_output=True, text=True)

    done = run()
    assert done.returncode == 0 and done.stdout.strip().endswith("OK"), done.stdout
    raw = sqlite3.connect(db)  # someone edits a quotation outside Fragment
    raw.execute("UPDATE citation SET quote = 'something else'")
    raw.commit()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the script reads the file as immutable
    raw.close()
    done = run()
    assert done.returncode != 0 and "citation" in done.stdout and "changed outside" in done.stdout


def test_citations_survive_a_dump_and_a_load(new_case: CaseFile, tmp_path: Path) -> None:
    import json

    import jsonschema

    from desktop.core.interchange.dump import dump_case
    from desktop.core.interchange.load import load_case

    source_id, sha, found = _statement(new_case, tmp_path)
    for coordinate in found.coordinates:
        create_location(new_case, coordinates=coordinate.reading,
                        citation=citation_of(coordinate, source_id=source_id, file_sha256=sha))
    before = _cited(new_case, source_id)
    out = tmp_path / "dump" / "case.json"
    out.parent.mkdir()
    doc = dump_case(new_case, out)
    schema_path = Path(__file__).parents[2] / "resources" / "schema" / "fragment-case.schema.json"
    jsonschema.validate(doc, json.loads(schema_path.read_text(encoding="utf-8")))
    assert [c["location"] for c in doc["citations"]] == ["loc1", "loc2"]
    assert doc["citations"][0]["page"] == 1 and doc["citations"][0]["origin"] == "file"

    other = CaseFile.create(tmp_path / "Other.fragment", title="Other", investigator="T")
    try:
        load_case(other, out)
        with other.read_session() as session:
            (loaded_source,) = session.scalars(select(Source.id)).all()
        assert _cited(other, loaded_source) == before
        assert verify_case(other).ok
        load_case(other, out)  # loading again adds nothing
        assert _cited(other, loaded_source) == before
    finally:
        other.close()

    bad = json.loads(out.read_text(encoding="utf-8"))
    bad["citations"][0]["origin"] = "web"
    out.write_text(json.dumps(bad), encoding="utf-8")
    third = CaseFile.create(tmp_path / "Third.fragment", title="Third", investigator="T")
    try:
        with pytest.raises(ValidationError, match=r"citations\[0\]\.origin"):
            load_case(third, out)
    finally:
        third.close()
