"""Analysing files in worker processes, each step with a time bound.

Each worker process reads a file's bytes once, hashes them, decodes the image (probe,
thumbnail and the checks' fingerprint from one decode), writes the bytes into the case's
store as an ``.incoming-<session>-`` file when given a store and the import session its
parent holds (the parent renames it into place or removes it), and then reads its EXIF.
The two steps are reported separately, so the parent can time each: a worker stuck in the
EXIF reader for longer than ``exif_timeout`` is killed and replaced, and the photo is still
imported, flagged "EXIF unreadable"; one stuck in the decoder for longer than
``probe_timeout`` is killed and the file rejected. The other workers keep going, so one
slow file never holds up the batch.

Workers are started with the ``spawn`` method on every platform: it behaves as on Windows
and macOS, and is safe when the caller has threads (the GUI's import worker). Frozen
builds must call ``multiprocessing.freeze_support()`` at start-up.

Threading: ``analyse_files`` blocks its calling thread; the callbacks run in that thread.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import signal
import time
import warnings
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from desktop.core.checks.fingerprint import (
    Fingerprint,
    ImageReading,
    fingerprint_bytes,
    mime_for,
    read_decoded,
)
from desktop.core.errors import FragmentError
from desktop.core.exif import EXIF_TIMEOUT_S, ExifInfo, read_exif_bytes
from desktop.core.imaging import (
    ImageProbe,
    ImagingError,
    derived_path,
    probe_bytes,
    store_ext,
)
from desktop.core.store import OriginalStore

PROBE_TIMEOUT_S = 120.0
STARTUP_TIMEOUT_S = 60.0
_MAX_STARTUP_FAILURES = 3
_STARTUP_FAILED = "startup-failed"
MAX_FILE_BYTES = 1 << 30  # 1 GiB: far beyond any photo, and bounded memory per worker


class WorkerStartError(FragmentError):
    """Worker processes cannot run at all (nothing about any file)."""


@dataclass(frozen=True)
class FileAnalysis:
    """Everything read from one file. ``rejection`` is set when it cannot be imported."""

    path: Path
    sha256: str | None = None
    byte_size: int = 0
    probe: ImageProbe | None = None
    exif: ExifInfo | None = None
    rejection: str | None = None
    rejection_code: str | None = None
    fingerprint: Fingerprint | None = None
    incoming: Path | None = None  # the bytes already written into the store (see module)


@dataclass(frozen=True)
class _ProbeStep:
    sha256: str | None
    byte_size: int
    probe: ImageProbe | None
    rejection: str | None
    rejection_code: str | None
    fingerprint: Fingerprint | None = None
    incoming: str | None = None


def analyse_bytes(data: bytes, thumb_dir: Path | None) -> _ProbeStep:
    """Hash and decode one file's bytes (the first worker step, also usable in-process)."""
    sha = hashlib.sha256(data).hexdigest()
    if not data:
        return _ProbeStep(sha, 0, None, "empty file", "empty")
    target = None
    if thumb_dir is not None:
        target = derived_path(thumb_dir, "thumb", sha)
        if target.is_file():
            target = None
    readings: list[ImageReading] = []  # the fingerprint's pixels, from the probe's decode
    try:
        probe = probe_bytes(data, thumbnail_to=target,
                            on_decoded=lambda image: readings.append(read_decoded(image)))
    except ImagingError as exc:
        return _ProbeStep(sha, len(data), None, exc.reason, exc.code)
    except MemoryError:
        return _ProbeStep(sha, len(data), None, "unreadable image: not enough memory to decode "
                          "it", "unreadable")
    except Exception as exc:  # a decoder can fail in any way on hostile input
        return _ProbeStep(sha, len(data), None, f"unreadable image: {exc}"[:300], "unreadable")
    # The verification checks' reading of the same bytes (never raises).
    return _ProbeStep(sha, len(data), probe, None, None,
                      fingerprint_bytes(data, mime_for(probe.format),
                                        readings[0] if readings else None))


def _read(path: Path) -> tuple[bytes | None, str | None]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, f"too large to be a photo ({size / 1e6:.0f} MB)"
        return path.read_bytes(), None
    except OSError as exc:
        return None, f"unreadable: {exc.strerror or exc}"


