"""The full-text search index: derived data kept in step with the case by triggers.

One row per searchable object: annotations (transcription, notes), photos (file name,
notes, tags), claims (statement, note) and sources (title, publisher, text, notes, file
name). A photo's tags live in ``photo_tag``; a change to one re-indexes its photo's row
(the ``_CHILDREN`` triggers), so the words of all its tags, its name and notes meet in one
row.
Each row holds ``body`` (the text that names the object), ``extra`` (the rest) and
``folded``: the same words with Cyrillic and Greek look-alikes folded to Latin, dashes
removed and "KH" read as X, plus, for annotations, the whole reading without spaces, so
``9М723``, ``9m-723`` and ``9M 723`` all meet ``9M723``. The query side folds with
``fold_word``, which must agree with the SQL below (a test holds both to
``desktop.core.markings.normalize_marking``).

The index is not evidence: no audit event covers it, the state digests never see it, and
it is rebuilt from the evidential rows whenever in doubt (``rebuild_search_index``).
Triggers rather than the write path keep it in step, so every way rows are written (verbs,
bulk loads, case copies, a batch migration's copy) updates it in the same transaction. A
batch migration that rebuilds one of the four tables drops that table's triggers with it;
``ensure_search_index`` (run by ``db.migrate.upgrade`` after every upgrade) puts missing
ones back and rebuilds the index.

SQLite: an FTS5 table (unicode61 tokenizer without diacritics, prefix indexes) whose rowid
is ``object_id * 8 + kind code``. PostgreSQL: the table ``search_entry`` with a ``tsvector``
column under a GIN index (``simple`` configuration; accents are folded by ``translate``,
since the ``unaccent`` extension needs rights a team database may not grant).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from sqlalchemy import Connection, inspect

# Cyrillic and Greek letters that look like Latin ones, folded to the Latin capital (the
# table of desktop.core.markings; the db layer cannot import it, a test keeps them equal).
LOOKALIKES = {
    "A": "АаΑα", "B": "ВвΒβ", "C": "Сс", "E": "ЕеЁёΕε", "H": "НнΗ", "I": "ІіΙ",
    "J": "Јј", "K": "КкΚκ", "M": "МмΜ", "N": "Ν", "O": "ОоΟο", "P": "РрΡρ", "S": "Ѕѕ",
    "T": "ТтΤτ", "X": "ХхΧχ", "Y": "УуΥ",
}
DASHES = "-‐‑‒–—―−⁃﹘﹣－_"
_FOLD = {ord(c): latin for latin, chars in LOOKALIKES.items() for c in chars}
_REMOVE = {ord(c): None for c in DASHES}

KIND_CODES = {"annotation": 1, "photo": 2, "claim": 3, "source": 4}


def fold_word(text: str) -> str:
    """``text`` folded the way the index folds it: look-alikes to Latin, dashes removed,
    upper case, "KH" read as X (spaces kept)."""
    s = unicodedata.normalize("NFKC", text).translate(_FOLD).translate(_REMOVE).upper()
    return s.replace("KH", "X")


def _accent_map() -> tuple[str, str]:
    """Accented Latin letters (Latin-1 and Extended-A) and their base letters, for
    PostgreSQL's ``translate``."""
    src, dst = [], []
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            src.append(char)
            dst.append(base)
    return "".join(src), "".join(dst)


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _sqlite_fold_steps() -> list[list[tuple[str, str]]]:
    """The ``replace`` calls that fold text like ``fold_word`` (case is left to the
    tokenizer), in steps of 16: SQLite's parser overflows past about 30 nested calls. Every
    step but the last replaces only non-ASCII characters, and is skipped for ASCII text."""
    pairs = [(char, latin) for latin, chars in LOOKALIKES.items() for char in chars]
    pairs += [(dash, "") for dash in DASHES if not dash.isascii()]
    steps = [pairs[i:i + 16] for i in range(0, len(pairs), 16)]
    ascii_dashes = [(dash, "") for dash in DASHES if dash.isascii()]
    return [*steps, ascii_dashes + [(kh, "X") for kh in ("KH", "Kh", "kH", "kh")]]


def _replace_chain(expr: str, pairs: list[tuple[str, str]]) -> str:
    for old, new in pairs:
        expr = f"replace({expr}, {_sql_text(old)}, {_sql_text(new)})"
    return expr


def _pg_fold(expr: str) -> str:
    """SQL (PostgreSQL) folding ``expr`` like ``fold_word``, accents removed too."""
    src = "".join(chars for chars in LOOKALIKES.values())
    dst = "".join(latin * len(chars) for latin, chars in LOOKALIKES.items())
    accents, bases = _accent_map()
    expr = f"translate({expr}, {_sql_text(src + accents + DASHES)}, {_sql_text(dst + bases)})"
    return f"replace(upper({expr}), 'KH', 'X')"


