"""The window's warm-up pays the first case's one-time costs ahead, and the window's
switch interval is its own (command-line processes keep Python's default)."""

from __future__ import annotations

import subprocess
import sys

from desktop.core import switch_interval


def _fresh(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter (the test process configured its mappers long
    ago) and return what it printed, split."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.split()


def test_warm_up_configures_every_mapper_and_opens_sqlite_once() -> None:
    before, after, done = _fresh(
        "import db.models; from db.base import Base;"
        "unconfigured = lambda: sum(not m.configured for m in Base.registry.mappers);"
        "b = unconfigured();"
        "from desktop.core.warm_up import warm_up; warm_up();"
        "print(b, unconfigured(), 'ok')")
    assert int(before) > 10  # every model is still to configure in a new process
    assert int(after) == 0
    assert done == "ok"


def test_the_window_interval_is_shorter_than_pythons_default_and_reversible() -> None:
    previous = switch_interval.favour_the_window()
    try:
        assert sys.getswitchinterval() == switch_interval.WINDOW_INTERVAL_S
        assert previous > switch_interval.WINDOW_INTERVAL_S
    finally:
        sys.setswitchinterval(previous)
    assert sys.getswitchinterval() == previous