def _stage(store: OriginalStore, session: str, data: bytes, step: _ProbeStep,
           path: Path) -> _ProbeStep:
    """The accepted file's bytes written into the store (hashed once, read once)."""
    assert step.sha256 is not None and step.probe is not None
    try:
        incoming = store.stage(data, step.sha256, store_ext(step.probe.format, path.name),
                               session=session)
    except OSError:
        return step  # the parent copies it from the file, and says why if that fails too
    return replace(step, incoming=None if incoming is None else str(incoming))


def _worker_main(conn: Connection, thumb_dir: str | None, store_root: str | None = None,
                 session: str | None = None) -> None:
    """Worker process loop: one task at a time, two messages per accepted file."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides about Ctrl-C
    warnings.simplefilter("ignore")  # decoders warn about every odd tag of hostile files
    thumbs = Path(thumb_dir) if thumb_dir else None
    store = OriginalStore(Path(store_root)) if store_root and session else None
    conn.send(("ready", None, None))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path = task
        data, error = _read(Path(path))
        if data is None:
            conn.send(("probe", index, _ProbeStep(None, 0, None, error, "unreadable")))
            continue
        step = analyse_bytes(data, thumbs)
        if store is not None and session is not None and step.rejection is None:
            step = _stage(store, session, data, step, Path(path))
        conn.send(("probe", index, step))
        if step.rejection is None:
            conn.send(("exif", index, read_exif_bytes(data)))


@dataclass
class _Slot:
    process: Any
    conn: Connection
    index: int | None = None
    phase: str = ""
    deadline: float = 0.0
    step: _ProbeStep | None = None
    ready: bool = False


def default_workers(count: int) -> int:
    """Worker processes for ``count`` files: at most the CPUs, at most 8."""
    return max(1, min(os.cpu_count() or 1, 8, count))


def analyse_files(
    paths: Sequence[Path],
    *,
    on_done: Callable[[int, FileAnalysis], None],
    thumb_dir: Path | None = None,
    workers: int | None = None,
    cancel: Callable[[], bool] | None = None,
    exif_timeout: float = EXIF_TIMEOUT_S,
    probe_timeout: float = PROBE_TIMEOUT_S,
    store_root: Path | None = None,
    session: str | None = None,
) -> bool:
    """Analyse every path in worker processes; ``on_done(index, analysis)`` per file.

    Returns False when ``cancel()`` became true before every file was done. With
    ``store_root`` (a case's originals) and ``session`` (the id of the import session the
    caller holds there, ``store_sessions``) each accepted file's bytes are also written
    there as an ``.incoming-<session>-`` file (``FileAnalysis.incoming``) that the caller
    adopts or removes.
    """
    if not paths:
        return True
    ctx = multiprocessing.get_context("spawn")
    # The largest files first, so that no worker is left decoding a big one alone at the end.
    pending = deque(sorted(range(len(paths)), key=lambda i: -_size(paths[i])))
    thumbs = str(thumb_dir) if thumb_dir is not None else None
    store = str(store_root) if store_root is not None and session is not None else None

    def start() -> _Slot:
        parent, child = ctx.Pipe(duplex=True)
        process = ctx.Process(target=_worker_main, args=(child, thumbs, store, session),
                              daemon=True, name="fragment-import")
        process.start()
        child.close()
        return _Slot(process, parent)

    slots = [start() for _ in range(workers or default_workers(len(paths)))]
    finished = 0
    startup_failures = 0
    ever_ready = False
    try:
        while finished < len(paths):
            if cancel is not None and cancel():
                return False
            for position, slot in enumerate(slots):
                if slot.index is None and pending:
                    index = pending.popleft()
                    try:
                        slot.conn.send((index, str(paths[index])))
                    except OSError:  # the idle worker died: replace it, retry the file later
                        pending.appendleft(index)
                        _stop(slot)
                        slots[position] = start()
                        continue
                    slot.index = index
                    slot.phase, slot.step = "probe", None
                    slot.deadline = time.monotonic() + (
                        probe_timeout if slot.ready else STARTUP_TIMEOUT_S + probe_timeout)
            busy = [s for s in slots if s.index is not None]
            if not busy:
                continue
            wait_for = min(s.deadline for s in busy) - time.monotonic()
            ready = set(wait([s.conn for s in busy], timeout=max(0.0, min(wait_for, 0.2))))
            for position, slot in enumerate(slots):
                if slot.index is None:
                    continue
                outcome = None
                if slot.conn in ready:
                    outcome = _receive(slot, paths, exif_timeout, probe_timeout)
                elif time.monotonic() > slot.deadline:
                    outcome = _timed_out(slot, paths, probe_timeout, exif_timeout)
                ever_ready = ever_ready or slot.ready
                if outcome is None:
                    continue
                index = slot.index
                slot.index = None
                if isinstance(outcome, str):  # _STARTUP_FAILED: not the file's fault, try again
                    startup_failures += 1
                    if startup_failures >= _MAX_STARTUP_FAILURES and not ever_ready:
                        raise WorkerStartError(
                            "the import worker processes stop as soon as they start; "
                            "if this is a script, guard its code with "
                            "'if __name__ == \"__main__\":'")
                    pending.appendleft(index)
                    _stop(slot)
                    slots[position] = start()
                    continue
                analysis, worker_lost = outcome
                if worker_lost:  # the worker is dead or was killed: replace it
                    _stop(slot)
                    slots[position] = start()
                finished += 1
                on_done(index, analysis)
        return True
    finally:
        for slot in slots:  # ask every idle worker to exit first, so they exit together
            if slot.index is None:
                with contextlib.suppress(OSError, ValueError):
                    slot.conn.send(None)
        for slot in slots:
            _stop(slot, asked=slot.index is None)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the worker reports why it cannot read it


def _receive(slot: _Slot, paths: Sequence[Path], exif_timeout: float,
             probe_timeout: float) -> tuple[FileAnalysis, bool] | str | None:
    """Handle one message: (analysis, worker_lost) when the file is finished, None while it
    is not, ``_STARTUP_FAILED`` when the worker died before it was ready."""
    assert slot.index is not None
    path = paths[slot.index]
    try:
        kind, _index, payload = slot.conn.recv()
    except (EOFError, OSError):
        if not slot.ready:
            return _STARTUP_FAILED
        if slot.phase == "exif" and slot.step is not None:
            return _with_exif(path, slot.step, ExifInfo(error="the EXIF reader crashed")), True
        return FileAnalysis(path, rejection="unreadable image: the decoder crashed on it",
                            rejection_code="unreadable"), True
    if kind == "ready":
        slot.ready = True
        slot.deadline = time.monotonic() + probe_timeout  # the decode bound starts now
        return None
    if kind == "probe":
        step: _ProbeStep = payload
        if step.rejection is not None:
            return FileAnalysis(path, step.sha256, step.byte_size, rejection=step.rejection,
                                rejection_code=step.rejection_code), False
        slot.phase, slot.step = "exif", step
        slot.deadline = time.monotonic() + exif_timeout
        return None
    assert slot.step is not None
    return _with_exif(path, slot.step, payload), False


def _timed_out(slot: _Slot, paths: Sequence[Path], probe_timeout: float,
               exif_timeout: float) -> tuple[FileAnalysis, bool] | str:
    assert slot.index is not None
    path = paths[slot.index]
    if not slot.ready:
        return _STARTUP_FAILED
    if slot.phase == "exif" and slot.step is not None:
        info = ExifInfo(error=f"the EXIF reader took longer than {exif_timeout:g} s")
        return _with_exif(path, slot.step, info), True
    return FileAnalysis(path, rejection=f"unreadable: decoding took longer than "
                        f"{probe_timeout:g} s", rejection_code="timeout"), True


def _with_exif(path: Path, step: _ProbeStep, exif: ExifInfo) -> FileAnalysis:
    return FileAnalysis(path, step.sha256, step.byte_size, step.probe, exif,
                        fingerprint=step.fingerprint,
                        incoming=Path(step.incoming) if step.incoming else None)


def _stop(slot: _Slot, *, asked: bool = False) -> None:
    try:
        if slot.process.is_alive() and slot.index is None:
            if not asked:
                slot.conn.send(None)
            slot.process.join(0.5)
    except (OSError, ValueError):
        pass
    if slot.process.is_alive():
        slot.process.kill()
    slot.process.join(5)
    slot.conn.close()
