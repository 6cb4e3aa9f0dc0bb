"""``fragment copy``: move a case's database between SQLite and a team PostgreSQL server.

The case folder stays where it is (it keeps the originals); only where its records live
changes. Every row of every table is copied as it is stored, audit log included, so the
chain and every record's state digest are the same on both sides, and the copy is checked
end to end before the case is switched over:

1. the source verifies (originals, chain, records); a damaged case is not copied;
2. the target is an empty database (a team database must not hold another case);
3. one transaction copies every table in foreign-key order;
4. the target verifies, and its head and event count equal the source's (a team case
   changed by someone during the copy is refused, nothing switched);
5. the switch: ``case.json`` names the new database (or is removed for a local case); the
   SQLite file that is no longer used is moved to ``backups/``, never deleted.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, func, inspect, select, text

from db.base import Base
from db.engine import is_sqlite, make_engine
from db.migrate import upgrade
from desktop.core.atomic import atomic_file
from desktop.core.casefile import CONFIG_NAME, DB_NAME, CaseFile, normalize_case_path
from desktop.core.errors import UserError
from desktop.core.verify import verify_case

LOCAL = "local"
_BATCH = 1000


@dataclass(frozen=True)
class CopyReport:
    """What was copied where, and the head both sides share."""

    case: Path
    target: str
    rows: int
    events: int
    head: str


def copy_case(case_path: str | os.PathLike[str], target: str, *,
              investigator: str | None = None) -> CopyReport:
    """Copy the case's database to ``target`` (a PostgreSQL URL, or ``"local"`` for the
    case folder's own SQLite file) and switch the case over, verified end to end."""
    root = normalize_case_path(case_path) if not Path(case_path).exists() else Path(case_path)
    with CaseFile.open(root, investigator=investigator) as case:
        source_report = verify_case(case)
        if not source_report.ok:
            raise UserError(f"{root.name} did not verify ({source_report.problems[0].detail}),"
                            " so it was not copied")
        to_local = target == LOCAL
        if to_local == is_sqlite(case.engine):
            where = "a local SQLite case" if to_local else "already a team case"
            raise UserError(f"{root.name} is {where}; nothing to copy")
        if not to_local and not target.startswith("postgresql"):
            raise UserError("the target is a PostgreSQL URL (postgresql+psycopg://...) or "
                            f"{LOCAL!r}")
        if to_local and (root / DB_NAME).exists():
            raise UserError(f"{root / DB_NAME} already exists; move it away first")
        target_url = (f"sqlite:///{(root / DB_NAME).resolve()}" if to_local else target)
        engine = make_engine(target_url)
        try:
            _require_empty(engine)
            upgrade(engine)
            rows = _copy_rows(case.engine, engine)
            _reset_sequences(engine)
        except BaseException:
            engine.dispose()
            if to_local:
                (root / DB_NAME).unlink(missing_ok=True)
            raise
        engine.dispose()
        with case.read_session() as session:  # a team case may have moved on meanwhile
            from desktop.core.audit import head_hash

            source_head = head_hash(session)
    if source_head != source_report.head:
        raise UserError("the case changed while it was being copied; try again when nobody "
                        "is working on it (the copy was not switched to)")
    _switch(root, target_url, to_local)
    with CaseFile.open_for_check(root) as copied:
        report = verify_case(copied)
    if not report.ok or report.head != source_report.head:
        why = report.problems[0].detail if report.problems else "its head differs"
        raise UserError(f"the copy did not verify ({why}); the case now uses the copy, and "
                        "the previous database is in backups/")
    return CopyReport(root, LOCAL if to_local else _safe_url(target_url), rows,
                      report.audit_events, report.head)


def _require_empty(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    if tables:
        raise UserError("the target database is not empty (it holds tables already); give "
                        "each case its own database")


def _copy_rows(source: Engine, target: Engine) -> int:
    count = 0
    with source.connect() as src, target.begin() as dst:
        for table in reversed(Base.metadata.sorted_tables):  # what migrations seeded
            dst.execute(table.delete())
        for table in Base.metadata.sorted_tables:  # parents before children
            result = src.execute(select(table).order_by(*table.primary_key.columns))
            while batch := result.mappings().fetchmany(_BATCH):
                dst.execute(table.insert(), [dict(row) for row in batch])
                count += len(batch)
    return count


def _reset_sequences(engine: Engine) -> None:
    if is_sqlite(engine):
        return
    with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            if "id" not in table.c:
                continue
            highest = conn.scalar(select(func.max(table.c.id)))
            if highest:
                conn.execute(text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :n)"),
                             {"t": table.name, "n": int(highest)})


def _switch(root: Path, target_url: str, to_local: bool) -> None:
    config = root / CONFIG_NAME
    if to_local:  # the folder's own case.sqlite is used again; keep the team setting aside
        _move_to_backups(config, root, f"case-team-{_stamp()}.json")
        return
    with atomic_file(config) as tmp:
        tmp.write_text(json.dumps({"database_url": target_url}, indent=2), encoding="utf-8")
    _move_to_backups(root / DB_NAME, root, f"case-before-copy-{_stamp()}.sqlite")
    for side in ("-wal", "-shm"):
        (root / f"{DB_NAME}{side}").unlink(missing_ok=True)


def _move_to_backups(path: Path, root: Path, name: str) -> None:
    folder = root / "backups"
    folder.mkdir(exist_ok=True)
    path.replace(folder / name)


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _safe_url(url: str) -> str:
    """The URL without its password, for printing."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
