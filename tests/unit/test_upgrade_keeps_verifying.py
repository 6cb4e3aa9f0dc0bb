"""A case made by Fragment 0.1 (hash version 1, no state, no labels) keeps verifying.

The 0.1 case is made here exactly as 0.1 made it: the 0001 schema, rows, and audit events
hashed with the version-1 recipe. Opening it for writing upgrades it, labels its objects in
creation order, and records a ``case.upgrade`` event holding the state of every record.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from alembic import command

from db.engine import make_engine
from db.migrate import alembic_config
from desktop.core.audit import GENESIS_HASH, event_hash
from desktop.core.casefile import CaseFile
from desktop.core.errors import CaseError
from desktop.core.verify import verify_case


def make_v01_case(root: Path) -> None:
    root.mkdir()
    (root / "originals").mkdir()
    engine = make_engine(f"sqlite:///{root / 'case.sqlite'}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        prev = GENESIS_HASH
        rows = [("case.create", "case", 1, {"after": {"title": "Old"}}),
                ("claim.create", "claim", 1, {"after": {"statement": "First"}}),
                ("claim.create", "claim", 2, {"after": {"statement": "Second"}})]
        conn.exec_driver_sql("INSERT INTO case_info (uid, title, description, created_at, "
                             "created_by) VALUES ('c0', 'Old', '', "
                             "'2026-01-01T00:00:00.000000+00:00', 'Tester')")
        for n in (1, 2):
            conn.exec_driver_sql(f"INSERT INTO claim (uid, statement, about_when, status, note) "
                                 f"VALUES ('k{n}', 'Claim {n}', '', 'unverified', '')")
        for action, kind, object_id, details in rows:
            at = datetime(2026, 1, 1, tzinfo=UTC)
            digest = event_hash(prev_hash=prev, at=at, investigator="Tester", action=action,
                                object_type=kind, object_id=object_id, details=details,
                                tool_version="0.1.0", version=1)
            conn.exec_driver_sql(
                "INSERT INTO audit_event (at, investigator, action, object_type, object_id, "
                "details, tool_version, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (at.isoformat(timespec="microseconds"), "Tester", action, kind, object_id,
                 json.dumps(details, sort_keys=True, separators=(",", ":")), "0.1.0", prev,
                 digest))
            prev = digest
    engine.dispose()


def test_a_01_case_is_refused_by_verify_until_upgraded_then_verifies(tmp_path: Path) -> None:
    root = tmp_path / "Old.fragment"
    make_v01_case(root)
    try:
        CaseFile.open_for_check(root)
    except CaseError as exc:
        assert "open it once with this version to upgrade it" in str(exc)
    else:
        raise AssertionError("verify must not upgrade a case")
    with CaseFile.open(root, investigator="Tester") as case:
        report = verify_case(case)
        assert report.ok, [p.detail for p in report.problems]
        assert report.audit_events == 4
        with case.read_session() as session:
            labels = [row[0] for row in session.connection().exec_driver_sql(
                "SELECT label FROM claim ORDER BY id")]
            last = session.connection().exec_driver_sql(
                "SELECT action, hash_version FROM audit_event ORDER BY id DESC").first()
    assert labels == ["C1", "C2"]
    assert tuple(last) == ("case.upgrade", 2)
    with CaseFile.open(root, investigator="Tester") as case:  # new labels continue after
        from desktop.core.ops.claims import create_claim

        claim_id, _ = create_claim(case, statement="Third")
        with case.read_session() as session:
            assert session.connection().exec_driver_sql(
                "SELECT label FROM claim WHERE id = ?", (claim_id,)).scalar() == "C3"
    with CaseFile.open_for_check(root) as case:
        assert verify_case(case).ok
