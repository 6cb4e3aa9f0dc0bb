"""The content-addressed store of originals: ``originals/ab/cd/<sha256>.<ext>``.

Files are written once (hashed while copied to a temp file, fsync, rename), then made
read-only, and never modified. Photos and source attachments share the store.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.core.atomic import atomic_file, durable_temporary
from desktop.core.errors import FragmentError
from desktop.core.store_sessions import (
    INCOMING_PREFIX,
    ImportSession,
    incoming_prefix,
    is_session_lock,
    open_session,
    sweep_incoming,
)

CHUNK = 1 << 20
READ_ONLY = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH


class StoreError(FragmentError):
    """Writing to the store failed; nothing was left behind."""


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's exact bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class OriginalStore:
    """Read-only, content-addressed originals below ``root``."""

    def __init__(self, root: Path, before_write: Callable[[], None] | None = None) -> None:
        self.root = root
        # Run before anything is written: the case's sweep, if it is still pending.
        self._before_write = before_write

    def path_for(self, sha256: str, ext: str) -> Path:
        """Where the original with this hash lives (``ext`` without the dot)."""
        sha256 = sha256.lower()
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}.{ext.lower()}"

    def contains(self, sha256: str, ext: str) -> bool:
        """True when the file is present (its content is not checked here)."""
        return self.path_for(sha256, ext).is_file()

    def put_file(self, source: Path, sha256: str, ext: str, *, sync_dir: bool = True,
                 session: str | None = None) -> Path:
        """Copy ``source`` in under its hash; return the path.

        The bytes are hashed as they are copied, so a file that changed since it was
        analysed is refused; what was written is what was hashed, so the copy is not read
        again. If the target already exists and hashes right, it is kept as is. On any
        failure the temporary file is removed and ``StoreError`` says why.
        ``sync_dir=False``: the caller fsyncs the target's folder (``fsync_dir``) once for
        many files, before a database row refers to any of them. ``session``: the import
        session (``store_sessions``) the copy belongs to; without one, the copy opens its
        own for its duration.
        """
        if self._before_write is not None:
            self._before_write()
        target = self.path_for(sha256, ext)
        if target.is_file() and sha256_file(target) == sha256:
            return target
        if session is None:
            with self.session() as own:
                return self.put_file(source, sha256, ext, sync_dir=sync_dir, session=own.id)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            # ".incoming-<session>-" marks a copy in progress: verify reports one left
            # behind and the next import removes it once its session is gone.
            with atomic_file(target, mode=READ_ONLY, prefix=incoming_prefix(session),
                             suffix="", sync_dir=sync_dir) as tmp:
                digest = hashlib.sha256()
                with open(tmp, "wb") as out, open(source, "rb") as src:
                    while chunk := src.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                if digest.hexdigest() != sha256:
                    raise StoreError(f"{source.name} changed while it was being imported")
                if target.exists():  # a damaged copy from before: replace it
                    os.chmod(target, stat.S_IWUSR | stat.S_IRUSR)
            return target
        except OSError as exc:
            why = ("the disk is full" if exc.errno in (errno.ENOSPC, errno.EDQUOT)
                   else exc.strerror or str(exc))
            raise StoreError(f"could not store {source.name}: {why}") from exc

    @contextmanager
    def session(self) -> Iterator[ImportSession]:
        """Hold an import session on the store for the block (``store_sessions``): every
        ``.incoming-`` file written for it carries its id, and a sweep leaves them alone
        while it is held. ``StoreError`` when its lock file cannot be made."""
        if self._before_write is not None:
            self._before_write()
        try:
            held = open_session(self.root)
        except OSError as exc:
            why = ("the disk is full" if exc.errno in (errno.ENOSPC, errno.EDQUOT)
                   else exc.strerror or str(exc))
            raise StoreError(f"cannot write to the case's store: {why}") from exc
        try:
            yield held
        finally:
            held.close()

    def stage(self, data: bytes, sha256: str, ext: str, *, session: str) -> Path | None:
        """Write ``data`` (whose SHA-256 the caller computed from these very bytes) as an
        ``.incoming-<session>-`` file beside its place; None when the original is there.

        Run by the import workers, which read each file once, for the ``session`` their
        parent holds: the parent then ``adopt``s the file, or removes it. A process killed
        before that leaves an ``.incoming-`` file that ``verify`` reports and the next
        import removes once it can tell the session is gone (``store_sessions``).
        """
        target = self.path_for(sha256, ext)
        if target.exists():
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        return durable_temporary(target, data, prefix=incoming_prefix(session),
                                 mode=READ_ONLY)

    def adopt(self, incoming: Path, sha256: str, ext: str, byte_size: int) -> Path:
        """Rename a ``stage``d file to its place (the caller syncs the folder); return it.

        The file must be beside its place and have the size the worker read; its content
        was hashed from the bytes written, so it is not read again. If the place is taken
        by a good copy meanwhile, that one is kept and ``incoming`` removed.
        """
        target = self.path_for(sha256, ext)
        try:
            if incoming.parent != target.parent or incoming.stat().st_size != byte_size:
                raise StoreError(f"the copy of {target.name} being stored is not the one "
                                 "that was read")
            if target.is_file() and sha256_file(target) == sha256:
                incoming.unlink()
                return target
            if target.exists():  # a damaged copy from before: replace it
                os.chmod(target, stat.S_IWUSR | stat.S_IRUSR)
            os.replace(incoming, target)
            return target
        except OSError as exc:
            raise StoreError(f"could not store {target.name}: {exc.strerror or exc}") from exc

    def iter_files(self) -> Iterator[Path]:
        """Every file in the store (including ones the database does not know)."""
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            if (path.is_file() and not path.name.startswith(INCOMING_PREFIX)
                    and not is_session_lock(path.name)):
                yield path

    def remove_unreferenced(self, referenced: set[str]) -> list[Path]:
        """Delete originals no record refers to, and temporary files of a killed copy.

        Only a file correctly named by its own content's hash is removed: that is what an
        import or load stopped before its commit leaves. A file whose content does not match
        its name is kept for ``verify`` to report. The caller must hold the case's write
        lock (no other process may be storing files right now; a live import session of
        this process keeps its files).
        """
        if not self.root.is_dir():
            return []
        removed = sweep_incoming(self.root, shared=False)
        for path in list(self.iter_files()):
            sha, _, ext = path.name.partition(".")
            if sha in referenced or path != self.path_for(sha, ext):
                continue
            try:
                if sha256_file(path) != sha:
                    continue
                os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
                path.unlink()
            except OSError:
                continue
            removed.append(path)
        return removed

