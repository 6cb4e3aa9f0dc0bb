"""The Checks panel: verification findings on every photo, filterable, each row selecting
its photo; the investigator's review; the reference collections photos are compared with.

Findings are recomputed in a background job shortly after photos, links, claims, locations
or reference collections change, and on demand ("Run Checks", which also fingerprints
photos imported before the checks existed).
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes
from desktop.core.checks.references import add_reference, remove_reference
from desktop.core.checks.run import RunSummary, affected_by, run_checks
from desktop.core.ops.checks import review_command
from desktop.core.queries.checks import SEVERITY_ORDER, ChecksOverview, FindingRow, checks_overview
from desktop.qt.context import AppContext
from desktop.qt.jobs import Job, JobControl, JobRunner
from desktop.qt.time_text import utc_label
from desktop.qt.undo import push_command

ROLE_ID = Qt.ItemDataRole.UserRole
RECHECK_DELAY_MS = 1500
SEVERITY_COLORS = {"warning": QColor(214, 69, 65, 70), "notice": QColor(240, 173, 78, 70),
                   "info": QColor(0, 0, 0, 0)}


def _run(control: JobControl, case: CaseFile) -> RunSummary:
    return run_checks(case, lambda done, total: control.progress(done, total))


def _read(_control: JobControl, case: CaseFile) -> ChecksOverview:
    return case.read(checks_overview)


def _add(_control: JobControl, case: CaseFile, folder: str) -> Changes:
    _, changes = add_reference(case, folder)
    return changes | run_checks(case).changes


def _remove(_control: JobControl, case: CaseFile, collection_id: int) -> Changes:
    return remove_reference(case, collection_id) | run_checks(case).changes


class ChecksPanel(QWidget):
    """Findings list with filters and review, and the reference collections."""

    def __init__(self, ctx: AppContext, jobs: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.jobs = ctx, jobs
        self.overview: ChecksOverview | None = None
        self.running = False
        self.loading = False
        self._announce = False
        self._generation = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._findings_tab(), self.tr("Findings"))
        self.tabs.addTab(self._references_tab(), self.tr("Reference Collections"))
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(RECHECK_DELAY_MS)
        self.timer.timeout.connect(self.run_checks)
        ctx.bus.changes_applied.connect(self._on_changes)
        ctx.bus.case_changed.connect(self._case_changed)
        self.refresh()

    # -- building ---------------------------------------------------------------------
    def _findings_tab(self) -> QWidget:
        tab = QWidget(self)
        box = QVBoxLayout(tab)
        box.setContentsMargins(0, 4, 0, 0)
        filters = QHBoxLayout()
        self.severity = QComboBox(tab)
        self.severity.setAccessibleName(self.tr("Severity"))
        for text, value in ((self.tr("All findings"), "info"),
                            (self.tr("Warnings and notices"), "notice"),
                            (self.tr("Warnings only"), "warning")):
            self.severity.addItem(text, value)
        self.filter = QLineEdit(tab)
        self.filter.setPlaceholderText(self.tr("Filter: photo, check or text"))
        self.filter.setClearButtonEnabled(True)
        self.show_reviewed = QCheckBox(self.tr("Show reviewed"), tab)
        self.show_reviewed.setChecked(True)
        self.run_button = QPushButton(self.tr("Run Checks"), tab)
        self.run_button.setToolTip(self.tr("Hash photos imported before the checks existed "
                                           "and recompute every finding"))
        filters.addWidget(self.severity)
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.show_reviewed)
        filters.addWidget(self.run_button)
        box.addLayout(filters)
        self.summary = QLabel(tab)
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)
        self.tree = QTreeWidget(tab)
        self.tree.setAccessibleName(self.tr("Findings"))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(False)
        self.tree.setHeaderLabels([self.tr("Severity"), self.tr("Photo"), self.tr("Check"),
                                   self.tr("Reviewed"), self.tr("Finding")])
        for column, width in enumerate((80, 50, 150, 70)):
            self.tree.setColumnWidth(column, width)
        box.addWidget(self.tree, 1)
        self.detail = QLabel(tab)  # the selected finding in full: the list cuts it
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.detail)
        review = QHBoxLayout()
        self.note = QLineEdit(tab)
        self.note.setPlaceholderText(self.tr("Review note"))
        self.review_button = QPushButton(self.tr("Mark Reviewed"), tab)
        review.addWidget(self.note, 1)
        review.addWidget(self.review_button)
        box.addLayout(review)
        self.severity.currentIndexChanged.connect(self._fill)
        self.filter.textChanged.connect(self._fill)
        self.show_reviewed.toggled.connect(self._fill)
        self.run_button.clicked.connect(self.run_checks)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.review_button.clicked.connect(self.toggle_review)
        return tab

    def _references_tab(self) -> QWidget:
        tab = QWidget(self)
        box = QVBoxLayout(tab)
        box.setContentsMargins(0, 4, 0, 0)
        explain = QLabel(self.tr(
            "Folders of known images (earlier conflicts, debunked photos) or other cases. "
            "They are indexed once; every photo is compared with them offline."), tab)
        explain.setWordWrap(True)
        box.addWidget(explain)
        self.references = QListWidget(tab)
        self.references.setAccessibleName(self.tr("Reference collections"))
        box.addWidget(self.references, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add Folder or Case…"), tab)
        self.remove_button = QPushButton(self.tr("Remove"), tab)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.add_button.clicked.connect(self.choose_reference)
        self.remove_button.clicked.connect(self.remove_selected_reference)
        self.references.currentRowChanged.connect(lambda _r: self._enable())
        return tab

    # -- reading ----------------------------------------------------------------------
    def _case_changed(self, _case: CaseFile | None) -> None:
        self.timer.stop()
        self.refresh()

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("check_finding", "reference_collection"):
            self.refresh()
        if self.ctx.case is not None and affected_by(changes):
            self.timer.start()  # several edits in a row: one run after the last

    def refresh(self) -> None:
        """Re-read the findings and references, in the background (a big case has tens of
        thousands of findings)."""
        case = self.ctx.case
        self._generation += 1
        if case is None:
            self._loaded(self._generation, None)
            return
        self.loading = True
        job = Job(_read, case)
        job.signals.result.connect(lambda o, g=self._generation: self._loaded(g, o))
        job.signals.error.connect(lambda message, _d: self._load_failed(message))
        self.jobs.start(job)

    def _load_failed(self, message: str) -> None:
        self.loading = False
        self.ctx.bus.status_message.emit(message)

    def _loaded(self, generation: int, overview: ChecksOverview | None) -> None:
        if generation != self._generation:
            return  # a newer refresh is on its way
        self.loading = False
        self.overview = overview
        self._fill()
        if self._announce and overview is not None:
            self._announce = False
            counts = {s: sum(1 for r in overview.findings if r.severity == s)
                      for s in ("warning", "notice")}
            self.ctx.bus.status_message.emit(self.tr(
                "Checks up to date: {0} warnings, {1} notices (Checks panel).").format(
                counts["warning"], counts["notice"]))
        self.references.clear()
        for ref in self.overview.references if self.overview else ():
            item = QListWidgetItem(self.tr("{0} · {1} images · {2} · indexed {3}").format(
                ref.name, ref.image_count, ref.path, utc_label(ref.indexed_at)),
                self.references)
            item.setData(ROLE_ID, ref.id)
            item.setToolTip(self.tr("Index digest {0}").format(ref.index_digest))
        self._enable()

    def visible_rows(self) -> list[FindingRow]:
        """The findings the filters let through, most severe first."""
        if self.overview is None:
            return []
        worst = SEVERITY_ORDER[str(self.severity.currentData())]
        needle = self.filter.text().strip().casefold()
        return [r for r in self.overview.findings
                if SEVERITY_ORDER.get(r.severity, 9) <= worst
                and (self.show_reviewed.isChecked() or not r.reviewed)
                and (not needle or needle in " ".join(
                    (r.photo_label, r.photo_file, r.kind, r.explanation, r.review_note)
                ).casefold())]

    def _fill(self) -> None:
        current = self.current_finding()
        keep = current.id if current else None
        o = self.overview
        if o is None:
            self.summary.setText(self.tr("No case open."))
        else:
            counts = {s: sum(1 for r in o.findings if r.severity == s)
                      for s in ("warning", "notice", "info")}
            when = utc_label(o.last_run) if o.last_run else self.tr("never")
            refs = len(o.references)
            self.summary.setText(self.tr(
                "{0} warnings, {1} notices, {2} info · {3} of {4} photos hashed, {5} with "
                "content credentials · {6} reference collections · findings updated {7}"
            ).format(counts["warning"], counts["notice"], counts["info"], o.fingerprinted,
                     o.photos, o.with_credentials, refs, when))
        with QSignalBlocker(self.tree):
            self.tree.clear()
            for row in self.visible_rows():
                item = QTreeWidgetItem([self.tr(row.severity), row.photo_label,
                                        row.kind.replace("_", " "),
                                        self.tr("yes") if row.reviewed else "",
                                        row.explanation])
                item.setData(0, ROLE_ID, row.id)
                tip = row.explanation + (f"\n\n{self.tr('Review note')}: {row.review_note}"
                                         if row.review_note else "")
                item.setToolTip(4, tip)
                item.setBackground(0, QBrush(SEVERITY_COLORS.get(row.severity,
                                                                 SEVERITY_COLORS["info"])))
                self.tree.addTopLevelItem(item)
                if row.id == keep:
                    self.tree.setCurrentItem(item)
        self._enable()

    def current_finding(self) -> FindingRow | None:
        """The finding of the current row."""
        item = self.tree.currentItem()
        if item is None or self.overview is None:
            return None
        wanted = item.data(0, ROLE_ID)
        return next((r for r in self.overview.findings if r.id == wanted), None)

    def _current_changed(self, *_args: object) -> None:
        row = self.current_finding()
        self.note.setText(row.review_note if row else "")
        self.detail.setText(f"{row.photo_label} · {row.explanation}" if row else "")
        if row is not None:
            self.ctx.bus.photo_selected.emit(row.photo_id)
        self._enable()

    def _enable(self) -> None:
        has_case = self.ctx.case is not None
        row = self.current_finding()
        self.run_button.setEnabled(has_case and not self.running)
        self.review_button.setEnabled(row is not None)
        self.review_button.setText(self.tr("Mark Not Reviewed") if row and row.reviewed
                                   else self.tr("Mark Reviewed"))
        self.add_button.setEnabled(has_case and not self.running)
        self.remove_button.setEnabled(has_case and not self.running
                                      and self.references.currentItem() is not None)

    # -- acting -----------------------------------------------------------------------
    def toggle_review(self) -> None:
        """Mark the current finding reviewed (with the note) or not reviewed: undoable."""
        row = self.current_finding()
        if row is None:
            return
        push_command(self.ctx, review_command(row.id, reviewed=not row.reviewed,
                                              note=self.note.text()))

    def run_checks(self) -> None:
        """Recompute every finding in the background."""
        self._start(Job(_run, self.ctx.case), self.tr("Checking photos…"))

    def choose_reference(self) -> None:
        """Pick a folder of known images (or a case folder) and index it."""
        folder = QFileDialog.getExistingDirectory(self, self.tr("Reference Folder or Case"))
        if folder:
            self.add_reference_folder(folder)

    def add_reference_folder(self, folder: str) -> None:
        """Index ``folder`` as a reference collection, then recompute the findings."""
        self._start(Job(_add, self.ctx.case, folder), self.tr("Indexing {0}…").format(folder))

    def remove_selected_reference(self) -> None:
        """Forget the selected reference collection (its folder is not touched)."""
        item = self.references.currentItem()
        if item is not None:
            self._start(Job(_remove, self.ctx.case, int(item.data(ROLE_ID))),
                        self.tr("Removing the reference collection…"))

    def _start(self, job: Job, message: str) -> None:
        if self.ctx.case is None or self.running:
            if self.running:
                self.timer.start()  # try again after the current run
            return
        self.running = True
        self._enable()
        self.ctx.bus.status_message.emit(message)
        job.signals.progress.connect(lambda done, total, _l: self.summary.setText(
            self.tr("Hashing photos: {0} of {1}").format(done, total)))
        job.signals.result.connect(self._done)
        job.signals.error.connect(self._failed)
        self.jobs.start(job, priority=-1)

    def _done(self, result: RunSummary | Changes) -> None:
        self.running = False
        changes = result.changes if isinstance(result, RunSummary) else result
        self._announce = True  # say what the checks found once the findings are read
        if changes:
            self.ctx.bus.changes_applied.emit(changes)
        self.refresh()

    def _failed(self, message: str, _details: str) -> None:
        self.running = False
        self.refresh()
        self.ctx.bus.status_message.emit(message)
