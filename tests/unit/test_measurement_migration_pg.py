"""Migration 0010 on PostgreSQL: the two CHECK constraints are replaced in both directions,
and the downgrade refuses while a measurement exists."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from db.migrate import alembic_config, upgrade
from db.models import Annotation, Photo
from desktop.core.casefile import CaseFile
from tests.unit.test_postgres import pg_url  # noqa: F401  (the fixture)

pytestmark = pytest.mark.postgres

LINE = {"points": [[1, 1], [50, 1]]}


def _downgrade(case: CaseFile, to: str) -> None:
    from alembic import command

    with case.engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, to)


def _insert_line(case: CaseFile, photo_id: int) -> None:
    with case.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO annotation (uid, label, photo_id, number, shape_type, geometry, kind, "
            "transcription, confidence, notes, created_at, created_by, version) VALUES "
            "('u9', 'A9', :p, 9, 'line', '{}', 'measurement', '', 'possible', '', "
            "'2026-01-01T00:00:00+00:00', '', 1)"), {"p": photo_id})


def test_constraints_are_replaced_both_ways(tmp_path: Path, pg_url: str) -> None:  # noqa: F811
    with CaseFile.create(tmp_path / "T", title="t", database_url=pg_url) as case:
        with case.write_session() as s:
            photo = Photo(sha256="ab" * 32, file_name="x.jpg", ext="jpg", format="JPEG",
                          byte_size=1, width=100, height=80)
            s.add(photo)
            s.flush()
            s.add(Annotation(photo_id=photo.id, number=1, shape_type="line", geometry=LINE,
                             kind="measurement"))
            case.audit(s, "test.setup", "case")
            photo_id = photo.id
        with pytest.raises(RuntimeError, match="which the earlier schema cannot hold"):
            _downgrade(case, "0009")
        with case.engine.begin() as conn:
            conn.execute(text("DELETE FROM annotation"))
        _downgrade(case, "0009")
        with pytest.raises(IntegrityError, match=r"ck_annotation_(shape_type|annotation_kind)"):
            _insert_line(case, photo_id)
        upgrade(case.engine)
        _insert_line(case, photo_id)
        with case.engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM annotation")) == 1
