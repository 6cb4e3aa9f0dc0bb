"""The garbage collector's policy in the window: tuned once, full collections at idle."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
import weakref

from PySide6.QtCore import QRunnable, QThreadPool

from desktop.core import gc_policy
from desktop.qt.idle_collector import IdleCollector


class _Cycle:
    """Two objects that refer to each other: only a cyclic collection frees them."""

    def __init__(self) -> None:
        self.other = self


class _Wait(QRunnable):
    def __init__(self, release: threading.Event) -> None:
        super().__init__()
        self.release = release

    def run(self) -> None:
        self.release.wait(10)


def test_tuning_freezes_what_is_alive_and_makes_full_collections_rare() -> None:
    # In a fresh interpreter: freezing in the test process would keep its garbage for good.
    code = ("import gc; from desktop.core import gc_policy as p; p.tune_for_interactive(); "
            "print(gc.get_freeze_count(), *gc.get_threshold())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    frozen, young, middle, full = out
    assert int(frozen) > 1000
    assert (int(young), int(middle), int(full)) == (
        gc_policy.YOUNG, gc_policy.MIDDLE, gc_policy.FULL_EVERY)
    assert gc.get_threshold() != (int(young), int(middle), int(full))  # not this process


def test_a_full_collection_runs_only_after_two_idle_checks(qtbot) -> None:
    pool = QThreadPool()
    collector = IdleCollector(pool, check_ms=60_000, min_allocations=0)
    release = threading.Event()
    gc.disable()  # only the collector under test may free the cycle
    try:
        pool.start(_Wait(release))
        cycle = _Cycle()
        gone = weakref.ref(cycle)
        del cycle
        assert not collector.check()  # a job is running
        assert not collector.check()
        assert gone() is not None
        release.set()
        pool.waitForDone(10_000)
        assert not collector.check()  # idle once: maybe a job is about to start
        assert collector.check()  # idle twice in a row
        assert gone() is None
        assert collector.collections == 1
    finally:
        release.set()
        pool.waitForDone(10_000)
        gc.enable()


def test_nothing_to_gain_means_no_collection(qtbot) -> None:
    collector = IdleCollector(QThreadPool(), check_ms=60_000, min_allocations=10**12)
    assert not collector.check()
    assert not collector.check()
    assert collector.collections == 0
