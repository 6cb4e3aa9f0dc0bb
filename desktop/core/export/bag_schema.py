"""Is a database that arrived in a bag the shape our migrations make, and nothing more?

A database in a bag is hostile until checked (INTEGRITY.md): before it becomes a case it
must pass SQLite's integrity check and match, table by table, the schema this version of
Fragment creates: the same tables with the same columns, no index we do not make, no view,
and no trigger but the search index's own, each word for word as our migrations write it
(any other would run code of the sender's choosing when the case is used). The search
index's contents are rebuilt on import, never trusted.
Structure is compared through PRAGMAs rather than the stored SQL text, because a case
upgraded by a batch migration stores differently quoted but equal ``CREATE`` statements.
"""

from __future__ import annotations

import sqlite3
import tempfile
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

Schema = dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # table -> (columns, indexes)
Code = dict[str, str]  # "trigger NAME" / "view NAME" / "virtual table NAME" -> its SQL


def _connect_ro(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{quote(path.resolve().as_posix())}?mode=ro&immutable=1",
                           uri=True)
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA query_only=ON")
    return conn


def read_schema(conn: sqlite3.Connection) -> tuple[Schema, Code]:
    """(tables with their columns and indexes, the SQL of triggers, views and virtual
    tables)."""
    objects = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    code = {f"{kind} {name}": sql or "" for kind, name, _, sql in objects
            if kind in ("trigger", "view")}
    code |= {f"virtual table {name}": sql for kind, name, _, sql in objects
             if kind == "table" and (sql or "").upper().startswith("CREATE VIRTUAL")}
    schema: Schema = {}
    for kind, name, _tbl, _sql in objects:
        if kind != "table" or name.startswith("sqlite_"):
            continue
        columns = tuple(f"{row[1]} {row[2].upper()} notnull={row[3]} pk={row[5]}"
                        for row in conn.execute(f'PRAGMA table_info("{name}")'))
        indexes = tuple(sorted(row[1] for row in conn.execute(f'PRAGMA index_list("{name}")')
                               if not row[1].startswith("sqlite_autoindex")))
        schema[name] = (columns, indexes)
    return schema, code


@lru_cache(maxsize=4)
def reference_schema(revision: str | None = None) -> tuple[Schema, Code]:
    """The schema (and trigger/view code) our migrations make up to ``revision`` (None: this
    version's head), built once per process and revision."""
    from db.engine import make_engine
    from db.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="fragment-schema-") as tmp:
        path = Path(tmp) / "reference.sqlite"
        engine = make_engine(f"sqlite:///{path}")
        try:
            upgrade(engine, to=revision)
        finally:
            engine.dispose()
        conn = _connect_ro(path)
        try:
            return read_schema(conn)
        finally:
            conn.close()


def _revision(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(row[0]) if row else None


def check_untrusted_database(path: Path) -> list[str]:
    """Problems that make ``path`` unacceptable as a case database (empty list: fine)."""
    try:
        conn = _connect_ro(path)
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
            schema, code = read_schema(conn)
            revision = _revision(conn) if "alembic_version" in schema else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [f"{path.name} is not a readable SQLite database ({exc})"]
    if result != ["ok"]:
        return [f"{path.name} fails SQLite's integrity check ({result[0]})"]
    from db.migrate import checkable_revisions, head_revision

    # A bag made by an earlier Fragment holds that version's schema; the case it becomes is
    # upgraded when it is first opened. Anything else is compared with this version's.
    older = revision in checkable_revisions() and revision != head_revision()
    expected, expected_code = reference_schema(revision if older else None)
    problems = [f"{path.name} contains a {extra}, which Fragment never creates"
                for extra, sql in code.items() if expected_code.get(extra) != sql]
    for table in sorted(set(schema) - set(expected)):
        problems.append(f"{path.name} contains a table {table} that Fragment does not create")
    for table in sorted(set(expected) - set(schema)):
        problems.append(f"{path.name} lacks the table {table}: it is not a case database of "
                        "this version of Fragment")
    for table in sorted(set(expected) & set(schema)):
        columns, indexes = schema[table]
        want_columns, want_indexes = expected[table]
        if columns != want_columns:
            problems.append(f"the columns of {table} in {path.name} differ from Fragment's")
        for index in sorted(set(indexes) - set(want_indexes)):
            problems.append(f"{path.name} contains an index {index} that Fragment does not "
                            "create")
    return problems
