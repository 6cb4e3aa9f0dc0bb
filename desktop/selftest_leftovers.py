"""The self-test's leftovers step: a temporary is kept while its writer runs and removed
once the writer is killed, through the OS lock the writer holds (``writer_lock``); the same
for a file an import staged in a case's store, through its import session's lock
(``store_sessions``).

It runs a real child process (``spawn``, as the import workers do, so it works in a
frozen build), which is how the release pipeline exercises the Windows lock primitive
(``msvcrt.locking``) and the macOS one (``flock``) on those systems.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from pathlib import Path

from desktop.core.atomic import atomic_file, remove_stale_temporaries
from desktop.core.store import OriginalStore
from desktop.core.store_sessions import sweep_incoming

_WAIT = 120.0  # seconds for the child to start (a frozen build unpacks itself first)
_RELEASE = 10.0  # seconds for the system to release a killed child's lock


def hold_temporary(target: str, ready: str, store_root: str) -> None:
    """In the child: write a temporary of ``target``, stage a file in the store at
    ``store_root`` in an import session, and wait there until killed."""
    store = OriginalStore(Path(store_root))
    with atomic_file(Path(target)) as tmp, store.session() as session:
        tmp.write_bytes(b"%PDF- half a dossier")
        store.stage(b"half a photo", "5e" * 32, "jpg", session=session.id)
        Path(ready).write_text("ready", encoding="utf-8")
        time.sleep(600)


def check_leftovers(work: Path) -> str:
    """Start a writer, sweep while it runs (nothing may go), kill it, sweep again (its
    temporary and lock file must go; its staged file and session lock too); returns what
    was seen."""
    folder, store = work / "leftovers", work / "leftovers-store"
    folder.mkdir()
    target, ready = folder / "dossier.pdf", work / "leftovers-ready"
    child = multiprocessing.get_context("spawn").Process(
        target=hold_temporary, args=(str(target), str(ready), str(store)), daemon=True)
    child.start()
    try:
        deadline = time.monotonic() + _WAIT
        while not ready.exists() and child.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        if not ready.exists():
            raise AssertionError(f"the writer process never started (exit {child.exitcode})")
        written = sorted(folder.iterdir())
        if len(written) != 2:
            raise AssertionError(f"expected a temporary and its lock file, found {written}")
        if remove_stale_temporaries(target) or sorted(folder.iterdir()) != written:
            raise AssertionError("the temporary of a running writer was removed")
        staged = _files(store)
        if len(staged) != 2:
            raise AssertionError(f"expected a staged file and its session lock, found {staged}")
        if sweep_incoming(store, shared=False) or _files(store) != staged:
            raise AssertionError("a running import's staged file was removed")
    finally:
        child.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up runs
        child.join(30)
    # Windows releases a killed process's locks "depending on available resources":
    # give it a few seconds.
    removed: list[Path] = []
    deadline = time.monotonic() + _RELEASE
    while not removed and time.monotonic() < deadline:
        removed = remove_stale_temporaries(target)
        if not removed:
            time.sleep(0.1)
    if removed != written[:1] or any(folder.iterdir()):
        raise AssertionError(f"after the writer was killed, removed {removed} and left "
                             f"{sorted(folder.iterdir())}")
    swept: list[Path] = []
    deadline = time.monotonic() + _RELEASE
    while _files(store) and time.monotonic() < deadline:
        swept += sweep_incoming(store, shared=False)
        if _files(store):
            time.sleep(0.1)
    if sorted(swept) != staged or _files(store):
        raise AssertionError(f"after the import was killed, removed {swept} and left "
                             f"{_files(store)}")
    primitive = "msvcrt.locking" if sys.platform == "win32" else "flock"
    return (f"a running writer's temporary and staged original were kept and a killed "
            f"one's removed ({primitive})")


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())