@dataclass(frozen=True)
class _Source:
    """How one table feeds the index; expressions name the row's columns as ``{r}col``."""

    table: str
    fields: tuple[str, ...]  # the columns the expressions read
    parent: str
    body: str
    extra: str
    squeeze: bool  # index the folded body without spaces too (markings)

    @property
    def columns(self) -> str:
        """The columns whose update re-indexes the row."""
        return ", ".join(f for f in self.fields if f not in ("id", "photo_id"))

    def expr(self, template: str, row: str) -> str:
        """``template`` reading the row through ``row`` ("NEW.", "r." or ""; "" is SQLite)."""
        agg = "group_concat" if row in ("", "new.", "old.") else "string_agg"
        return template.replace("{r}", row).replace("{agg}", agg)


# The tags of the photo, as one text; ``{agg}`` is group_concat (SQLite) or string_agg
# (PostgreSQL). The subquery names the tag's photo ``owner`` so that ``id`` can only mean
# the photo's.
_PHOTO_TAGS = ("(SELECT coalesce({agg}(t.tag, ' '), '') FROM (SELECT photo_id AS owner, tag "
               "FROM photo_tag) AS t WHERE t.owner = {r}id)")
_SOURCES = (
    _Source("annotation", ("id", "label", "photo_id", "transcription", "notes"),
            "{r}photo_id", "{r}transcription", "{r}notes", True),
    _Source("photo", ("id", "label", "file_name", "notes"),
            "NULL", "{r}file_name", "{r}notes || ' ' || " + _PHOTO_TAGS, False),
    _Source("claim", ("id", "label", "statement", "note"),
            "NULL", "{r}statement", "{r}note", False),
    _Source("source", ("id", "label", "title", "publisher", "text", "notes", "file_name"),
            "NULL", "{r}title",
            "{r}publisher || ' ' || {r}text || ' ' || {r}notes || ' ' || "
            "coalesce({r}file_name, '')", False),
)

# (child table, its column naming the parent, the parent's source): a change to a child
# row indexes its parent again.
_CHILDREN = (("photo_tag", "photo_id", "photo"),)

SQLITE_TABLE = "search_index"
PG_TABLE = "search_entry"
_COLUMNS = "kind, object_id, parent_id, label, body, extra, folded"


def _sqlite_select(src: _Source, rows: str) -> str:
    """A SELECT of the index rows of ``src`` read from ``rows`` (a SELECT of its fields),
    folding in nested steps."""
    body, extra = src.expr(src.body, ""), src.expr(src.extra, "")
    query = (f"SELECT *, ({body}) || ' ' || ({extra}) AS a0, {body} AS b0 FROM ({rows})")
    query = f"SELECT *, a0 GLOB '*[^ -~]*' AS wide FROM ({query})"  # anything not ASCII
    steps = _sqlite_fold_steps()
    for k, pairs in enumerate(steps, 1):
        def step(column: str, pairs: list[tuple[str, str]] = pairs, k: int = k) -> str:
            chain = _replace_chain(column, pairs)
            return chain if k == len(steps) else f"CASE WHEN wide THEN {chain} ELSE {column} END"

        squeezed = f", {step(f'b{k - 1}')} AS b{k}" if src.squeeze else ""
        query = f"SELECT *, {step(f'a{k - 1}')} AS a{k}{squeezed} FROM ({query})"
    folded = f"a{len(steps)}"
    if src.squeeze:
        folded += f" || ' ' || replace(b{len(steps)}, ' ', '')"
    return (f"SELECT id * 8 + {KIND_CODES[src.table]}, '{src.table}', id, "
            f"{src.expr(src.parent, '')}, label, {body}, {extra}, {folded} FROM ({query})")


def _present(conn: Connection) -> tuple[tuple[_Source, ...], tuple[tuple[str, str, str], ...]]:
    """The sources and child tables of this version, as far as their tables exist: the
    index is first made by an early migration, before ``photo_tag``; the upgrade to head
    finds the triggers differ and makes them again (``ensure_search_index``)."""
    tables = set(inspect(conn).get_table_names())
    if "photo_tag" in tables:
        return _SOURCES, _CHILDREN
    plain = tuple(replace(src, extra="{r}notes") if src.table == "photo" else src
                  for src in _SOURCES)
    return plain, ()


def _source(sources: tuple[_Source, ...], table: str) -> _Source:
    return next(src for src in sources if src.table == table)


