"""An edit made from a form that shows an old version of an object is refused, naming who
changed it and what, and nothing is overwritten: on SQLite, and on a PostgreSQL team case
where two processes edit one claim at the same moment."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from desktop.core.casefile import CaseFile
from desktop.core.errors import ConflictError
from desktop.core.ops.actors import create_actor, update_actor
from desktop.core.ops.annotation_commands import EditAnnotation
from desktop.core.ops.annotations import create_annotation, update_annotation
from desktop.core.ops.claims import create_claim, update_claim
from desktop.core.ops.investigation_commands import (
    EditActor,
    EditClaim,
    EditLink,
    EditLocation,
    EditPhoto,
    EditSource,
)
from desktop.core.ops.locations import create_location, update_location
from desktop.core.ops.photos import update_photo
from desktop.core.ops.sources import create_source, update_source
from desktop.core.queries.investigation import (
    get_annotation,
    get_claim,
    list_actors,
    list_claims,
    list_locations,
    list_sources,
)
from desktop.core.queries.photos import get_photo
from desktop.core.verify import verify_case
from tests.conftest import ROOT
from tests.unit.investigation_fixtures import (
    add_photo,
    audit_count,
    case_state,
    delete_measurements,
)
from tests.unit.test_postgres import pg_url  # noqa: F401  (the team-case fixture)


def test_a_stale_claim_form_is_refused_naming_who_and_what(new_case: CaseFile) -> None:
    claim_id, _ = create_claim(new_case, statement="Iskanders were used")
    shown = new_case.read(get_claim, claim_id)
    assert shown is not None and shown.version == 1
    update_claim(new_case, claim_id=claim_id, status="disputed", note="colleague")
    before, events = case_state(new_case), audit_count(new_case)
    edit = EditClaim(claim_id, {"statement": "Two Iskanders"}, expected_version=shown.version)
    with pytest.raises(ConflictError, match=r"^claim C1 was changed by Tester at \S+ \S+ UTC "
                                            r"\(note, status\) since it was shown here; your "
                                            r"edit was not saved"):
        edit.redo(new_case)
    assert case_state(new_case) == before and audit_count(new_case) == events
    current = new_case.read(get_claim, claim_id)
    assert current is not None and current.version == 2 and current.status == "disputed"
    # From the current state, the same edit goes through and the counter moves on.
    EditClaim(claim_id, {"statement": "Two Iskanders"}, expected_version=current.version
              ).redo(new_case)
    again = new_case.read(get_claim, claim_id)
    assert again is not None and again.version == 3 and again.statement == "Two Iskanders"
    assert verify_case(new_case).ok


def test_every_editable_kind_refuses_a_stale_form(new_case: CaseFile, tmp_path: Path) -> None:
    photo_id = add_photo(new_case, tmp_path)
    annotation_id, _ = create_annotation(new_case, photo_id=photo_id, shape_type="point",
                                         geometry={"x": 1, "y": 1})
    source_id, _ = create_source(new_case, title="ANAMA statement")
    actor_id, _ = create_actor(new_case, name="ANAMA")
    location_id, _ = create_location(new_case, coordinates="39.76, 46.74")
    shown = {
        "photo": new_case.read(get_photo, photo_id).version,  # type: ignore[union-attr]
        "annotation": new_case.read(get_annotation, annotation_id).version,  # type: ignore[union-attr]
        "source": new_case.read(list_sources)[0].version,
        "actor": new_case.read(list_actors)[0].version,
        "location": new_case.read(list_locations)[0].version,
    }
    update_photo(new_case, photo_id=photo_id, notes="by a colleague")
    update_annotation(new_case, annotation_id=annotation_id, transcription="9M723")
    update_source(new_case, source_id=source_id, publisher="APA")
    update_actor(new_case, actor_id=actor_id, affiliation="Azerbaijan")
    update_location(new_case, location_id=location_id, name="Shusha")
    before = case_state(new_case)
    edits = [
        EditPhoto(photo_id, {"notes": "mine"}, expected_version=shown["photo"]),
        EditAnnotation(annotation_id, {"notes": ""}, {"notes": "mine"},
                       expected_version=shown["annotation"]),
        EditSource(source_id, {"notes": "mine"}, expected_version=shown["source"]),
        EditActor(actor_id, {"name": "mine"}, expected_version=shown["actor"]),
        EditLocation(location_id, {"note": "mine"}, expected_version=shown["location"]),
    ]
    for edit in edits:
        with pytest.raises(ConflictError, match="since it was shown here"):
            edit.redo(new_case)
    assert case_state(new_case) == before


def test_deleting_from_a_stale_form_is_refused(new_case: CaseFile, tmp_path: Path) -> None:
    from desktop.core.ops.annotation_commands import DeleteAnnotation
    from desktop.core.ops.investigation_commands import DeleteClaim

    claim_id, _ = create_claim(new_case, statement="Iskanders were used")
    photo_id = add_photo(new_case, tmp_path)
    annotation_id, _ = create_annotation(new_case, photo_id=photo_id, shape_type="point",
                                         geometry={"x": 1, "y": 1})
    shown_claim = new_case.read(get_claim, claim_id).version  # type: ignore[union-attr]
    shown_annotation = new_case.read(get_annotation, annotation_id).version  # type: ignore[union-attr]
    update_claim(new_case, claim_id=claim_id, status="corroborated")
    update_annotation(new_case, annotation_id=annotation_id, transcription="9M723")
    before, events = case_state(new_case), audit_count(new_case)
    with pytest.raises(ConflictError, match=r"claim C1 was changed by Tester .* \(status\) "
                                            r"since it was shown here; it was not deleted"):
        DeleteClaim(claim_id, expected_version=shown_claim).redo(new_case)
    with pytest.raises(ConflictError, match=r"\(reading\) .* it was not deleted"):
        DeleteAnnotation(annotation_id, expected_version=shown_annotation).redo(new_case)
    assert case_state(new_case) == before and audit_count(new_case) == events
    current = new_case.read(get_claim, claim_id).version  # type: ignore[union-attr]
    command = DeleteClaim(claim_id, expected_version=current)
    command.redo(new_case)  # from the current state it goes, and undo brings it back
    assert case_state(new_case)["claim"] == []
    command.undo(new_case)
    assert [c["status"].value for c in case_state(new_case)["claim"]] == ["corroborated"]


def test_a_stale_view_adjustment_or_link_removal_is_refused(
        new_case: CaseFile, tmp_path: Path) -> None:
    """Issue 11: view adjustments and link removal carry the version like other edits."""
    from desktop.core.ops.investigation_commands import DeleteLink
    from desktop.core.ops.links import create_link
    from desktop.core.queries.evidence import evidence_matrix

    def link_version() -> int:
        (row,) = new_case.read(evidence_matrix)
        return row.supporting[0].link_version

    photo_id = add_photo(new_case, tmp_path)
    claim_id, _ = create_claim(new_case, statement="Iskanders were used")
    link_id, _ = create_link(new_case, from_ref=("photo", photo_id),
                             to_ref=("claim", claim_id), stance="supports")
    shown_photo = new_case.read(get_photo, photo_id).version  # type: ignore[union-attr]
    shown_link = link_version()
    update_photo(new_case, photo_id=photo_id, notes="the cap is missing")
    EditLink(link_id, {"note": "same lot number"}).redo(new_case)
    before, events = case_state(new_case), audit_count(new_case)
    adjust = {"view_adjustments": {"brightness": 30}}
    with pytest.raises(ConflictError, match=r"photo P1 was changed by Tester .* \(notes\) "
                                            r"since it was shown here; your edit was not saved"):
        EditPhoto(photo_id, adjust, {"view_adjustments": {}},
                  expected_version=shown_photo).redo(new_case)
    with pytest.raises(ConflictError, match=r"\(note\) since it was shown here; it was not "
                                            r"deleted"):
        DeleteLink(link_id, expected_version=shown_link).redo(new_case)
    assert case_state(new_case) == before and audit_count(new_case) == events
    current = new_case.read(get_photo, photo_id).version  # type: ignore[union-attr]
    EditPhoto(photo_id, adjust, {"view_adjustments": {}},
              expected_version=current).redo(new_case)
    DeleteLink(link_id, expected_version=link_version()).redo(new_case)
    assert case_state(new_case)["link"] == []
    assert case_state(new_case)["photo"][0]["view_adjustments"] == {"brightness": 30}


def test_without_a_version_the_edit_is_not_checked(new_case: CaseFile) -> None:
    claim_id, _ = create_claim(new_case, statement="First")
    update_claim(new_case, claim_id=claim_id, note="later")
    EditClaim(claim_id, {"statement": "Second"}).redo(new_case)  # the CLI's way
    assert new_case.read(get_claim, claim_id).statement == "Second"  # type: ignore[union-attr]


@pytest.mark.postgres
def test_a_stale_form_on_a_team_case_names_the_other_investigator(
        tmp_path: Path, pg_url: str) -> None:  # noqa: F811
    with CaseFile.create(tmp_path / "Team", title="t", investigator="Ana",
                         database_url=pg_url) as ana, \
            CaseFile.open(tmp_path / "Team.fragment", investigator="Boris") as boris:
        claim_id, _ = create_claim(ana, statement="Iskanders were used")
        boris_form = boris.read(get_claim, claim_id)
        assert boris_form is not None
        EditClaim(claim_id, {"status": "corroborated"},
                  expected_version=ana.read(get_claim, claim_id).version  # type: ignore[union-attr]
                  ).redo(ana)
        with pytest.raises(ConflictError, match=r"claim C1 was changed by Ana .* \(status\)"):
            EditClaim(claim_id, {"status": "refuted"},
                      expected_version=boris_form.version).redo(boris)
        assert boris.read(get_claim, claim_id).status == "corroborated"  # type: ignore[union-attr]


BORIS = """
import sys
from pathlib import Path
from desktop.core.casefile import CaseFile
from desktop.core.errors import ConflictError
from desktop.core.ops.investigation_commands import EditClaim

