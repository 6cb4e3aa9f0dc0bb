"""Migrations: they are the schema, and upgrading an older case keeps every row.

The "older case" is a case at today's head, upgraded with a temporary script directory
that holds our revisions plus one more: a batch rebuild of the ``photo`` table, which has
ON DELETE CASCADE children (annotations, camera locations).
"""

from __future__ import annotations

import shutil
import sqlite3
import textwrap
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select

import db.models  # noqa: F401  (fills the metadata)
from db.base import Base
from db.engine import make_engine
from db.migrate import MIGRATIONS_DIR, MigrationError, current_revision, head_revision, upgrade
from db.models import Annotation, Location, Photo
from db.search_index import is_search_table
from desktop.core.casefile import CaseFile
from desktop.core.ingest import import_paths
from tests.unit.import_helpers import build_exif, gps_entries, jpeg_bytes, write

REBUILD_PHOTO = """
    with op.batch_alter_table("photo", recreate="always") as batch:
        batch.add_column(sa.Column("test_extra", sa.Text(), nullable=True))
"""
ORPHAN_ROW = """
    op.execute("INSERT INTO location (uid, label, name, aliases, lat, lon, kind, raw_text, "
               "notation, photo_id, note) VALUES ('orphan', 'L999', '', '[]', 1, 2, 'camera', "
               "'', '', 4242, '')")
"""


def _script_dir_with_extra(tmp_path: Path, body: str) -> Path:
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts,
                    ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    (scripts / "versions" / "9999_test_extra.py").write_text(textwrap.dedent(f'''\
        """test-only revision"""
        import sqlalchemy as sa
        from alembic import op

        revision = "9999"
        down_revision = "{head_revision()}"
        branch_labels = None
        depends_on = None


        def upgrade() -> None:
        ''') + textwrap.indent(textwrap.dedent(body).strip("\n"), "    ") + "\n")
    return scripts


def _old_case(tmp_path: Path) -> Path:
    """A case with one photo that has a camera location and an annotation."""
    photo = write(tmp_path / "in" / "gps.jpg",
                  jpeg_bytes(exif=build_exif([], gps_entries(39.76, 46.74))))
    with CaseFile.create(tmp_path / "Old", title="old", investigator="T") as case:
        [result] = import_paths(case, [photo]).results
        with case.write_session() as s:
            s.add(Annotation(photo_id=result.photo_id, number=1, shape_type="point",
                             geometry={"x": 1, "y": 2}))
            case.audit(s, "test.setup", "case")
        return case.root


def _counts(db_file: Path) -> tuple[int, int, int]:
    engine = make_engine(f"sqlite:///{db_file}")
    try:
        with engine.connect() as conn:
            return tuple(conn.scalar(select(func.count()).select_from(t))  # type: ignore[return-value]
                         for t in (Photo, Annotation, Location))
    finally:
        engine.dispose()


def test_migrations_produce_exactly_the_models(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    try:
        upgrade(engine)
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={
                "compare_type": True,
                # the search index is derived data with no model (db.search_index)
                "include_name": lambda name, kind, _parents: not (
                    kind == "table" and is_search_table(name or "")),
            })
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_upgrade_keeps_cascade_children_and_writes_a_backup(tmp_path: Path) -> None:
    root = _old_case(tmp_path)
    db_file = root / "case.sqlite"
    before = _counts(db_file)
    assert before == (1, 1, 1)
    scripts = _script_dir_with_extra(tmp_path, REBUILD_PHOTO)
    engine = make_engine(f"sqlite:///{db_file}")
    try:
        backup = upgrade(engine, backup_dir=root / "backups", script_location=scripts)
        assert current_revision(engine) == "9999"
        with engine.connect() as conn:
            columns = [row[1] for row in conn.exec_driver_sql("PRAGMA table_info(photo)")]
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()
    assert "test_extra" in columns
    assert _counts(db_file) == before  # the rebuild did not cascade-delete anything
    assert backup is not None and backup.is_file() and backup.parent == root / "backups"
    with sqlite3.connect(backup) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == \
            head_revision()
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _counts(backup) == before


def test_the_pitfall_is_real_with_foreign_keys_on(tmp_path: Path) -> None:
    """Why migrations run with foreign keys off: the same rebuild with them on loses rows."""
    root = _old_case(tmp_path)
    raw = sqlite3.connect(root / "case.sqlite", isolation_level=None)
    raw.execute("PRAGMA foreign_keys=ON")
    # The search index's delete triggers make the cascading DROP fail ("database table is
    # locked") instead; without them SQLite shows the silent loss itself.
    for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                               " AND name LIKE 'search_%'").fetchall():
        raw.execute(f"DROP TRIGGER {name}")
    raw.execute("BEGIN")
    raw.execute("CREATE TABLE _photo_new AS SELECT * FROM photo")
    raw.execute("DROP TABLE photo")  # what a batch rebuild does: children cascade away
    raw.execute("ALTER TABLE _photo_new RENAME TO photo")
    raw.execute("COMMIT")
    assert raw.execute("SELECT count(*) FROM annotation").fetchone()[0] == 0
    raw.close()


def test_a_migration_that_breaks_a_foreign_key_is_refused_and_rolled_back(
        tmp_path: Path) -> None:
    root = _old_case(tmp_path)
    db_file = root / "case.sqlite"
    before = _counts(db_file)
    scripts = _script_dir_with_extra(tmp_path, ORPHAN_ROW)
    engine = make_engine(f"sqlite:///{db_file}")
    try:
        with pytest.raises(MigrationError, match="foreign key check"):
            upgrade(engine, backup_dir=root / "backups", script_location=scripts)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
    assert _counts(db_file) == before
    assert list((root / "backups").glob("*.sqlite"))

