"""Full garbage collections at moments when nothing waits for them.

``desktop.core.gc_policy`` makes Python's own full collections rare; this runs one when
the worker pool has been idle for two checks in a row and enough objects were allocated
since the last one, so that the few cycles Fragment makes are freed while nobody is
waiting (after a case has filled in, after an import). With the start-up objects frozen,
such a collection walks only what the open case holds, a few tens of milliseconds.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QThreadPool, QTimer

from desktop.core import gc_policy

log = logging.getLogger(__name__)

CHECK_MS = 2000
MIN_ALLOCATIONS = 100_000  # fewer than this since the last full collection: nothing to gain


class IdleCollector(QObject):
    """Runs ``gc_policy.collect_now`` when ``pool`` has no job for two checks in a row."""

    def __init__(self, pool: QThreadPool, parent: QObject | None = None,
                 check_ms: int = CHECK_MS, min_allocations: int = MIN_ALLOCATIONS) -> None:
        super().__init__(parent)
        self._pool = pool
        self._min = min_allocations
        self._quiet_checks = 0
        self.collections = 0
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> bool:
        """Collect if the pool was idle at this check and the one before; True if it did."""
        if self._pool.activeThreadCount() > 0:
            self._quiet_checks = 0
            return False
        self._quiet_checks += 1
        if self._quiet_checks < 2 or gc_policy.allocations_since_full() < self._min:
            return False
        took = gc_policy.collect_now()
        self.collections += 1
        log.debug("idle full collection: %.1f ms", took * 1000)
        return True


def install(pool: QThreadPool, parent: QObject) -> IdleCollector:
    """Tune the collector for the window (``gc_policy.tune_for_interactive``) and start
    collecting at idle moments; call once, when the window has been created."""
    gc_policy.tune_for_interactive()
    return IdleCollector(pool, parent)
