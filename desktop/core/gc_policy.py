"""When Python's cyclic garbage collector may run in the desktop application.

CPython collects the youngest objects every 700 allocations and, now and then, every
object there is (a full collection). A full collection holds the interpreter lock from
start to end, so whichever thread triggers it, the window's thread waits: opening a case
of 10,000 photos ran 17 full collections of 70-214 ms each while the views filled in
(``tests/benchmarks/bench_bigcase.py``), the freezes of the window that no profiler of
Python code shows.

Fragment's data are mostly freed by reference counting (rows, thumbnails, decoded
pictures); cycles are rare and small. So the desktop application:

- moves the objects alive once it has started (modules, classes, Qt's wrappers: about
  100,000) out of the collector's sight for good (``gc.freeze``): no collection walks them
  again;
- collects the young generation every ``YOUNG`` allocations instead of 700, so that the
  short-lived rows of a read die before a collection promotes them;
- makes full collections rare (``FULL_EVERY`` middle-generation collections), and runs one
  itself when the window has been idle for a moment (``desktop.qt.idle_collector``), where
  nobody waits for it.

Command-line processes keep Python's defaults.
"""

from __future__ import annotations

import gc
import time

YOUNG = 10_000  # allocations between two collections of the young generation
MIDDLE = 5  # young collections between two of the middle generation
FULL_EVERY = 400  # middle collections between two automatic full collections


def tune_for_interactive() -> None:
    """Freeze what is alive now and set the thresholds above (call once, after start-up)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG, MIDDLE, FULL_EVERY)


def allocations_since_full() -> int:
    """An estimate of the objects allocated (net) since the last full collection."""
    young, middle, old = gc.get_count()
    return young + middle * YOUNG + old * YOUNG * MIDDLE


def collect_now() -> float:
    """Run a full collection; return how long it took, in seconds."""
    start = time.perf_counter()
    gc.collect()
    return time.perf_counter() - start
