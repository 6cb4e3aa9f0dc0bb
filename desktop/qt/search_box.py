"""The search box: a field in the toolbar (Ctrl+F) with its results in a list below it.

Typing is debounced (``DEBOUNCE_MS``); the query runs in the thread pool through
``case.read(search, …)`` and only the answer to the newest query is shown. The field keeps
the keyboard: Up and Down move through the results, Enter chooses one, Escape closes the
list. Choosing a result selects it on the bus: a photo, an annotation on its photo, a claim
or a source (their docks are raised so the choice is seen).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.casefile import CaseFile
from desktop.core.queries.search import RANK_CAP, SearchHit, SearchResults, search
from desktop.qt.context import AppContext
from desktop.qt.jobs import Job, JobControl, JobRunner

DEBOUNCE_MS = 250
LIMIT = 50
_HIT = Qt.ItemDataRole.UserRole
_STEPS = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8, Qt.Key.Key_PageUp: -8}


def _run_search(_control: JobControl, case: CaseFile, query: str) -> SearchResults:
    return case.read(search, query, limit=LIMIT)


class ResultsPopup(QFrame):
    """The list under the field: a frameless tool window that never takes the focus."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("search.results")
        self.list = QListWidget(self)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setUniformItemSizes(False)
        self.list.setWordWrap(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.list)


