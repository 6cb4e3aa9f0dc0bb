"""Command line: ``fragment SUBCOMMAND ...``. Uses desktop.core and db only, never Qt.

Each command group lives in its own module and exposes ``register(subparsers)``; the
modules are listed in ``COMMAND_MODULES``. A handler returns an exit code: 0 success,
1 a check found problems, 2 bad usage or input. Expected failures raise ``UserError``,
which is printed as one sentence on stderr without a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from desktop import __version__
from desktop.core.errors import FragmentError

_CASE = "desktop.cli.case_commands"
_LOOKUP = "desktop.cli.lookup_commands"
_EXPORT = "desktop.cli.export_commands"
_INVESTIGATION = "desktop.cli.investigation_commands"
_CATALOG = "desktop.cli.catalog_commands"
_INTEGRITY = "desktop.cli.integrity_commands"
_MEDIA = "desktop.cli.media_commands"
_SEARCH = "desktop.cli.search_commands"
_BASEMAP = "desktop.cli.basemap_commands"
_CHECKS = "desktop.cli.checks_commands"
_TAG = "desktop.cli.tag_commands"

#: Every subcommand and the module that registers it. Deciding "CLI or GUI?" and running
#: one command import only what that command needs (importing every command module costs
#: most of a second); a test keeps this table in step with the registered parsers.
COMMANDS: dict[str, str] = {
    "new": _CASE, "add": _CASE, "photos": _CASE, "copy": _CASE,
    "verify": _INTEGRITY, "log": _INTEGRITY, "verify-bag": _INTEGRITY,
    "coords": _LOOKUP, "scan": _LOOKUP, "marking": _LOOKUP,
    "export": _EXPORT, "import-bag": _EXPORT,
    "dump": _INVESTIGATION, "load": _INVESTIGATION, "demo": _INVESTIGATION,
    "claims": _INVESTIGATION, "catalog": _CATALOG, "search": _SEARCH,
    "video": _MEDIA, "videos": _MEDIA, "frame": _MEDIA, "measure": _MEDIA,
    "measurements": _MEDIA, "basemap": _BASEMAP,
    "checks": _CHECKS, "refs": _CHECKS, "tag": _TAG,
}
COMMAND_MODULES: tuple[str, ...] = tuple(dict.fromkeys(COMMANDS.values()))
COMMAND_NAMES: frozenset[str] = frozenset(COMMANDS)

_GLOBAL_FLAGS = {"--version", "-V", "--help", "-h"}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 with usage; keep it one line
        self.print_usage(sys.stderr)
        print(f"fragment: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """Build the argument parser with the subcommands of ``modules`` (default: all)."""
    parser = _Parser(prog="fragment", description="Fragment: evidence from munition debris photos.")
    parser.add_argument("-V", "--version", action="version", version=f"Fragment {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def command_names() -> set[str]:
    """Names of all subcommands."""
    parser = build_parser()
    for action in parser._actions:  # argparse has no public accessor for subparsers
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def is_cli_invocation(args: Sequence[str]) -> bool:
    """True when argv names a subcommand or a global flag (anything but 'open the GUI')."""
    if not args:
        return False
    first = args[0]
    return first in _GLOBAL_FLAGS or first in COMMAND_NAMES


def run_cli(args: Sequence[str]) -> int:
    """Parse and run one command; returns its exit code.

    Everything it prints passes through ``terminal.SafeStream``: names from cases and files
    cannot carry escape sequences or bidirectional overrides to the terminal.
    """
    if list(args) in (["--version"], ["-V"]):  # answer without importing anything else
        print(f"Fragment {__version__}")
        return 0
    from desktop.cli.terminal import SafeStream

    saved = sys.stdout, sys.stderr
    if sys.stdout is not None and not isinstance(sys.stdout, SafeStream):
        sys.stdout = SafeStream(sys.stdout)
    if sys.stderr is not None and not isinstance(sys.stderr, SafeStream):
        sys.stderr = SafeStream(sys.stderr)
    try:
        return _run(args)
    finally:
        sys.stdout, sys.stderr = saved


def _run(args: Sequence[str]) -> int:
    module = COMMANDS.get(args[0]) if args else None
    parser = build_parser((module,) if module else COMMAND_MODULES)
    ns = parser.parse_args(list(args))
    if ns.command is None:
        parser.print_help()
        return 2
    try:
        return int(ns.handler(ns) or 0)
    except FragmentError as exc:
        print(f"fragment: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("fragment: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of our output went away (`fragment search … | head`): stop quietly, as
        # other command-line tools do, without a message on a terminal that asked for less
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
        return 141
    except Exception as exc:  # a failure of the machine: one sentence, details in the log
        from desktop.core.failures import describe_failure, write_log

        sentence = describe_failure(exc)
        if sentence is None:
            raise
        import traceback

        log = write_log("".join(traceback.format_exception(exc)))
        where = f" (details in {log})" if log else ""
        print(f"fragment: {sentence}{where}", file=sys.stderr)
        return 1
