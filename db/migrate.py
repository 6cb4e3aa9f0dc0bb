"""Schema creation and upgrades, with the safety steps SQLite needs.

Upgrading a SQLite case: take a ``VACUUM INTO`` backup, switch foreign keys OFF outside any
transaction (batch migrations rebuild tables, and with foreign keys ON the rebuild would
silently delete every ON DELETE CASCADE child row), run Alembic, then ``PRAGMA
foreign_key_check``; any finding restores the backup and refuses to continue.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from db.engine import is_sqlite
from db.search_index import ensure_search_index

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# ``revision = '0009'`` and ``down_revision = '0004'`` (or None) at the top of a script.
_REVISION_LINE = re.compile(
    r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:['"]([^'"]+)['"]|None)\s*$""", re.M)


class MigrationError(RuntimeError):
    """The schema could not be brought up to date; the database was left as it was."""


def alembic_config(script_location: Path = MIGRATIONS_DIR) -> Config:
    """An Alembic config pointing at our scripts (no ini file needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    return cfg


@cache
def _history(script_location: Path) -> tuple[str, ...]:
    """Every revision, from the head down, read from the scripts' own lines.

    Opening a case only needs the head and the known ids; reading them here instead of
    through Alembic's script directory keeps Alembic (and Mako) out of every command that
    finds its case up to date. ``tests/unit/test_migrate_history.py`` holds it to Alembic.
    """
    parent: dict[str, str | None] = {}
    for script in sorted((script_location / "versions").glob("*.py")):
        found = dict((m.group(1), m.group(2))
                     for m in _REVISION_LINE.finditer(script.read_text(encoding="utf-8")))
        if found.get("revision"):
            parent[found["revision"]] = found.get("down_revision")
    heads = set(parent) - {p for p in parent.values() if p is not None}
    if len(heads) != 1:
        raise MigrationError(f"the migrations have {len(heads)} heads, not one")
    order: list[str] = []
    revision: str | None = heads.pop()
    while revision is not None and revision not in order:
        order.append(revision)
        revision = parent.get(revision)
    return tuple(order)


def head_revision(script_location: Path = MIGRATIONS_DIR) -> str:
    """The newest revision id shipped with this version of Fragment."""
    return _history(script_location)[0]


def is_known_revision(revision: str, script_location: Path = MIGRATIONS_DIR) -> bool:
    """True when ``revision`` is one of this version's migrations (False: made by a newer
    Fragment)."""
    return revision in _history(script_location)


# The first schema whose audit events commit to record state: everything ``verify``,
# ``log`` and the bag checks read exists from there on, so they read such a database as it
# is, without upgrading it (a check never writes).
CHECKABLE_FROM = "0002"


def checkable_revisions(script_location: Path = MIGRATIONS_DIR) -> frozenset[str]:
    """The revisions, head included, that checks can read without an upgrade."""
    history = _history(script_location)
    if CHECKABLE_FROM not in history:  # pragma: no cover - it is always in the history
        return frozenset(history)
    return frozenset(history[:history.index(CHECKABLE_FROM) + 1])


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database.

    Read from ``alembic_version`` directly (what Alembic's migration context reads), so
    that opening an up-to-date case never imports Alembic.
    """
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:
        raise MigrationError(f"the case database is at {len(rows)} revisions at once")
    return rows[0] if rows else None


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
    target = to or head_revision(script_location)
    current = current_revision(engine)
    if current == target:
        return None
    from alembic import command

    cfg = alembic_config(script_location)
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
    from alembic import command

    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        try:
            raw.execute("PRAGMA foreign_keys=OFF")  # outside a transaction, or it is ignored
            # A batch rebuild drops a table and renames its copy into place; since SQLite
            # 3.26 the rename re-reads every trigger, and a search trigger on another table
            # that reads the dropped one (photo_tag's reads photo) would fail it. The
            # legacy rename leaves other tables' triggers alone: the name they read is back
            # once the rename is done.
            raw.execute("PRAGMA legacy_alter_table=ON")
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
            raw.execute("PRAGMA legacy_alter_table=OFF")
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
