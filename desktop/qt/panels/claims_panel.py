"""The Claims panel: the case's claims in a table, and an editor for the selected one.

Every edit is one undoable core command (``CreateClaim``, ``EditClaim``, ``DeleteClaim``);
the panel re-reads through ``list_claims`` / ``list_actors`` / ``list_sources`` whenever a
change notice touches claims, actors, sources or links. Selecting a row announces the claim
on the bus; a claim selected elsewhere is selected here. The editor also lists the claim's
relations with other claims, in both directions ("C3 contradicts this claim", "This claim
contradicts C2").
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSignalBlocker,
    Qt,
)
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.ops.investigation_commands import CreateClaim, DeleteClaim, EditClaim
from desktop.core.queries.evidence import evidence_matrix
from desktop.core.queries.investigation import (
    ActorInfo,
    ClaimInfo,
    SourceInfo,
)
from desktop.core.queries.panel_reads import claims_actors_sources
from desktop.qt.context import AppContext
from desktop.qt.forms import (
    CommitLineEdit,
    CommitTextEdit,
    ShownVersion,
    error_label,
    fill_combo,
    is_wide,
    keep_refused,
    relation_sentence,
    show_error,
    show_notice,
)
from desktop.qt.item_models.claims_model import ClaimsTableModel, status_title
from desktop.qt.panels.case_panel import CasePanel
from desktop.qt.panels.opened_read import OpenedRead
from desktop.qt.theme import color_style
from desktop.qt.undo import push_command

STATUSES = ("unverified", "corroborated", "disputed", "refuted")


class ClaimsPanel(CasePanel):
    """List of claims with status, actor and dates; editor for the selected claim."""

    watched_kinds = ("claim", "actor", "source", "link")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._claims: list[ClaimInfo] = []
        self._actors: list[ActorInfo] = []
        self._sources: list[SourceInfo] = []
        self._current: int | None = None
        self._shown = ShownVersion()
        self._announcing = False
        self.model = ClaimsTableModel(self)
        self.opened = OpenedRead(ctx, self, lambda case: case.read(claims_actors_sources),
                                 self._show)
        self._build()
        ctx.bus.claim_selected.connect(self._on_claim_selected)
        self.refresh()

    # -- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        self.new_button = QPushButton(self.tr("New claim"), self)
        self.new_button.clicked.connect(self.new_claim)
        self.delete_button = QPushButton(self.tr("Delete claim"), self)
        self.delete_button.clicked.connect(self.delete_claim)
        self.relate_button = QPushButton(self.tr("Relate…"), self)
        self.relate_button.setToolTip(
            self.tr("Record that this claim supports or contradicts another claim")
        )
        self.relate_button.clicked.connect(self.relate_claim)
        self.actors_button = QPushButton(self.tr("Actors…"), self)
        self.actors_button.setToolTip(self.tr("Add, rename or remove the actors who make claims"))
        self.actors_button.clicked.connect(self.open_actors)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.relate_button)
        buttons.addStretch(1)
        buttons.addWidget(self.actors_button)

        self.table = QTableView(self)
        self.table.setObjectName("claimsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)  # statements on up to three lines, the rest elided
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        rows = self.table.verticalHeader()
        rows.setDefaultSectionSize(self.fontMetrics().lineSpacing() * 3 + 8)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        # Fixed starting widths: the statement gets the room, long periods are elided
        # (full text in the tooltip and the editor).
        for column, width in zip(range(2, 7), (130, 100, 84, 130, 72), strict=True):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        self.table.installEventFilter(self)

        editor = QWidget(self)
        form = QFormLayout(editor)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.statement = CommitTextEdit(editor)
        self.statement.setObjectName("statement")
        self.statement.setPlaceholderText(self.tr("What is claimed, in one or two sentences"))
        self.statement.setMaximumHeight(80)
        self.statement.committed.connect(lambda text: self._edit("statement", text))
        self.actor = QComboBox(editor)
        self.actor.setObjectName("actor")
        self.actor.activated.connect(lambda _i: self._edit("actor_id", self.actor.currentData()))
        self.source = QComboBox(editor)
        self.source.setObjectName("source")
        self.source.activated.connect(
            lambda _i: self._edit("source_id", self.source.currentData())
        )
        self.claimed_on = CommitLineEdit(editor)
        self.claimed_on.setObjectName("claimedOn")
        self.claimed_on.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.claimed_on.committed.connect(lambda text: self._edit("claimed_on", text.strip()))
        self.about_when = CommitLineEdit(editor)
        self.about_when.setObjectName("aboutWhen")
        self.about_when.setPlaceholderText(
            self.tr("EDTF: 2020-11-10, 2020-09-27/2020-11-10, 2020-23 (autumn), 2021~")
        )
        self.about_when.committed.connect(lambda text: self._edit("about_when", text.strip()))
        self.status = QComboBox(editor)
        self.status.setObjectName("status")
        for value in STATUSES:
            self.status.addItem(status_title(value), value)
        self.status.activated.connect(lambda _i: self._edit("status", self.status.currentData()))
        self.note = CommitTextEdit(editor)
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("Analyst's note"))
        self.note.setMaximumHeight(70)
        self.note.committed.connect(lambda text: self._edit("note", text))
        self.relations = QLabel(editor)
        self.relations.setObjectName("relations")
        self.relations.setWordWrap(True)
        self.relations.setTextFormat(Qt.TextFormat.PlainText)
        self.relations.setToolTip(self.tr("Links with other claims; add one with “Relate…”"))
        self.error = error_label(editor)
        self.label_text = QLabel(editor)
        self.label_text.setObjectName("claimLabel")
        self.label_text.setToolTip(self.tr("The claim's label: the same in exports, the Export "
                                      "dialog and the audit log; it never changes"))

        form.addRow(self.tr("Label"), self.label_text)
        form.addRow(self.tr("Statement"), self.statement)
        form.addRow(self.tr("Actor"), self.actor)
        form.addRow(self.tr("Source"), self.source)
        form.addRow(self.tr("Made on"), self.claimed_on)
        form.addRow(self.tr("About (when)"), self.about_when)
        form.addRow(self.tr("Status"), self.status)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.tr("Other claims"), self.relations)
        form.addRow(self.error)
        self.editor = editor

        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(editor)
        splitter.setStretchFactor(0, 1)
        splitter.setChildrenCollapsible(False)

        self.empty_hint = QLabel(self)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet(color_style("hint"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.empty_hint)
        layout.addWidget(splitter, 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            # A narrow table keeps statement, actor, status and period; the rest is in the
            # editor below or beside it.
            narrow = self.table.width() < 620
            for column in (4, 6):  # made on, evidence counts
                self.table.setColumnHidden(column, narrow)
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        orientation = Qt.Orientation.Horizontal if is_wide(self) else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            if orientation == Qt.Orientation.Horizontal:  # the table needs the room
                width = self.splitter.width()
                self.splitter.setSizes([int(width * 0.62), int(width * 0.38)])

    # -- reading -------------------------------------------------------------------------

    def _on_case_changed(self, case: object) -> None:
        # A case just opened is read in a worker (its first statements take a noticeable
        # time to compile); the claims of the case before are gone at once.
        self._current = None
        opened = self.ctx.case
        if opened is None:
            self.refresh()
            return
        self.opened.start(opened)
        self._show(([], [], []))

    def refresh(self) -> None:
        """Re-read claims, actors and sources (at once: after an edit); keep the current
        claim selected."""
        self.opened.drop()
        case = self.ctx.case
        self._show(([], [], []) if case is None else case.read(claims_actors_sources))

    def _show(self, read: tuple[list[ClaimInfo], list[ActorInfo], list[SourceInfo]]) -> None:
        self._claims, self._actors, self._sources = read
        case = self.ctx.case
        self.model.set_claims(self._claims)
        current = self._current if self.model.row_of(self._current or 0) >= 0 else None
        self._select_row(current)
        self._load_editor(current)
        self.new_button.setEnabled(case is not None)
        self.actors_button.setEnabled(case is not None)
        if case is None:
            self.empty_hint.setText(self.tr("No case is open."))
        elif not self._claims:
            self.empty_hint.setText(
                self.tr("No claims yet. Add one with “New claim”: who said what, when, "
                        "and in which source.")
            )
        self.empty_hint.setVisible(not self.opened.loading
                                   and (case is None or not self._claims))

    def current_claim(self) -> ClaimInfo | None:
        """The claim shown in the editor."""
        row = self.model.row_of(self._current or 0)
        return self.model.claim(row) if row >= 0 else None

    def _select_row(self, claim_id: int | None) -> None:
        selection = self.table.selectionModel()
        with QSignalBlocker(selection):
            row = self.model.row_of(claim_id or 0)
            if row < 0:
                selection.clear()
            else:
                selection.setCurrentIndex(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.table.scrollTo(self.model.index(row, 0))
        self._current = claim_id if row >= 0 else None

    def _load_editor(self, claim_id: int | None) -> None:
        claim = self.current_claim() if claim_id is not None else None
        self.editor.setEnabled(claim is not None)
        self.delete_button.setEnabled(claim is not None)
        self.relate_button.setEnabled(claim is not None and len(self._claims) > 1)
        show_error(self.error, "")
        actors = [(self.tr("(no actor)"), None)] + [
            (a.name if not a.affiliation else f"{a.name} — {a.affiliation}", a.id)
            for a in self._actors
        ]
        sources = [(self.tr("(no source)"), None)] + [
            (f"{s.label}  " + (s.title if not s.publisher else f"{s.title} — {s.publisher}"),
             s.id)
            for s in self._sources
        ]
        fill_combo(self.actor, actors, claim.actor_id if claim else None)
        fill_combo(self.source, sources, claim.source_id if claim else None)
        with QSignalBlocker(self.status):
            self.status.setCurrentIndex(
                max(0, self.status.findData(claim.status if claim else "unverified"))
            )
        self.label_text.setText(claim.label if claim else "")
        self.statement.load(claim.statement if claim else "")
        self.note.load(claim.note if claim else "")
        self.claimed_on.load(claim.claimed_on.isoformat() if claim and claim.claimed_on else "")
        self.about_when.load(claim.about_when if claim else "")
        self.relations.setText(self._relations_text(claim))
        typing = any(w.pending for w in (self.statement, self.note, self.claimed_on,
                                         self.about_when))
        self._shown.shown(claim.id if claim else None, claim.version if claim else None,
                          typing=typing, values=claim)

    def _relations_text(self, claim: ClaimInfo | None) -> str:
        case = self.ctx.case
        if claim is None or case is None:
            return ""
        rows = case.read(evidence_matrix, [claim.id], with_evidence=False)  # relations only
        lines = [relation_sentence(self, r) for row in rows for r in row.related_claims]
        return "\n".join(lines) if lines else self.tr("none")

    # -- editing -------------------------------------------------------------------------

    def _edit(self, field: str, value: Any) -> None:
        claim = self.current_claim()
        if claim is None or self.ctx.case is None:
            return
        typed = value
        if field in ("claimed_on",) and value == "":
            value = None
        wrapper = push_command(self.ctx, EditClaim(
            claim.id, {field: value}, **self._shown.edit(claim.id, [field])))
        if wrapper.error is not None:
            self.refresh()  # put back the stored value (someone else's, after a conflict)
            show_error(self.error, str(wrapper.error))
            texts = {"statement": self.statement, "note": self.note,
                     "claimed_on": self.claimed_on, "about_when": self.about_when}
            keep_refused(wrapper.error, texts.get(field), typed)
        elif wrapper.notice:
            show_notice(self.error, wrapper.notice)

    def new_claim(self) -> None:
        """Add a claim with a placeholder statement and put the cursor in it."""
        if self.ctx.case is None:
            return
        command = CreateClaim(statement=self.tr("New claim"))
        wrapper = push_command(self.ctx, command)
        if wrapper.error is None and command.created_id is not None:
            self.select_claim(command.created_id)
            self.statement.setFocus()
            self.statement.selectAll()

    def delete_claim(self) -> None:
        """Delete the selected claim and its links (undoable)."""
        claim = self.current_claim()
        if claim is not None:
            wrapper = push_command(self.ctx, DeleteClaim(
                claim.id, expected_version=self._shown.expected(claim.id)))
            if wrapper.error is not None:  # changed by someone else meanwhile
                self.refresh()
                show_error(self.error, str(wrapper.error))

    def relate_claim(self) -> None:
        """Link the selected claim to another one (supports / contradicts)."""
        from desktop.qt.dialogs.relate_claim_dialog import RelateClaimDialog

        claim = self.current_claim()
        if claim is not None:
            RelateClaimDialog(self.ctx, claim.id, self).exec()

    def open_actors(self) -> None:
        """Manage actors in a small dialog."""
        from desktop.qt.dialogs.actors_dialog import ActorsDialog

        ActorsDialog(self.ctx, self).exec()

    # -- selection -----------------------------------------------------------------------

    def select_claim(self, claim_id: int) -> None:
        """Select a claim in the table and load it in the editor (no bus echo)."""
        self._select_row(claim_id)
        self._load_editor(self._current)

    def _on_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        claim_id = self.model.claim(current.row()).id if current.isValid() else None
        self._current = claim_id
        self._load_editor(claim_id)
        if claim_id is not None:
            self._announcing = True
            try:
                self.ctx.bus.claim_selected.emit(claim_id)
            finally:
                self._announcing = False

    def _on_claim_selected(self, claim_id: int) -> None:
        if not self._announcing and claim_id != self._current:
            self.select_claim(claim_id)
