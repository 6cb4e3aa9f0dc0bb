"""Team mode: a case whose database is PostgreSQL, against a real server.

The server URL comes from FRAGMENT_TEST_POSTGRES_URL (``.ci/postgres.sh`` starts one on
loopback); without it the tests start a throwaway server from the machine's PostgreSQL
binaries (tests/postgres_server.py). Each test gets a database of its own, dropped afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from db.models import Annotation, CaseInfo, Claim, Link, Photo, Stance
from desktop.core.audit import verify_chain
from desktop.core.casefile import CaseFile

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url(postgres_admin_url: str) -> Iterator[str]:
    admin = postgres_admin_url
    name = f"fragment_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def _photo(session, sha: str = "ab" * 32) -> Photo:  # type: ignore[no-untyped-def]
    photo = Photo(sha256=sha, file_name="x.jpg", ext="jpg", format="JPEG", byte_size=1,
                  width=100, height=80)
    session.add(photo)
    session.flush()
    return photo


def test_team_case_is_created_from_the_migrations(tmp_path: Path, pg_url: str) -> None:
    with CaseFile.create(tmp_path / "Team", title="Team case", investigator="Ana",
                         database_url=pg_url) as case:
        assert case.engine.dialect.name == "postgresql"
        assert not (case.root / "case.sqlite").exists()
        with case.read_session() as s:
            assert s.scalar(select(CaseInfo.title)) == "Team case"
    # Reopening reads the URL from the case folder's case.json.
    with CaseFile.open(tmp_path / "Team.fragment") as case, case.read_session() as s:
        assert s.scalar(select(CaseInfo.created_by)) == "Ana"


def test_constraints_hold_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    with CaseFile.create(tmp_path / "T", title="t", database_url=pg_url) as case:
        with pytest.raises(IntegrityError), case.write_session() as s:
            s.add(Annotation(photo_id=424242, number=1, shape_type="point",
                             geometry={"x": 1, "y": 1}))
        with case.write_session() as s:
            photo = _photo(s)
            ann = Annotation(photo_id=photo.id, number=1, shape_type="rect",
                             geometry={"x": 1, "y": 1, "w": 5, "h": 5})
            claim = Claim(statement="9M723 debris found")
            s.add_all([ann, claim])
            s.flush()
            s.add(Link(from_annotation_id=ann.id, to_claim_id=claim.id, stance=Stance.SUPPORTS))
            case.audit(s, "test.setup", "case")
        with pytest.raises(IntegrityError), case.write_session() as s:
            # A link with two sources violates the one-from check.
            s.add(Link(from_annotation_id=ann.id, from_photo_id=photo.id,
                       to_claim_id=claim.id, stance=Stance.CONTEXT))
        with case.write_session() as s:  # ON DELETE CASCADE reaches annotations and links
            s.execute(text("DELETE FROM photo"))
        with case.read_session() as s:
            assert s.scalar(select(Annotation.id)) is None
            assert s.scalar(select(Link.id)) is None
            assert s.scalar(select(Claim.id)) == claim.id


def test_audit_chain_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    with CaseFile.create(tmp_path / "A", title="a", database_url=pg_url) as case:
        with case.write_session() as s:
            for i in range(5):
                case.audit(s, "test.step", "case", 1, {"after": {"i": i, "text": "Şuşa Շուշի"}})
        with case.read_session() as s:
            count, problems = verify_chain(s)
        assert (count, problems) == (6, [])


def test_two_investigators_write_to_a_team_case_at_once(tmp_path: Path, pg_url: str) -> None:
    """Team mode has no single-writer lock: PostgreSQL serialises the audit chain."""
    with CaseFile.create(tmp_path / "L", title="l", investigator="Ana",
                         database_url=pg_url) as first, \
            CaseFile.open(tmp_path / "L.fragment", investigator="Boris") as second:
        with first.write_session() as s:
            first.audit(s, "test.a", "case", 1)
        with second.write_session() as s:
            second.audit(s, "test.b", "case", 1)
        with first.read_session() as s:
            count, problems = verify_chain(s)
        assert (count, problems) == (3, [])


def test_fragment_new_with_a_database_url(tmp_path: Path, pg_url: str) -> None:
    from desktop.app import main

    assert main(["new", str(tmp_path / "CLI"), "--title", "Team via CLI",
                 "--database", pg_url]) == 0
    config = (tmp_path / "CLI.fragment" / "case.json").read_text(encoding="utf-8")
    assert "postgresql" in config
    with CaseFile.open(tmp_path / "CLI.fragment") as case, case.read_session() as s:
        assert s.scalar(select(CaseInfo.title)) == "Team via CLI"


def test_team_case_state_is_checked_like_a_sqlite_case(tmp_path: Path, pg_url: str) -> None:
    from desktop.core.ops.claims import create_claim
    from desktop.core.verify import verify_case

    with CaseFile.create(tmp_path / "State", title="Team", investigator="Ana",
                         database_url=pg_url) as case:
        claim_id, _ = create_claim(case, statement="Dated claim", claimed_on="2021-03-16")
    with CaseFile.open_for_check(tmp_path / "State.fragment") as case:
        report = verify_case(case)
        assert report.ok, [p.detail for p in report.problems]  # dates digest as on SQLite
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE claim SET claimed_on = '2021-03-17' WHERE id = :i"),
                     {"i": claim_id})
    engine.dispose()
    with CaseFile.open_for_check(tmp_path / "State.fragment") as case:
        problems = verify_case(case).problems
    assert [(p.kind, p.object["fields"]) for p in problems] == [("altered", ["claimed_on"])]


def test_two_investigators_annotate_and_import_the_same_photo_at_once(
        tmp_path: Path, pg_url: str) -> None:
    """Two processes' worth of writers (threads, each with its own CaseFile and connections)
    annotate one photo and import the same files at the same moment: nobody fails, no number
    is taken twice, and the second import reports duplicates."""
    import threading

    from desktop.core.ingest import import_paths
    from desktop.core.ops.annotations import create_annotation
    from desktop.core.verify import verify_case
    from tests.unit.import_helpers import jpeg_bytes, write

    photos = [write(tmp_path / "in" / f"{i}.jpg", jpeg_bytes((64, 48), seed=i))
              for i in range(6)]
    with CaseFile.create(tmp_path / "Busy", title="Team", investigator="Ana",
                         database_url=pg_url) as case:
        [first] = [r.photo_id for r in import_paths(case, photos[:1]).results]
    errors: list[BaseException] = []
    statuses: list[tuple[str, str]] = []
    start = threading.Barrier(4)

    def annotate(name: str) -> None:
        try:
            with CaseFile.open(tmp_path / "Busy.fragment", investigator=name) as mine:
                start.wait()
                for _ in range(5):
                    create_annotation(mine, photo_id=first, shape_type="point",
                                      geometry={"x": 5, "y": 5})
        except BaseException as exc:
            errors.append(exc)

    def add(name: str) -> None:
        try:
            with CaseFile.open(tmp_path / "Busy.fragment", investigator=name) as mine:
                start.wait()
                statuses.extend((r.status, r.reason or "")
                                for r in import_paths(mine, photos[1:]).results)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=fn, args=(who,)) for fn, who in
               ((annotate, "Ana"), (annotate, "Boris"), (add, "Ana"), (add, "Boris"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    # Each file is imported exactly once; the other import reports it as a duplicate.
    assert sorted(status for status, _ in statuses) == ["duplicate"] * 5 + ["imported"] * 5, \
        statuses
    with CaseFile.open(tmp_path / "Busy.fragment") as case:
        with case.read_session() as s:
            numbers = sorted(s.scalars(select(Annotation.number)))
        assert numbers == list(range(1, 11))
        assert verify_case(case).ok


def test_citations_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    """A location with its citation (and an OCR image region) on a team case: stored,
    detached and re-attached, and verified like on SQLite."""
    from desktop.core.ops.citations import citation_of
    from desktop.core.ops.investigation_commands import DeleteLocation
    from desktop.core.ops.locations import create_location
    from desktop.core.ops.sources import create_source
    from desktop.core.queries.citations import citations_by_source
    from desktop.core.scan import scan_text
    from desktop.core.verify import verify_case

    with CaseFile.create(tmp_path / "Cited", title="Team", investigator="Ana",
                         database_url=pg_url) as case:
        source_id, _ = create_source(case, title="Post", text="at 50.45012,\n30.52340 today")
        (found,) = scan_text("at 50.45012,\n30.52340 today").coordinates
        location_id, _ = create_location(
            case, coordinates=found.reading,
            citation=citation_of(found, source_id=source_id, region=(1, 2, 30, 4)))
        delete = DeleteLocation(location_id)
        delete.redo(case)
        delete.undo(case)
        with case.read_session() as session:
            (cited,) = citations_by_source(session, [source_id])[source_id]
        assert (cited.cites, cited.line, cited.region) == ("L1", 1, (1, 2, 30, 4))
    with CaseFile.open_for_check(tmp_path / "Cited.fragment") as case:
        report = verify_case(case)
        assert report.ok, [p.detail for p in report.problems]
def test_dossier_audit_log_attachment_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    """The attached audit log reads each event's label in SQL (JSONB on PostgreSQL)."""
    from desktop.core.queries.dossier import DossierOptions, dossier_data

    with CaseFile.create(tmp_path / "Team", title="Team case", investigator="Ana",
                         database_url=pg_url) as case:
        with case.write_session() as session:
            case.audit(session, "test.setup", "case", None, {"label": "C7", "n": 1})
        log = dossier_data(case, DossierOptions()).audit.log_csv.decode("utf-8")
    rows = [line.split(",") for line in log.splitlines()]
    assert rows[0][6] == "label" and rows[-1][6] == "C7" and len(rows) == 3