class SearchBox(QWidget):
    """The search field and its results; ``raise_dock(name)`` shows a panel's dock."""

    #: a result was chosen (after it was selected on the bus)
    chosen = Signal(object)

    def __init__(self, ctx: AppContext, jobs: JobRunner, parent: QWidget | None = None, *,
                 raise_dock: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.jobs = jobs
        self._raise_dock = raise_dock or (lambda _name: None)
        self._generation = 0
        self._pending: Job | None = None
        self.field = QLineEdit(self)
        self.field.setObjectName("search.field")
        self.field.setClearButtonEnabled(True)
        self.field.setPlaceholderText(self.tr("Search readings, notes, claims, sources…"))
        self.field.setToolTip(self.tr(
            "Words must all match and may be the start of a word (9M7 finds 9M723); "
            "\"quotes\" match a phrase; Cyrillic and Latin look-alikes are the same"))
        self.field.setMinimumWidth(260)
        self.field.setMaximumWidth(420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        self.results = ResultsPopup(self)
        self.results.list.itemClicked.connect(self._choose)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_query)
        self.field.textEdited.connect(lambda _text: self.timer.start())
        self.field.returnPressed.connect(self._enter)
        self.field.installEventFilter(self)
        ctx.bus.case_changed.connect(self._case_changed)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self._case_changed(ctx.case)

    # -- querying ----------------------------------------------------------------------
    def focus(self) -> None:
        """Put the cursor in the field with its text selected (Ctrl+F)."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        if self.field.text().strip() and self.results.list.count():
            self._show_results()

    def run_query(self) -> None:
        """Search for the field's text now, in the background (the timer calls this)."""
        self.timer.stop()
        self._generation += 1
        if self._pending is not None:
            self.jobs.take(self._pending)  # not started yet: never run a stale query
            self._pending = None
        query = self.field.text()
        case = self.ctx.case
        if case is None or not query.strip():
            self.results.hide()
            return
        job = Job(_run_search, case, query)
        generation = self._generation
        job.signals.result.connect(lambda hits: self._show(generation, hits))
        job.signals.error.connect(lambda message, _details: self._failed(generation, message))
        job.signals.finished.connect(lambda: self._finished(generation))
        self._pending = job
        self.jobs.start(job)

    def _finished(self, generation: int) -> None:
        if generation == self._generation:
            self._pending = None

    def _show(self, generation: int, found: SearchResults) -> None:
        if generation != self._generation:
            return  # an older query answered late
        lst = self.results.list
        lst.clear()
        hits = found.hits
        for hit in hits:
            item = QListWidgetItem(self._item_text(hit), lst)
            item.setData(_HIT, hit)
            item.setToolTip(hit.text if not hit.context else f"{hit.text}\n{hit.context}")
        if not hits:
            self._message(self.tr("No results."))
        else:
            lst.setCurrentRow(0)
        if found.more:
            self._message(self.tr("More than {0} matches: add words to narrow the search.")
                          .format(f"{RANK_CAP:,}"))
        self._show_results()

    def _failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self.results.list.clear()
        self._message(message[:1].upper() + message[1:] + ("" if message.endswith(".")
                                                             else "."))
        self._show_results()

    def _message(self, text: str) -> None:
        item = QListWidgetItem(text, self.results.list)
        item.setFlags(Qt.ItemFlag.NoItemFlags)

    def _item_text(self, hit: SearchHit) -> str:
        kinds = {"annotation": self.tr("annotation"), "photo": self.tr("photo"),
                 "claim": self.tr("claim"), "source": self.tr("source")}
        text = " ".join(hit.text.split())
        if len(text) > 90:
            text = text[:89] + "…"
        kind = kinds.get(hit.kind, hit.kind)
        if hit.photo_label and hit.kind == "annotation":
            kind = self.tr("annotation on {photo}").format(photo=hit.photo_label)
        line = f"{hit.label}  ·  {kind}  ·  {text}"
        return f"{line}\n      {hit.context}" if hit.context else line

    def _show_results(self) -> None:
        width = max(self.field.width(), 520)
        lst = self.results.list
        height = (sum(lst.sizeHintForRow(row) for row in range(min(lst.count(), 10)))
                  + 2 * lst.frameWidth() + 8)
        self.results.resize(width, max(height, 40))
        self.results.move(self.field.mapToGlobal(QPoint(0, self.field.height())))
        self.results.show()
        self.results.raise_()

    # -- choosing ----------------------------------------------------------------------
    def _enter(self) -> None:
        if self.timer.isActive() or (self._pending is not None):
            self.run_query()  # Enter before the debounce ran: search first
            return
        item = self.results.list.currentItem()
        if item is not None and self.results.isVisible():
            self._choose(item)

    def _choose(self, item: QListWidgetItem) -> None:
        hit = item.data(_HIT)
        if not isinstance(hit, SearchHit):
            return
        self.results.hide()
        self.select(hit)

    def select(self, hit: SearchHit) -> None:
        """Select ``hit`` on the bus: its photo (and annotation), claim or source."""
        bus = self.ctx.bus
        if hit.kind in ("photo", "annotation") and hit.photo_id is not None:
            self._raise_dock("photos")
            bus.photo_selected.emit(hit.photo_id)
            if hit.kind == "annotation":
                bus.annotation_selected.emit(hit.object_id)
        elif hit.kind == "claim":
            self._raise_dock("claims")
            bus.claim_selected.emit(hit.object_id)
        elif hit.kind == "source":
            self._raise_dock("sources")
            bus.source_selected.emit(hit.object_id)
        bus.status_message.emit(self.tr("{label} selected from the search.").format(
            label=hit.label))
        self.chosen.emit(hit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up, Down, Page keys and Escape in the field act on the results list."""
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            lst = self.results.list
            if key == Qt.Key.Key_Escape and self.results.isVisible():
                self.results.hide()
                return True
            step = _STEPS.get(Qt.Key(key), 0)
            if step and self.results.isVisible() and lst.count():
                row = max(0, min(lst.count() - 1, lst.currentRow() + step))
                lst.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        # another widget took the keyboard (not merely the window losing activation)
        if old is self.field and new is not None and new is not self.field:
            self.results.hide()

    def _case_changed(self, case: CaseFile | None) -> None:
        self._generation += 1
        self.results.hide()
        self.results.list.clear()
        self.field.clear()
        self.field.setEnabled(case is not None)