folder, claim_id, version, marker = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
with CaseFile.open(Path(folder), investigator="Boris") as case:
    Path(marker).write_text("started")
    try:
        EditClaim(claim_id, {"note": "Boris was here"}, expected_version=version).redo(case)
    except ConflictError as exc:
        print(f"refused: {exc}")
    else:
        print("saved")
"""


@pytest.mark.postgres
def test_two_processes_editing_one_claim_at_once_never_both_win(
        tmp_path: Path, pg_url: str) -> None:  # noqa: F811
    """Ana's edit holds the row; Boris's process, started from the same version, passes the
    version check, waits for the row, and is refused when Ana commits."""
    script = tmp_path / "boris.py"
    script.write_text(BORIS, encoding="utf-8")
    marker = tmp_path / "boris-started"
    with CaseFile.create(tmp_path / "Team", title="t", investigator="Ana",
                         database_url=pg_url) as ana:
        claim_id, _ = create_claim(ana, statement="Iskanders were used")
        shown = ana.read(get_claim, claim_id)
        assert shown is not None
        watcher = create_engine(pg_url)
        try:
            with ana.write_session():
                EditClaim(claim_id, {"note": "Ana was here"},
                          expected_version=shown.version).redo(ana)
                boris = subprocess.Popen(
                    [sys.executable, str(script), str(tmp_path / "Team.fragment"),
                     str(claim_id), str(shown.version), str(marker)],
                    env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE, text=True)
                deadline = time.monotonic() + 120
                while time.monotonic() < deadline and boris.poll() is None:
                    with watcher.connect() as conn:
                        waiting = conn.execute(text(
                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
                            "'Lock' AND datname = current_database()")).scalar()
                    if waiting:
                        break
                    time.sleep(0.1)
                assert boris.poll() is None, boris.communicate()
            out, err = boris.communicate(timeout=120)
        finally:
            watcher.dispose()
        assert err == "" and out.startswith("refused: someone else changed this claim at "
                                            "the same moment"), (out, err)
        claim = ana.read(get_claim, claim_id)
        assert claim is not None and claim.note == "Ana was here" and claim.version == 2
        assert verify_case(ana).ok


def test_a_case_from_before_the_version_column_upgrades_and_still_verifies(
        tmp_path: Path) -> None:
    """The migration's downgrade makes the case of an earlier Fragment; opening it adds the
    column back (every record at version 1), and the baseline the upgrade records has the
    very digests the log held before: the version is not part of the audited state."""
    from sqlalchemy import select

    from db.migrate import head_revision
    from db.models import AuditEvent
    from desktop.core.demo import build_demo_case

    with build_demo_case(tmp_path / "Demo") as demo:
        root = demo.root
        claim_id = demo.read(list_claims)[0].id
        update_claim(demo, claim_id=claim_id, note="edited twice")
        update_claim(demo, claim_id=claim_id, note="edited thrice")
        delete_measurements(demo)  # the earlier schema cannot hold the demo's measurement
        before = case_state(demo)
    earlier = _downgrade_to_before_versions(root / "case.sqlite")
    with CaseFile.open(root, investigator="T") as case:  # upgrades (a backup is kept)
        assert verify_case(case).ok
        assert case_state(case) == before
        assert {c.version for c in case.read(list_claims)} == {1}
        with case.read_session() as session:
            events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
            latest = {(e["type"], e["uid"]): e["digest"] for ev in events[:-1]
                      for e in ev.state or []}
            baseline = events[-1]
            assert baseline.action == "case.upgrade"
            assert baseline.details == {"from": earlier, "to": head_revision()}
            alive = {key: digest for key, digest in latest.items() if digest is not None}
            assert {(e["type"], e["uid"]): e["digest"] for e in baseline.state} == alive
    assert any((root / "backups").iterdir())


def _downgrade_to_before_versions(database: Path) -> str:
    """Turn ``database`` into the schema Fragment had before the version column."""
    from alembic import command
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine as plain_engine

    from db.migrate import alembic_config

    earlier = ScriptDirectory.from_config(alembic_config()).get_revision("0004").down_revision
    engine = plain_engine(f"sqlite:///{database}")  # foreign keys off: no cascade
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, str(earlier))
    finally:
        engine.dispose()
    return str(earlier)


def test_a_bag_made_before_the_version_column_verifies_and_imports(tmp_path: Path) -> None:
    """A bag from the Fragment before (its database one schema behind, manifests as that
    version wrote them) verifies as it is and becomes a case, upgraded when opened."""
    import bagit

    from desktop.core.export.bag import build_bag
    from desktop.core.export.bag_import import import_bag
    from desktop.core.export.bag_verify import verify_bag
    from tests.unit.exportcase import make_export_case

    (tmp_path / "made").mkdir()
    with make_export_case(tmp_path / "made") as case:
        bag = build_bag(case, tmp_path / "old-bag", contact="Tester").path
    database = bag / "data" / "case.sqlite"
    database.chmod(0o644)
    _downgrade_to_before_versions(database)
    bagit.Bag(str(bag)).save(manifests=True)  # the manifests the earlier version wrote
    report = verify_bag(bag)
    assert report.ok, report.problems
    imported = import_bag(bag, tmp_path / "Imported", investigator="Reader")
    with CaseFile.open(imported, investigator="Reader") as case:
        assert verify_case(case).ok
        assert {c.version for c in case.read(list_claims)} <= {1}
        assert case.read(list_sources)[0].version == 1
