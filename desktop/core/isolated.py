"""Running a reader of untrusted files in a child process, with a time bound.

FFmpeg is native code: a hostile video may crash it or make it spin. The work runs in a
``spawn``-ed child (as the import workers do); the parent waits at most ``timeout``
seconds, and a crash, a hang or an unexpected exception becomes one ``FragmentError``
sentence instead of taking the application down.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from desktop.core.errors import FragmentError

DEFAULT_TIMEOUT_S = 300.0


def _child(conn: Connection, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        conn.send(("ok", fn(*args)))
    except FragmentError as exc:
        conn.send(("error", str(exc)))
    except Exception as exc:  # reported to the parent as one sentence
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def run_isolated(fn: Callable[..., Any], *args: Any, what: str,
                 timeout: float = DEFAULT_TIMEOUT_S) -> Any:
    """``fn(*args)`` in a child process; its result must pickle. ``what`` names the file in
    the sentence of a crash or a timeout ("clip.mp4")."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, fn, args), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise FragmentError(f"reading {what} took longer than {timeout:.0f} s; it was "
                                "stopped")
        try:
            status, value = parent.recv()
        except EOFError:
            raise FragmentError(f"reading {what} made the reader crash; the file is "
                                "damaged or hostile") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        parent.close()
    if status == "error":
        raise FragmentError(str(value))
    return value