def _sqlite_child_statements(sources: tuple[_Source, ...],
                             children: tuple[tuple[str, str, str], ...]) -> list[str]:
    out = []
    for child, column, parent in children:
        src = _source(sources, parent)
        code = KIND_CODES[parent]
        for suffix, event, row in (("ai", "INSERT", "new"), ("au", "UPDATE OF tag", "new"),
                                   ("ad", "DELETE", "old")):
            rows = (f"SELECT {', '.join(src.fields)} FROM {parent} "
                    f"WHERE id = {row}.{column}")
            out.append(
                f"CREATE TRIGGER search_{child}_{suffix} AFTER {event} ON {child} BEGIN "
                f"DELETE FROM {SQLITE_TABLE} WHERE rowid = {row}.{column} * 8 + {code}; "
                f"INSERT INTO {SQLITE_TABLE}(rowid, {_COLUMNS}) "
                f"{_sqlite_select(src, rows)}; END")
    return out


def sqlite_statements(sources: tuple[_Source, ...] = _SOURCES,
                      children: tuple[tuple[str, str, str], ...] = _CHILDREN) -> list[str]:
    """The DDL that creates the SQLite index and its triggers."""
    out = [f"CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5(kind UNINDEXED, "
           "object_id UNINDEXED, parent_id UNINDEXED, label, body, extra, folded, "
           "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')"]
    for src in sources:
        code = KIND_CODES[src.table]
        new_row = "SELECT " + ", ".join(f"new.{f} AS {f}" for f in src.fields)
        insert = (f"INSERT INTO {SQLITE_TABLE}(rowid, {_COLUMNS}) "
                  f"{_sqlite_select(src, new_row)};")
        delete = f"DELETE FROM {SQLITE_TABLE} WHERE rowid = old.id * 8 + {code};"
        out += [
            f"CREATE TRIGGER search_{src.table}_ai AFTER INSERT ON {src.table} "
            f"BEGIN {insert} END",
            f"CREATE TRIGGER search_{src.table}_au AFTER UPDATE OF {src.columns} "
            f"ON {src.table} BEGIN {delete} {insert} END",
            f"CREATE TRIGGER search_{src.table}_ad AFTER DELETE ON {src.table} "
            f"BEGIN {delete} END",
        ]
    return out + _sqlite_child_statements(sources, children)


def _pg_values(src: _Source, row: str) -> str:
    body, extra = src.expr(src.body, row), src.expr(src.extra, row)
    folded = _pg_fold(f"({body} || ' ' || {extra})")
    if src.squeeze:
        folded = f"{folded} || ' ' || replace({_pg_fold(body)}, ' ', '')"
    return (f"{row}id * 8 + {KIND_CODES[src.table]}, '{src.table}', {row}id, "
            f"{src.expr(src.parent, row)}, {row}label, {body}, {extra}, {folded}")


def _pg_statements(sources: tuple[_Source, ...] = _SOURCES,
                   children: tuple[tuple[str, str, str], ...] = _CHILDREN) -> list[str]:
    out = [
        f"CREATE TABLE {PG_TABLE} (id BIGINT PRIMARY KEY, kind TEXT NOT NULL, "
        "object_id INTEGER NOT NULL, parent_id INTEGER, label TEXT NOT NULL, "
        "body TEXT NOT NULL, extra TEXT NOT NULL, folded TEXT NOT NULL, "
        "document TSVECTOR GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple', folded), 'A') || "
        "setweight(to_tsvector('simple', label), 'B')) STORED)",
        f"CREATE INDEX ix_{PG_TABLE}_document ON {PG_TABLE} USING GIN (document)",
    ]
    for src in sources:
        code = KIND_CODES[src.table]
        out += [
            f"CREATE FUNCTION search_{src.table}_sync() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF TG_OP <> 'INSERT' THEN DELETE FROM {PG_TABLE} "
            f"WHERE id = OLD.id * 8 + {code}; END IF; "
            f"IF TG_OP <> 'DELETE' THEN INSERT INTO {PG_TABLE} (id, {_COLUMNS}) "
            f"VALUES ({_pg_values(src, 'NEW.')}); END IF; RETURN NULL; END $$",
            f"CREATE TRIGGER search_{src.table}_sync AFTER INSERT OR DELETE OR UPDATE OF "
            f"{src.columns} ON {src.table} FOR EACH ROW EXECUTE FUNCTION "
            f"search_{src.table}_sync()",
        ]
    for child, column, parent in children:
        src = _source(sources, parent)
        out += [
            f"CREATE FUNCTION search_{child}_sync() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"DECLARE pid INTEGER; BEGIN IF TG_OP = 'DELETE' THEN pid := OLD.{column}; "
            f"ELSE pid := NEW.{column}; END IF; "
            f"DELETE FROM {PG_TABLE} WHERE id = pid * 8 + {KIND_CODES[parent]}; "
            f"INSERT INTO {PG_TABLE} (id, {_COLUMNS}) SELECT {_pg_values(src, 'r.')} "
            f"FROM {parent} AS r WHERE r.id = pid; RETURN NULL; END $$",
            f"CREATE TRIGGER search_{child}_sync AFTER INSERT OR DELETE OR UPDATE "
            f"ON {child} FOR EACH ROW EXECUTE FUNCTION search_{child}_sync()",
        ]
    return out


