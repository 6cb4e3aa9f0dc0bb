"""Case folders: ``NAME.fragment/`` with ``case.sqlite``, ``originals/``, ``derived/``.

A ``CaseFile`` owns the engine, the store and the write lock. Sessions are short: open one
per operation with ``write_session()`` or ``read_session()`` and never keep one across
user interactions (an idle read transaction blocks WAL checkpoints).

Threading: a ``CaseFile`` may be shared between threads; each thread opens its own
sessions. Only plain data (DTOs from ``queries``) crosses threads, never ORM objects.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from filelock import FileLock, Timeout
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from db.engine import make_check_engine, make_engine, readonly_engine
from db.migrate import (
    MigrationError,
    checkable_revisions,
    current_revision,
    head_revision,
    is_known_revision,
    upgrade,
)
from db.models import CaseBasemap, CaseInfo, Photo, Source, Video
from desktop import __version__
from desktop.core import audit, labels, leftovers  # noqa: F401  (labels: its flush hook)
from desktop.core.atomic import atomic_file
from desktop.core.audit import PendingEvent
from desktop.core.errors import CaseError, CaseLockedError, ConflictError
from desktop.core.settings import explicit_investigator, investigator_name
from desktop.core.store import OriginalStore
from desktop.core.store_sessions import sweep_incoming
from desktop.core.versions import concurrent_edit_sentence

CASE_SUFFIX = ".fragment"
DB_NAME = "case.sqlite"
CONFIG_NAME = "case.json"
LOCK_NAME = "case.lock"
_NEARLY_FULL = 256 * 1024  # bytes free under which a database error is put down to the disk

P = ParamSpec("P")
T = TypeVar("T")


def normalize_case_path(path: str | os.PathLike[str]) -> Path:
    """``Shusha`` -> ``Shusha.fragment``; a path already ending in .fragment is kept."""
    p = Path(path).expanduser()
    return p if p.name.endswith(CASE_SUFFIX) else p.with_name(p.name + CASE_SUFFIX)


@dataclass
class CaseFile:
    """An open case. Use as a context manager, or call ``close()``."""

    root: Path
    engine: Engine
    investigator: str
    readonly: bool = False
    warnings: list[str] = field(default_factory=list)
    investigator_given: bool = False
    """True when ``investigator`` is a name the user gave (``--investigator`` or the
    settings), False when it is only the operating system's account name."""
    _lock: FileLock | None = None
    _local: threading.local = field(default_factory=threading.local, repr=False,
                                    compare=False)
    _store_swept: bool = True  # False while ``sweep_store`` is pending (``defer_sweep``)
    _sweep_lock: threading.Lock = field(default_factory=threading.Lock, repr=False,
                                        compare=False)

    # -- creation and opening -------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        *,
        title: str,
        description: str = "",
        investigator: str | None = None,
        database_url: str | None = None,
    ) -> CaseFile:
        """Create a new case folder. Fails if anything already exists at ``path``."""
        root = normalize_case_path(path)
        if not title.strip():
            raise CaseError("a case needs a title")
        if root.exists():
            raise CaseError(f"{root} already exists; choose another name or open it")
        try:
            root.mkdir(parents=True)
            for sub in ("originals", "derived"):
                (root / sub).mkdir()
            if database_url:
                with atomic_file(root / CONFIG_NAME) as tmp:
                    tmp.write_text(json.dumps({"database_url": database_url}, indent=2),
                                   encoding="utf-8")
        except OSError as exc:
            raise CaseError(f"cannot create {root}: {exc.strerror or exc}") from exc
        try:
            case = cls.open(root, investigator=investigator, _creating=True)
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)  # never leave half a case behind
            raise
        try:
            with case.write_session() as session:
                if session.scalar(select(CaseInfo.id)) is not None:
                    raise CaseError(
                        "that database already holds a case; give each case its own database"
                    )
                info = CaseInfo(
                    title=title.strip(), description=description, created_by=case.investigator
                )
                session.add(info)
                session.flush()
                case.audit(session, "case.create", "case", info.id,
                           {"after": {"title": info.title, "description": description}})
        except BaseException:
            case.close()
            shutil.rmtree(root, ignore_errors=True)
            raise
        return case

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        investigator: str | None = None,
        readonly: bool = False,
        defer_sweep: bool = False,
        _creating: bool = False,
    ) -> CaseFile:
        """Open an existing case, upgrading an older schema (after a backup) when writable.

        Opened for writing, a local case is cleaned of what killed imports, loads and
        exports left (``sweep_store``); ``defer_sweep`` leaves that to the caller, who runs
        ``sweep_store`` in a worker (the window: walking the store of 10,000 originals
        takes about a tenth of a second). Until it has run, the first write to the store
        runs it first, so no import can meet a sweep half done.
        """
        root = Path(path).expanduser()
        if not root.exists() and normalize_case_path(root).exists():
            root = normalize_case_path(root)
        url, is_sqlite = _database_url(root)
        if is_sqlite and not (root / DB_NAME).is_file() and not _creating:
            raise CaseError(f"{root} is not a Fragment case (no {DB_NAME} in it)")
        lock = None
        # SQLite allows one writing process; a PostgreSQL team case is shared by design.
        if not readonly and is_sqlite:
            lock = FileLock(str(root / LOCK_NAME), timeout=0)
            try:
                lock.acquire()
            except Timeout:
                raise CaseLockedError(
                    f"the case {root.name} is open in another window or process"
                ) from None
            except OSError as exc:
                raise CaseError(f"cannot lock {root}: {exc.strerror or exc}") from exc
        engine = make_engine(url)
        case = cls(root=root, engine=engine, investigator=investigator_name(investigator),
                   readonly=readonly, _lock=lock,
                   investigator_given=explicit_investigator(investigator) is not None)
        try:
            case._prepare_schema(is_sqlite)
        except BaseException:
            case.close()
            raise
        if lock is not None or not (readonly or is_sqlite):  # written here: clean it
            case._store_swept = False
            if not defer_sweep:
                case.sweep_store()
        if is_sqlite and is_network_filesystem(root):
            case.warnings.append(
                f"{root.name} is on a network share, where SQLite cannot guarantee safe "
                "writes; use a PostgreSQL team case for shared work"
            )
        return case

    @classmethod
    def open_for_check(
        cls, path: str | os.PathLike[str], *, immutable: bool | None = None
    ) -> CaseFile:
        """Open a case so that nothing in its folder can change: for verify, log, bags.

        SQLite is opened ``mode=ro`` with ``query_only``; ``immutable`` (the default when no
        ``-wal`` file shows a writer or an unfinished transaction) also skips every lock and
        side file. No schema upgrade is attempted: a case made since the audit log records
        state (``db.migrate.CHECKABLE_FROM``, e.g. a bag made before the newest migration)
        is read as it is, since checks read only what all those schemas share; an older
        one is refused in one sentence.
        """
        root = Path(path).expanduser()
        if not root.exists() and normalize_case_path(root).exists():
            root = normalize_case_path(root)
        url, is_sqlite = _database_url(root)
        if is_sqlite:
            db_file = root / DB_NAME
            if not db_file.is_file():
                raise CaseError(f"{root} is not a Fragment case (no {DB_NAME} in it)")
            if immutable is None:
                immutable = not db_file.with_name(DB_NAME + "-wal").exists()
            engine = make_check_engine(db_file, immutable=immutable)
        else:
            engine = make_engine(url, execution_options={"postgresql_readonly": True})
        case = cls(root=root, engine=engine, investigator=investigator_name(None),
                   readonly=True, investigator_given=explicit_investigator(None) is not None)
        try:
            case._require_current_schema()
        except BaseException:
            case.close()
            raise
        return case

    def sweep_store(self) -> None:
        """Remove the originals no record refers to and the temporaries killed writers
        left (in the store, beside the case and beside its remembered export targets);
        once per opening, whichever thread asks first (see ``open``). A team case's
        shared store is only cleaned of dead import sessions' files, by the age rules of
        ``store_sessions``: another investigator's import may be storing originals that
        its rows do not yet refer to."""
        with self._sweep_lock:
            if self._store_swept:
                return
            self._store_swept = True
            if self.engine.dialect.name != "sqlite":
                sweep_incoming(self.originals.root, shared=True)
                return
            self._remove_unreferenced_originals()
            leftovers.sweep(self.root)

    def _remove_unreferenced_originals(self) -> None:
        """Remove what an import or load killed before its commit left in the store."""
        # One plain statement: compiling four ORM selects on the new engine cost more than
        # reading ten thousand hashes (this runs on the GUI thread when the window opens).
        query = text(
            f"SELECT sha256 FROM {Photo.__tablename__} "
            f"UNION SELECT file_sha256 FROM {Source.__tablename__} "
            f"UNION SELECT file_sha256 FROM {CaseBasemap.__tablename__} "
            f"UNION SELECT sha256 FROM {Video.__tablename__}")
        with self.read_session() as session:
            referenced = {sha for (sha,) in session.execute(query).fetchall() if sha}
        removed = self.originals.remove_unreferenced(referenced)
        if removed:
            logging.getLogger(__name__).info(
                "removed %d original(s) that no record refers to (an interrupted import)",
                len(removed))

    def _newer_version_message(self) -> str:
        """Which Fragment made this case (the newest audit event says), and what to do."""
        try:
            with self.engine.connect() as conn:
                version = conn.exec_driver_sql(
                    "SELECT tool_version FROM audit_event ORDER BY id DESC LIMIT 1").scalar()
        except DatabaseError:
            version = None
        made_by = f"Fragment {version}" if version else "a newer version of Fragment"
        return (f"{self.root.name} was made by {made_by}; install that version or newer to "
                "open it (this is Fragment " + __version__ + ")")

    def _unreachable(self, doing: str, exc: DatabaseError) -> CaseError:
        """``doing: <SQLite's reason>``, or, when the case's disk has no room left (SQLite
        then only says "disk I/O error": it cannot create its WAL index), that sentence."""
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        try:
            full = shutil.disk_usage(self.root).free < _NEARLY_FULL
        except OSError:
            full = False
        if not full:
            return CaseError(f"{doing}: {reason}")
        error = CaseError(f"the disk holding {self.root.name} is full, so the case cannot be "
                          "opened; free some space and try again")
        error.exit_code = 1  # a failure of the machine, not of the input
        return error

    def _require_current_schema(self) -> None:
        try:
            revision = current_revision(self.engine)
        except DatabaseError as exc:
            raise self._unreachable("cannot read the case database", exc) from exc
        if revision is None:
            raise CaseError(f"{self.root.name} has no Fragment database in it")
        if not is_known_revision(revision):
            raise CaseError(self._newer_version_message())
        if revision != head_revision() and revision not in checkable_revisions():
            raise CaseError(
                f"{self.root.name} was made by another version of Fragment; open it once "
                "with this version to upgrade it (a backup is kept), then check it again"
            )

    def _prepare_schema(self, is_sqlite: bool) -> None:
        try:
            revision = current_revision(self.engine)
        except OperationalError as exc:
            raise self._unreachable("cannot reach the case database", exc) from exc
        head = head_revision()
        if revision == head:
            return
        if revision is not None and not is_known_revision(revision):
            raise CaseError(self._newer_version_message())
        if self.readonly:
            raise CaseError(
                f"{self.root.name} was made by another version of Fragment and must be "
                "opened for writing once to upgrade it"
            )
        try:
            upgrade(self.engine, backup_dir=self.root / "backups" if is_sqlite else None)
        except MigrationError as exc:
            raise CaseError(str(exc)) from exc
        if revision is not None:
            # From here on every event commits to the state of what it changed; the upgrade
            # records the state of everything as found, so verify has a starting point.
            with self.write_session() as session:
                audit.record_baseline(session, investigator=self.investigator,
                                      action="case.upgrade",
                                      details={"from": revision, "to": head})

    def close(self) -> None:
        """Dispose of the engine and release the write lock."""
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> CaseFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- folders --------------------------------------------------------------------------
    @property
    def originals(self) -> OriginalStore:
        """The read-only store of photos and source files."""
        return OriginalStore(self.root / "originals", before_write=self.sweep_store)

    @property
    def derived_dir(self) -> Path:
        """Thumbnails and previews; may be deleted at any time and is rebuilt on demand."""
        return self.root / "derived"

    @property
    def name(self) -> str:
        """The folder name without the .fragment suffix."""
        return self.root.name.removesuffix(CASE_SUFFIX)

    # -- sessions -------------------------------------------------------------------------
    @contextmanager
    def write_session(self) -> Iterator[Session]:
        """One write transaction: commits on success, rolls back on any exception.

        Re-entrant per thread: inside an open write transaction (a composite command running
        several verbs) it yields that same session, and only the outermost one commits, so
        the verbs are one transaction, all or nothing. A step that fails inside it dooms the
        whole transaction even if the caller catches the error: the outermost exit then
        rolls back and raises.
        """
        if self.readonly:
            raise CaseError(f"{self.root.name} is open read-only")
        outer: _Transaction | None = getattr(self._local, "transaction", None)
        if outer is not None:
            try:
                yield outer.session
            except BaseException:
                outer.failed = True
                raise
            return
        session = sessionmaker(self.engine, expire_on_commit=False)()
        transaction = _Transaction(session)
        self._local.transaction = transaction
        try:
            with session.begin():
                yield session
                if transaction.failed:
                    raise CaseError("a step of this change failed, so none of it was saved")
        except StaleDataError as exc:
            # Two writers raced past every check: the version in the UPDATE's WHERE clause
            # matched no row because the other one committed first (team cases).
            raise ConflictError(concurrent_edit_sentence(exc)) from exc
        finally:
            self._local.transaction = None
            session.close()

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A short read-only transaction (never takes the write lock).

        Inside an open write transaction of this thread it yields that session, so a
        composite command's later steps see what its earlier steps wrote.
        """
        outer: _Transaction | None = getattr(self._local, "transaction", None)
        if outer is not None:
            yield outer.session
            return
        session = sessionmaker(readonly_engine(self.engine), expire_on_commit=False)()
        try:
            with session.begin():
                yield session
        finally:
            session.close()

    def read(self, query: Callable[Concatenate[Session, P], T], /,
             *args: P.args, **kwargs: P.kwargs) -> T:
        """Run one query function (from ``desktop.core.queries``) in a short read session and
        return what it returns: frozen DTOs, never ORM objects.

        This is how views read: they never open sessions themselves.
        """
        with self.read_session() as session:
            return query(session, *args, **kwargs)

    def name_investigator(self, name: str) -> None:
        """From now on record and export as ``name`` (the name given in the first-start
        dialog while a case was already open under the operating-system account)."""
        self.investigator = name.strip()
        self.investigator_given = bool(self.investigator)

    def audit(
        self,
        session: Session,
        action: str,
        object_type: str,
        object_id: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        """Record an audit event for this case's investigator in ``session``'s transaction."""
        audit.record(session, investigator=self.investigator, action=action,
                     object_type=object_type, object_id=object_id, details=details)

    def audit_many(self, session: Session, events: Sequence[PendingEvent]) -> None:
        """Record ``events`` in one pass (``audit.record_many``): bulk writes."""
        audit.record_many(session, investigator=self.investigator, events=events)


@dataclass
class _Transaction:
    """The write transaction open on one thread, shared by the verbs nested in it."""

    session: Session
    failed: bool = False


def _database_url(root: Path) -> tuple[str, bool]:
    config = root / CONFIG_NAME
    if config.is_file():
        try:
            data = json.loads(config.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CaseError(f"{config} cannot be read: {exc}") from exc
        url = data.get("database_url")
        if isinstance(url, str) and url:
            if url.startswith("postgresql") and not _postgres_driver_present():
                raise CaseError(TEAM_MODE_UNAVAILABLE)
            return url, url.startswith("sqlite")
    return f"sqlite:///{(root / DB_NAME).resolve()}", True


#: What team mode says when this install (or installer build) has no PostgreSQL driver.
TEAM_MODE_UNAVAILABLE = ("this copy of Fragment cannot open team cases because it does not "
                         "include the PostgreSQL driver (psycopg); install it with "
                         "pip install 'fragment[postgres]'")


def _postgres_driver_present() -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec("psycopg") is not None
    except ImportError:
        return False


_NETWORK_FS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "afs", "9p", "fuse.sshfs", "davfs"}


def is_network_filesystem(path: Path) -> bool:
    """Best effort: True when ``path`` is on a network filesystem (Linux /proc/mounts)."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return False
    target = str(path.resolve())
    best, best_type = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = parts[1]
        inside = target == mount or target.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) > len(best):
            best, best_type = mount, parts[2]
    return best_type in _NETWORK_FS
