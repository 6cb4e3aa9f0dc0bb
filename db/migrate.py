"""Schema creation and upgrades, with the safety steps SQLite needs.

Upgrading a SQLite case: take a ``VACUUM INTO`` backup, switch foreign keys OFF outside any
transaction (batch migrations rebuild tables, and with foreign keys ON the rebuild would
silently delete every ON DELETE CASCADE child row), run Alembic, then ``PRAGMA
foreign_key_check``; any finding restores the backup and refuses to continue.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from db.engine import is_sqlite
from db.search_index import ensure_search_index

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class MigrationError(RuntimeError):
    """The schema could not be brought up to date; the database was left as it was."""


def alembic_config(script_location: Path = MIGRATIONS_DIR) -> Config:
    """An Alembic config pointing at our scripts (no ini file needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    return cfg


def head_revision(script_location: Path = MIGRATIONS_DIR) -> str:
    """The newest revision id shipped with this version of Fragment."""
    head = ScriptDirectory.from_config(alembic_config(script_location)).get_current_head()
    assert head is not None
    return head


def is_known_revision(revision: str, script_location: Path = MIGRATIONS_DIR) -> bool:
    """True when ``revision`` is one of this version's migrations (False: made by a newer
    Fragment)."""
    script = ScriptDirectory.from_config(alembic_config(script_location))
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises several resolution errors for an unknown id
        return False


# The first schema whose audit events commit to record state: everything ``verify``,
# ``log`` and the bag checks read exists from there on, so they read such a database as it
# is, without upgrading it (a check never writes).
CHECKABLE_FROM = "0002"


def checkable_revisions(script_location: Path = MIGRATIONS_DIR) -> frozenset[str]:
    """The revisions, head included, that checks can read without an upgrade."""
    script = ScriptDirectory.from_config(alembic_config(script_location))
    found: set[str] = set()
    for revision in script.walk_revisions():  # from the head down
        found.add(revision.revision)
        if revision.revision == CHECKABLE_FROM:
            return frozenset(found)
    return frozenset(found)  # pragma: no cover - CHECKABLE_FROM is always in the history


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(
    engine: Engine,
    *,
    backup_dir: Path | None = None,
    script_location: Path = MIGRATIONS_DIR,
    to: str | None = None,
) -> Path | None:
    """Bring the schema to head (or to the revision ``to``, e.g. to build the schema an
    earlier Fragment made). Returns the backup written before an upgrade, if any.

    A brand-new database is created from the migrations (no backup needed). Raises
    ``MigrationError`` if the upgrade fails or leaves a foreign-key violation; the
    database is then restored from the backup.
    """
    cfg = alembic_config(script_location)
    target = to or head_revision(script_location)
    current = current_revision(engine)
    if current == target:
        return None
    if not is_sqlite(engine):
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
            if target == head_revision(script_location):
                ensure_search_index(conn)
        return None

    backup = None
    if current is not None and backup_dir is not None:
        backup_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = backup_dir / f"case-before-{target}-{stamp}.sqlite"
        _vacuum_into(engine, backup)
    try:
        _upgrade_sqlite(engine, cfg, target, at_head=target == head_revision(script_location))
    except Exception as exc:
        if backup is not None:
            restore_sqlite(engine, backup)
        raise MigrationError(f"the case database could not be upgraded: {exc}") from exc
    return backup


def _upgrade_sqlite(engine: Engine, cfg: Config, target: str, *, at_head: bool) -> None:
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        try:
            raw.execute("PRAGMA foreign_keys=OFF")  # outside a transaction, or it is ignored
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, target)
                if at_head:  # a batch rebuild drops the table's triggers
                    ensure_search_index(conn)
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise MigrationError(
                        f"foreign key check found {len(problems)} broken reference(s), "
                        f"first in table {problems[0][0]}"
                    )
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
            conn.invalidate()  # never hand this connection back to the pool


def _vacuum_into(engine: Engine, target: Path) -> None:
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("VACUUM INTO ?", (str(target),))


def restore_sqlite(engine: Engine, backup: Path) -> None:
    """Replace the database's content with a backup, through SQLite's backup API."""
    import sqlite3

    engine.dispose()
    source = sqlite3.connect(str(backup))
    try:
        with engine.connect() as conn:
            raw = conn.connection.driver_connection
            if not isinstance(raw, sqlite3.Connection):
                raise TypeError("restoring a backup needs a SQLite database")
            source.backup(raw)
    finally:
        source.close()
        engine.dispose()
