"""The revision history read from the scripts' lines is Alembic's own."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from db.migrate import (
    CHECKABLE_FROM,
    alembic_config,
    checkable_revisions,
    current_revision,
    head_revision,
    is_known_revision,
)


def test_head_and_history_equal_alembics() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    walked = [r.revision for r in script.walk_revisions()]
    assert head_revision() == script.get_current_head() == walked[0]
    assert all(is_known_revision(r) for r in walked)
    assert not is_known_revision("9999") and not is_known_revision("")
    assert checkable_revisions() == frozenset(walked[:walked.index(CHECKABLE_FROM) + 1])


def test_current_revision_reads_alembic_version(tmp_path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    try:
        assert current_revision(engine) is None  # an empty database
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) "
                              "NOT NULL PRIMARY KEY)"))
        assert current_revision(engine) is None
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO alembic_version VALUES ('0004')"))
        assert current_revision(engine) == "0004"
    finally:
        engine.dispose()
