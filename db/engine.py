"""Engines built from an explicit URL, never at import time.

SQLite gets the settings evidence needs (see ARCHITECTURE.md, "SQLite settings"):
foreign keys on, WAL, ``synchronous=FULL``, a busy timeout, and write transactions that
start with ``BEGIN IMMEDIATE`` so that a read never turns into a failing write later.
Sessions bound to ``readonly_engine(engine)`` begin with a plain deferred ``BEGIN``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection

BUSY_TIMEOUT_MS = 10_000
READONLY_OPTION = "fragment_readonly"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine for ``url`` (``sqlite:///path`` or ``postgresql+psycopg://...``)."""
    if url.startswith("sqlite"):
        connect_args = kwargs.pop("connect_args", {})
        # isolation_level=None: pysqlite must not issue its own BEGIN; ours does.
        connect_args.setdefault("isolation_level", None)
        connect_args.setdefault("check_same_thread", False)
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        _install_sqlite_listeners(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def make_check_engine(path: Path, *, immutable: bool) -> Engine:
    """An engine that cannot change a byte of the SQLite file at ``path``.

    ``mode=ro`` opens the file read-only and ``query_only`` refuses writes; no pragma that
    writes (``journal_mode``) is set and nothing checkpoints. ``immutable`` tells SQLite the
    file cannot change while open, so it takes no locks and creates no ``-wal``/``-shm``
    files: use it for bags, read-only media, and a closed case whose lock is held.
    """
    uri = f"file:{quote(path.resolve().as_posix())}?mode=ro"
    if immutable:
        uri += "&immutable=1"
    engine = create_engine(f"sqlite:///{uri}&uri=true", connect_args={
        "isolation_level": None, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute("PRAGMA query_only=ON")
            cursor.execute("PRAGMA trusted_schema=OFF")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def readonly_engine(engine: Engine) -> Engine:
    """The same pool, but transactions start deferred (they never take the write lock)."""
    return engine.execution_options(**{READONLY_OPTION: True})


def is_sqlite(engine: Engine) -> bool:
    """True when the engine talks to SQLite."""
    return engine.dialect.name == "sqlite"


def _install_sqlite_listeners(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            if not _is_memory(engine):
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(READONLY_OPTION):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def _is_memory(engine: Engine) -> bool:
    database = engine.url.database
    return database in (None, "", ":memory:")
