"""Background work on the shared ``QThreadPool`` with results delivered on the GUI thread.

A ``Job`` runs a plain function in a worker thread. The function receives a ``JobControl``
to report progress and to check for cancellation; its return value or exception comes back
through the job's ``signals`` (queued to the GUI thread, where widgets may be touched).

Threading contract: the function must not touch widgets or ORM objects created elsewhere;
it gets a ``CaseFile`` (which opens its own sessions) and returns plain data (DTOs, paths,
``QImage`` — never ``QPixmap``, which only the GUI thread may create).

Ownership: PySide6 keeps a Python ``QRunnable`` started with ``setAutoDelete(False)`` alive
for good (docs/PITFALLS: 100-230 MB per photo viewed when the closure held a decoded
photo). So a job drops its function, arguments and result as soon as ``run()`` ends, and
the runner forgets it on ``finished`` without a closure over the job: whatever the pool
keeps is an empty shell.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desktop.core.errors import FragmentError

log = logging.getLogger(__name__)


class JobSignals(QObject):
    """Signals of one job; connect before ``start``."""

    #: done, total, a label (usually the path being worked on)
    progress = Signal(int, int, str)
    #: a piece of the result handed over while the job runs (``JobControl.partial``)
    partial = Signal(object)
    #: the function's return value
    result = Signal(object)
    #: a one-sentence message (expected failures) and the traceback text (or "")
    error = Signal(str, str)
    #: emitted last, after ``result`` or ``error``, also when cancelled
    finished = Signal()
    #: the runner's own notice, carrying the job's key (emitted just before ``finished``)
    ended = Signal(int)


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

    def partial(self, value: object) -> None:
        """Hand a piece of the result to the GUI thread now (thread-safe, queued); never a
        widget or a ``QPixmap``, which belong to the GUI thread (a ``QImage`` is fine)."""
        self._signals.partial.emit(value)


class Job:
    """``fn(control, *args)`` to run in the thread pool; connect ``signals`` before start."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        self.signals = JobSignals()
        self.control = JobControl(self.signals)
        self._fn: Callable[..., Any] | None = fn
        self._args: tuple[Any, ...] = args
        #: set by the runner: how its completion notice names this job
        self.key = -1

    def run(self) -> None:
        """Executed in a worker thread; releases the function and its data when done."""
        fn, args = self._fn, self._args
        self._fn, self._args = None, ()
        if fn is None:
            return  # taken back from the queue, or run twice
        try:
            value = fn(self.control, *args)
        except FragmentError as exc:
            self.signals.error.emit(str(exc), "")
        except Exception as exc:  # reported to the user with details, never swallowed
            log.exception("background job failed")
            self.signals.error.emit(f"{type(exc).__name__}: {exc}", traceback.format_exc())
        else:
            self.signals.result.emit(value)
            del value
        finally:
            # the function's closure may hold a full-resolution photo: let it go now
            del fn, args
        self.signals.ended.emit(self.key)
        self.signals.finished.emit()

    def release(self) -> None:
        """Drop the function and its arguments without running them."""
        self._fn, self._args = None, ()

    def cancel(self) -> None:
        """Ask the job to stop."""
        self.control.cancel()


class _Runnable(QRunnable):
    """What the pool actually runs: holds its job only until ``run()`` returns."""

    def __init__(self, job: Job) -> None:
        super().__init__()
        # PySide6 keeps this wrapper alive for good either way; it stays an empty shell
        self.setAutoDelete(False)
        self.job: Job | None = job

    def run(self) -> None:
        """Run the job in this worker thread, then forget it."""
        job, self.job = self.job, None
        if job is not None:
            job.run()


class JobRunner(QObject):
    """Starts jobs on a pool and keeps them alive until they finish."""

    def __init__(self, pool: QThreadPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._running: dict[int, tuple[Job, _Runnable]] = {}
        self._next_key = 0

    def start(self, job: Job, priority: int = 0) -> Job:
        """Queue ``job`` (a higher ``priority`` runs first); returns it to connect or cancel.

        Connect the job's signals before starting it: the runner lets go of the job when
        ``finished`` reaches it, and no closure of the runner refers to the job.
        """
        runnable = _Runnable(job)
        # a key, not QObject.sender(): the notice names its job even when queued
        self._next_key += 1
        job.key = self._next_key
        self._running[job.key] = (job, runnable)
        job.signals.ended.connect(self._finished)
        self._pool.start(runnable, priority)
        return job

    def take(self, job: Job) -> bool:
        """Take ``job`` back if it has not started yet: it never runs, nothing is emitted."""
        entry = self._running.get(job.key)
        if entry is None or not self._pool.tryTake(entry[1]):
            return False
        entry[1].job = None
        job.release()
        del self._running[job.key]
        return True

    @Slot(int)
    def _finished(self, key: int) -> None:
        self._running.pop(key, None)

    def cancel_all(self) -> None:
        """Ask every running job to stop."""
        for job, _runnable in list(self._running.values()):
            job.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        """Wait for the pool to drain (used when closing a case)."""
        return self._pool.waitForDone(msecs)

    @property
    def running(self) -> int:
        """How many jobs have not finished yet."""
        return len(self._running)
