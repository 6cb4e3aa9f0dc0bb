"""Run a child process to a known point, then kill it with SIGKILL, as a crash would.

The child script receives the given arguments and, last, the path of a marker file that it
writes when it has reached the point (and then sleeps). It runs in its own process group,
so the kill takes any worker processes with it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT


def start_and_pause(folder: Path, script: str, *args: str,
                    within: float = 180) -> subprocess.Popen[bytes]:
    """Start ``script`` with ``args`` in ``folder`` and wait until it reports its pause."""
    path = folder / "child.py"
    path.write_text(script, encoding="utf-8")
    marker = folder / "paused"
    child = subprocess.Popen([sys.executable, str(path), *args, str(marker)], cwd=folder,
                             env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             start_new_session=True)
    deadline = time.monotonic() + within
    while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    if not marker.exists():
        err = child.stderr.read().decode() if child.stderr and child.poll() is not None else ""
        raise AssertionError(f"the child never reached its pause point: {err}")
    return child


def kill_group(child: subprocess.Popen[bytes]) -> None:
    """SIGKILL the child and its workers, and reap it."""
    os.killpg(child.pid, signal.SIGKILL)
    child.wait(30)
