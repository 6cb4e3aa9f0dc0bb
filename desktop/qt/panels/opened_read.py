"""A panel's first read of a case just opened, in a worker (the Evidence view's pattern).

Opening a case must not hold the window while each view compiles and runs its first
statements: the view asks ``OpenedRead.start`` for its read and gets the result on the GUI
thread. An edit re-reads at once on the GUI thread and calls ``drop`` first, so a read
still running for the case just opened cannot overwrite the newer one; a second
``start`` (the case changed again) drops the first the same way.

Threading: ``read`` runs in the pool with the ``CaseFile`` (each ``case.read`` opens its own
session) and must return DTOs only; ``apply`` runs on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from desktop.core.casefile import CaseFile
from desktop.qt.context import AppContext
from desktop.qt.jobs import Job, JobRunner


class OpenedRead(QObject):
    """Runs ``read(case)`` in a worker and hands the newest result to ``apply``."""

    def __init__(self, ctx: AppContext, parent: QObject, read: Callable[[CaseFile], Any],
                 apply: Callable[[Any], None]) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._read = read
        self._apply = apply
        self._generation = 0
        #: a read of the case just opened is running: the view shows nothing of it yet
        self.loading = False
        self.jobs = JobRunner(ctx.pool, self)

    def start(self, case: CaseFile) -> None:
        """Read ``case`` in a worker; a read started before is dropped when it ends."""
        self._generation += 1
        self.loading = True
        generation, read = self._generation, self._read
        job = Job(lambda _control, opened: read(opened), case)
        job.signals.result.connect(lambda result, g=generation: self._done(g, result))
        job.signals.error.connect(lambda message, _d, g=generation: self._failed(g, message))
        self.jobs.start(job)

    def drop(self) -> None:
        """Forget the read running in a worker, if any (the view re-reads at once)."""
        self._generation += 1
        self.loading = False

    def _done(self, generation: int, result: Any) -> None:
        if generation != self._generation:
            return  # the case changed again, or an edit re-read it meanwhile
        self.loading = False
        self._apply(result)

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.loading = False
            self.ctx.bus.status_message.emit(message)