def is_search_table(name: str) -> bool:
    """True for the index's tables (FTS5 keeps its data in ``search_index_*`` tables)."""
    return name in (SQLITE_TABLE, PG_TABLE) or name.startswith(f"{SQLITE_TABLE}_")


def _is_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


def create_search_index(conn: Connection) -> None:
    """Create the index and its triggers, and fill it from the rows already there."""
    sources, children = _present(conn)
    statements = (sqlite_statements(sources, children) if _is_sqlite(conn)
                  else _pg_statements(sources, children))
    for statement in statements:
        conn.exec_driver_sql(statement)
    rebuild_search_index(conn)


def drop_search_index(conn: Connection) -> None:
    """Remove the index and its triggers (the downgrade)."""
    sources, children = _present(conn)
    for table in [src.table for src in sources] + [child for child, _c, _p in children]:
        if _is_sqlite(conn):
            for suffix in ("ai", "au", "ad"):
                conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS search_{table}_{suffix}")
        else:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS search_{table}_sync ON {table}")
            conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS search_{table}_sync()")
    table = SQLITE_TABLE if _is_sqlite(conn) else PG_TABLE
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")


def rebuild_search_index(conn: Connection) -> None:
    """Empty the index and index every row again (the triggers' own SQL, run in bulk)."""
    if _is_sqlite(conn):
        conn.exec_driver_sql(f"DELETE FROM {SQLITE_TABLE}")
        for src in _present(conn)[0]:
            rows = f"SELECT {', '.join(src.fields)} FROM {src.table}"
            conn.exec_driver_sql(f"INSERT INTO {SQLITE_TABLE}(rowid, {_COLUMNS}) "
                                 f"{_sqlite_select(src, rows)}")
        return
    conn.exec_driver_sql(f"DELETE FROM {PG_TABLE}")
    for src in _present(conn)[0]:
        conn.exec_driver_sql(f"INSERT INTO {PG_TABLE}(id, {_COLUMNS}) "
                             f"SELECT {_pg_values(src, 'r.')} FROM {src.table} AS r")


def reset_search_index(conn: Connection) -> None:
    """Drop the index with its triggers and make both again from this version's SQL (for a
    database that came from elsewhere: its index and triggers are not trusted)."""
    drop_search_index(conn)
    create_search_index(conn)


def search_triggers_present(conn: Connection) -> bool:
    """True when the index and every trigger that keeps it in step exist, each exactly as
    this version defines it (so a change to what is indexed rebuilds it at the next upgrade)."""
    if _is_sqlite(conn):
        wanted = {_sqlite_name(sql): sql for sql in sqlite_statements()}
        found: dict[str, str] = dict(conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'trigger')").all())
        return all(found.get(name) == sql for name, sql in wanted.items())
    functions: dict[str, str] = dict(conn.exec_driver_sql(
        "SELECT proname, prosrc FROM pg_proc WHERE left(proname, 7) = 'search_'").all())
    triggers = {row[0] for row in conn.exec_driver_sql(
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}
    tables = {row[0] for row in conn.exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
    bodies = {sql.split()[2].removesuffix("()"): sql.split("$$")[1]
              for sql in _pg_statements() if sql.startswith("CREATE FUNCTION")}
    return (PG_TABLE in tables and set(bodies) <= triggers
            and all(functions.get(name) == body for name, body in bodies.items()))


def _sqlite_name(statement: str) -> str:
    """The name a ``CREATE VIRTUAL TABLE`` or ``CREATE TRIGGER`` statement creates."""
    words = statement.split()
    return words[3] if words[1] == "VIRTUAL" else words[2]


def ensure_search_index(conn: Connection) -> bool:
    """Recreate the index if a migration dropped it or any of its triggers, or they differ
    from this version's; True if it did."""
    if search_triggers_present(conn):
        return False
    reset_search_index(conn)
    return True
