"""Background work on the shared ``QThreadPool`` with results delivered on the GUI thread.

A ``Job`` runs a plain function in a worker thread. The function receives a ``JobControl``
to report progress and to check for cancellation; its return value or exception comes back
through the job's ``signals`` (queued to the GUI thread, where widgets may be touched).

Threading contract: the function must not touch widgets or ORM objects created elsewhere;
it gets a ``CaseFile`` (which opens its own sessions) and returns plain data (DTOs, paths,
``QImage`` — never ``QPixmap``, which only the GUI thread may create).
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.core.errors import FragmentError

log = logging.getLogger(__name__)


class JobSignals(QObject):
    """Signals of one job; connect before ``start``."""

    #: done, total, a label (usually the path being worked on)
    progress = Signal(int, int, str)
    #: the function's return value
    result = Signal(object)
    #: a one-sentence message (expected failures) and the traceback text (or "")
    error = Signal(str, str)
    #: emitted last, after ``result`` or ``error``, also when cancelled
    finished = Signal()


class JobControl:
    """Given to the job function: report progress, ask whether the user cancelled."""

    def __init__(self, signals: JobSignals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    @property
    def cancel_event(self) -> threading.Event:
        """An Event set when the user cancels (pass it to core functions taking ``cancel``)."""
        return self._cancel

    def cancelled(self) -> bool:
        """True once ``cancel()`` was called."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the job to stop at its next check (thread-safe)."""
        self._cancel.set()

    def progress(self, done: int, total: int, label: str = "") -> None:
        """Report progress (thread-safe; delivered queued to the GUI thread)."""
        self._signals.progress.emit(int(done), int(total), str(label))


class Job(QRunnable):
    """Run ``fn(control, *args)`` in the thread pool."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the owner keeps the Python object alive until finished
        self.signals = JobSignals()
        self.control = JobControl(self.signals)
        self._fn = fn
        self._args = args

    def run(self) -> None:
        """Executed in a worker thread."""
        try:
            value = self._fn(self.control, *self._args)
        except FragmentError as exc:
            self.signals.error.emit(str(exc), "")
        except Exception as exc:  # reported to the user with details, never swallowed
            log.exception("background job failed")
            self.signals.error.emit(f"{type(exc).__name__}: {exc}", traceback.format_exc())
        else:
            self.signals.result.emit(value)
        self.signals.finished.emit()

    def cancel(self) -> None:
        """Ask the job to stop."""
        self.control.cancel()


class JobRunner(QObject):
    """Starts jobs on a pool and keeps them alive until they finish."""

    def __init__(self, pool: QThreadPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._running: set[Job] = set()

    def start(self, job: Job) -> Job:
        """Queue ``job``; returns it so callers can connect or cancel."""
        self._running.add(job)
        job.signals.finished.connect(lambda: self._running.discard(job))
        self._pool.start(job)
        return job

    def cancel_all(self) -> None:
        """Ask every running job to stop."""
        for job in list(self._running):
            job.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        """Wait for the pool to drain (used when closing a case)."""
        return self._pool.waitForDone(msecs)

    @property
    def running(self) -> int:
        """How many jobs have not finished yet."""
        return len(self._running)
