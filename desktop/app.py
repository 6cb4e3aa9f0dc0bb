"""Entry point shared by ``python main.py`` and the ``fragment`` console script.

With a subcommand it runs the command line (no Qt is imported); with no argument, or with
only a case folder, it starts the desktop application.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to the CLI or the GUI and return the process exit code."""
    # In a frozen build, import worker processes re-enter here; this makes them run their
    # task instead of a second CLI or window. A no-op everywhere else.
    multiprocessing.freeze_support()
    args = list(sys.argv[1:] if argv is None else argv)
    from desktop.cli import is_cli_invocation, run_cli

    if is_cli_invocation(args):
        return run_cli(args)
    return _run_gui(args)


def _run_gui(args: list[str]) -> int:
    try:
        from desktop.qt.application import run_gui
    except ImportError as exc:  # GUI not available in this install
        print(f"fragment: the desktop application cannot start: {exc}.", file=sys.stderr)
        return 2
    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
