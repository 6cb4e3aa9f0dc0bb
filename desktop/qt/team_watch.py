"""Other investigators' changes appear in an open window of a team case within seconds.

A team case (PostgreSQL) has several writers. Every change they make is an audit event, so
the window polls the log's newest event id every few seconds (one indexed query) and, when
it moved, broadcasts what the new events changed on the bus like any local change; each
view re-reads as usual. A SQLite case has one writer, this window, so nothing is polled.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from desktop.core.casefile import CaseFile
from desktop.core.queries.audit_log import newest_event_id, poll_changes
from desktop.qt.bus import EventBus

POLL_MS = 3000


class TeamWatcher(QObject):
    """Polls the open team case's audit log and announces what others changed."""

    def __init__(self, bus: EventBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bus = bus
        self.case: CaseFile | None = None
        self.seen = 0
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        bus.case_changed.connect(self.watch)
        bus.changes_applied.connect(self._own_change)

    def watch(self, case: CaseFile | None) -> None:
        """Follow ``case`` when it is a team case; stop otherwise."""
        self.timer.stop()
        self.case = case if case is not None and case.engine.dialect.name != "sqlite" else None
        if self.case is None:
            return
        self._catch_up()
        self.timer.start()

    def poll(self) -> None:
        """Announce the changes recorded since the last look, if any."""
        if self.case is None:
            return
        result = poll_changes(self.case, self.seen)
        if result is None:  # the server is unreachable: try again at the next tick
            return
        self.seen, changes = result
        if changes:
            self.bus.changes_applied.emit(changes)

    def _own_change(self, _changes: object) -> None:
        # This window's own edits were announced already; skip their events next time.
        if self.case is not None:
            self._catch_up()

    def _catch_up(self) -> None:
        assert self.case is not None
        newest = newest_event_id(self.case)
        if newest is not None:
            self.seen = newest
