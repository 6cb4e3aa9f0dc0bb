"""Entry point shared by ``python main.py`` and the ``fragment`` console script.

With a subcommand it runs the command line (no Qt is imported); with no argument, or with
only a case folder, it starts the desktop application. ``--selftest`` runs the scripted
smoke test of ``desktop.selftest``.

A windowed Windows build (``Fragment.exe``) starts with no standard streams
(``sys.stdout is None``): they are pointed at a log file first, so printing never crashes.
The console build beside it (``fragment-cli.exe``) is the one to use from a terminal.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TextIO


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to the CLI or the GUI and return the process exit code."""
    # In a frozen build, import worker processes re-enter here; this makes them run their
    # task instead of a second CLI or window. A no-op everywhere else.
    multiprocessing.freeze_support()
    ensure_standard_streams()
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--selftest"]:
        from desktop.selftest import run_selftest

        return run_selftest()
    from desktop.cli import is_cli_invocation, run_cli

    if is_cli_invocation(args):
        return run_cli(args)
    return _run_gui(args)


def ensure_standard_streams() -> None:
    """Give ``sys.stdout``/``sys.stderr`` somewhere to write when the process has none."""
    if sys.stdout is not None and sys.stderr is not None:
        return
    stream = _console_log()
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream


def _console_log() -> TextIO:
    """``console.log`` in the user's log folder, or the null device if it cannot be opened."""
    try:
        from desktop.core.settings import log_dir

        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return open(folder / "console.log", "a", encoding="utf-8", buffering=1)
    except OSError:
        return open(os.devnull, "w", encoding="utf-8")


def display_problem(environ: Mapping[str, str], platform: str) -> str | None:
    """Why no window can open here, in one sentence (None when one can).

    On Linux and the BSDs Qt needs an X11 or Wayland display; without one it aborts the
    process with several lines of its own, which no Python handler can catch, so the
    absence is detected before Qt is loaded. ``QT_QPA_PLATFORM`` (offscreen, vnc…) is the
    user's own choice and is trusted.
    """
    if platform.startswith(("win", "darwin")) or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return ("fragment: no display to open the window on (neither DISPLAY nor "
            "WAYLAND_DISPLAY is set); run it in a desktop session, or use a subcommand "
            "such as 'fragment --help' for the command line.")


def _run_gui(args: list[str]) -> int:
    problem = display_problem(os.environ, sys.platform)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    try:
        from desktop.qt.application import run_gui
    except ImportError as exc:  # GUI not available in this install
        print(f"fragment: the desktop application cannot start: {exc}.", file=sys.stderr)
        return 2
    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
