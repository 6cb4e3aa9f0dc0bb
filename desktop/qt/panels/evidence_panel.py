"""The Evidence view: every claim as a row, with the evidence for and against it below.

It reads the whole evidence matrix (``panel_reads.evidence_table``) and shows it as a tree:
a claim row (label, status, actor, when, the statement wrapped), then one line per piece
of evidence: a crop of the annotation (or the whole photo), what it is and where, the
reading and its catalog match, the stance, and the analyst's rationale; then the claim's
relations with other claims, worded from this claim's side ("C3 contradicts this claim").
A stance filter keeps only supporting, contradicting or context evidence (and the claims
that have some). Clicking evidence shows its photo and annotation; double-clicking (or
Enter) also brings the viewer forward. "Remove link" deletes the selected link with an
undoable command. Crops are cut in a worker and arrive a moment later.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSignalBlocker,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPalette, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.changes import Changes
from desktop.core.ops.investigation_commands import DeleteLink
from desktop.core.queries.evidence import ClaimEvidence, EvidenceItem, RelatedClaim
from desktop.core.queries.panel_reads import evidence_table
from desktop.qt.canvas.items import kind_label
from desktop.qt.context import AppContext
from desktop.qt.forms import relation_sentence
from desktop.qt.item_models.claims_model import status_color, status_title
from desktop.qt.jobs import Job, JobRunner
from desktop.qt.panels.case_panel import CasePanel
from desktop.qt.panels.evidence_crops import ImageRequest, render_images, to_pixmap
from desktop.qt.theme import text_color
from desktop.qt.time_text import edtf_label
from desktop.qt.undo import push_command

STANCES = ("supports", "contradicts", "context")


def stance_color(stance: str | None) -> QColor:
    """The colour a stance is written in, readable in the light and dark palettes."""
    return text_color(stance) if stance in STANCES else QApplication.palette().color(
        QPalette.ColorRole.Text)
ICON_SIDE = 64
ROLE_KIND = Qt.ItemDataRole.UserRole
ROLE_ID = Qt.ItemDataRole.UserRole + 1
ROLE_PHOTO = Qt.ItemDataRole.UserRole + 2
ROLE_LINK = Qt.ItemDataRole.UserRole + 3
ROLE_LINK_VERSION = Qt.ItemDataRole.UserRole + 7
ROLE_IMAGE = Qt.ItemDataRole.UserRole + 4
ROLE_STANCE = Qt.ItemDataRole.UserRole + 5
COLUMNS = 4  # what (with the crop), reading, stance, why
FILL_SLICE_S = 0.008  # GUI time per turn of the event loop while a case's evidence fills in
# Resumed from a 1 ms timer, not a zero-delay one: Qt runs zero-delay calls as posted
# events and holds timers (and so other work) back while they keep coming, which joined
# slices and the repaints between them into one long stall (see desktop/qt/map/map_view.py).
NEXT_SLICE_MS = 1


class WrapDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the column's current width.

    A tree view asks a delegate for its size without a width, so the default wraps nothing
    and cuts the third line of a rationale; here the width is the column's (the whole row
    for a claim, whose text spans the columns).
    """

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        """The wrapped text's size at the column's width."""
        tree = self.tree
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        if tree.isFirstColumnSpanned(index.row(), index.parent()):
            width = tree.viewport().width()
        else:
            width = tree.columnWidth(index.column())
        if index.column() == 0:
            width -= tree.indentation() * (depth + int(tree.rootIsDecorated()))
        opt = QStyleOptionViewItem(option)
        opt.rect = QRect(0, 0, max(40, width), 1)
        size = super().sizeHint(opt, index)
        return QSize(size.width(), size.height() + 6)  # air between wrapped rows


class EvidencePanel(CasePanel):
    """The evidence matrix: claims as rows, their evidence on readable lines below."""

    watched_kinds = ("link", "claim", "annotation", "photo", "actor")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[ClaimEvidence] = []
        self._images: dict[ImageRequest, QPixmap | None] = {}
        self._wanted: dict[ImageRequest, None] = {}  # in order, each once
        self._rendering: set[ImageRequest] = set()  # asked of a worker, not back yet
        self._stanced_lines = 0  # lines with a stance in the tree (what the summary counts)
        self._hidden_any = False  # the stance filter has hidden lines
        self._lines_of_image: dict[ImageRequest, list[QTreeWidgetItem]] = {}
        self._generation = 0
        self._fill_token = 0
        #: the case's evidence is being read or shown (a case just opened)
        self.loading = False
        self._selected_claim = 0
        # Off screen (its tab behind another), the panel does not read: a big case's
        # thousands of lines would be built for nobody while the case opens. It reads
        # when it comes back (``set_on_screen``, told by the window).
        self._on_screen = True
        self._stale = False
        self.jobs = JobRunner(self.ctx.pool, self)
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(30)
        self._relayout.timeout.connect(self._fit)
        self._width_seen = 0
        self._build()
        ctx.bus.claim_selected.connect(self.show_claim)
        self.refresh()

    def _build(self) -> None:
        self.stance_filter = QComboBox(self)
        self.stance_filter.setObjectName("stanceFilter")
        self.stance_filter.setAccessibleName(self.tr("Show evidence"))
        for value, text in (("", self.tr("All evidence")),
                            ("supports", self.tr("Supporting only")),
                            ("contradicts", self.tr("Contradicting only")),
                            ("context", self.tr("Context only"))):
            self.stance_filter.addItem(text, value)
        self.stance_filter.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.summary = QLabel(self)
        self.summary.setObjectName("evidenceSummary")
        self.remove_button = QPushButton(self.tr("Remove link"), self)
        self.remove_button.setToolTip(self.tr("Remove the selected link (undoable)"))
        self.remove_button.clicked.connect(self.remove_selected_link)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Show:"), self))
        bar.addWidget(self.stance_filter)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.remove_button)

        self.tree = tree = QTreeWidget(self)
        tree.setObjectName("evidenceTree")
        tree.setColumnCount(COLUMNS)
        tree.setHeaderLabels([self.tr("Claim / evidence"), self.tr("Reading"),
                              self.tr("Stance"), self.tr("Why (rationale)")])
        tree.setIconSize(QSize(ICON_SIDE, ICON_SIDE))
        tree.setWordWrap(True)
        tree.setItemDelegate(WrapDelegate(tree))
        tree.setUniformRowHeights(False)
        tree.setAlternatingRowColors(False)
        tree.setRootIsDecorated(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = tree.header()
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(60)
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(lambda *_: self._relayout.start())
        tree.itemClicked.connect(lambda item, _c: self._navigate(item, bring_forward=False))
        tree.itemActivated.connect(lambda item, _c: self._navigate(item, bring_forward=True))
        tree.currentItemChanged.connect(lambda *_: self._update_buttons())

        self.empty_hint = QLabel(self)
        self.empty_hint.setObjectName("evidenceHint")
        self.empty_hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.empty_hint)
        layout.addWidget(tree, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Columns and wrapped lines follow the new width (once the tree has it)."""
        super().resizeEvent(event)
        self._width_seen = 0
        self._relayout.start()

    def _fit(self) -> None:
        """Columns share the width (what, reading, stance, why: 28, 24, 10, 38 %) when it
        changed, then rows take the height of their wrapped lines."""
        width = self.tree.viewport().width()
        if width > 200 and width != self._width_seen:
            self._width_seen = width
            header = self.tree.header()
            with QSignalBlocker(header):
                for column, share, least in ((0, 0.28, 210), (1, 0.24, 150), (2, 0.10, 90)):
                    header.resizeSection(column, max(least, int(width * share)))
        self.tree.doItemsLayout()

    # -- reading -------------------------------------------------------------------------

    def set_on_screen(self, on_screen: bool) -> None:
        """Told by the window when the panel's tab comes forward (True) or goes behind
        another: what changed meanwhile is read when it comes back."""
        self._on_screen = on_screen
        if on_screen and self._stale:
            QTimer.singleShot(0, self, self._came_on_screen)

    def _came_on_screen(self) -> None:
        if self._on_screen and self._stale:
            self._read_in_worker()

    def _off_screen(self) -> bool:
        """True (and the panel noted as stale) when a read now would be for nobody."""
        if self._on_screen or self.ctx.case is None:
            return False
        self._stale = True
        self._generation += 1  # a read still running in a worker is stale now
        self._fill_token += 1  # and so is a fill still running in slices
        self.loading = False
        return True

    def _on_case_changed(self, case: object) -> None:
        self._selected_claim = 0
        self._images.clear()
        if case is None:
            self.refresh()
            return
        if self._off_screen():
            self.rows = []
            self._lines_of_image = {}  # their items go with the tree's lines
            with QSignalBlocker(self.tree):
                self.tree.clear()  # never another case's lines, even behind a tab
            return
        self._read_in_worker()

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(*self.watched_kinds) and not self._off_screen():
            self.refresh()

    def _read_in_worker(self) -> None:
        """Read the open case's evidence in a worker and show it a slice at a time: a
        big case's thousands of evidence lines would otherwise hold the window."""
        case = self.ctx.case
        if case is None:
            return
        self._stale = False
        self._generation += 1
        self.loading = True
        generation = self._generation
        job = Job(lambda _control, opened: opened.read(evidence_table), case)
        job.signals.result.connect(lambda result, g=generation: self._on_read(g, result))
        job.signals.error.connect(lambda message, _d, g=generation: self._read_failed(g, message))
        self.jobs.start(job)

    def refresh(self) -> None:
        """Re-read the evidence matrix of the open case (at once: after an edit)."""
        self._generation += 1  # a read still running in a worker is stale now
        self._stale = False
        case = self.ctx.case
        photos: dict[int, tuple[str, str, int]] = {}
        self.rows = []
        if case is not None:
            self.rows, photos = case.read(evidence_table)
        self._show(photos)

    def _on_read(self, generation: int,
                 result: tuple[list[ClaimEvidence], dict[int, tuple[str, str, int]]]) -> None:
        if generation != self._generation:
            return  # the case changed again, or an edit re-read it meanwhile
        self.rows, photos = result
        self._show(photos, sliced=True)

    def _read_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.loading = False
            self.ctx.bus.status_message.emit(message)

    def _show(self, photos: dict[int, tuple[str, str, int]], *, sliced: bool = False) -> None:
        """Fill the tree; ``sliced``: a few milliseconds per turn of the event loop."""
        self._fill_token += 1
        self._wanted = {}
        self._lines_of_image = {}
        self._stanced_lines = 0
        self._hidden_any = False
        self.loading = True
        with QSignalBlocker(self.tree):
            self.tree.clear()
        steps = self._fill_steps(photos)
        if sliced:
            self._continue_fill(self._fill_token, steps)
            return
        with QSignalBlocker(self.tree):
            for _ in steps:
                pass
        self._finish_fill()

    def _fill_steps(self, photos: dict[int, tuple[str, str, int]]) -> Iterator[None]:
        """Add the rows, yielding after each line (where a slice may end)."""
        for row in self.rows:
            claim_item = self._add_claim_row(row)
            for entry in (*row.supporting, *row.contradicting, *row.context):
                self._add_evidence(claim_item, entry, photos.get(entry.photo_id))
                yield
            for relation in row.related_claims:
                self._add_relation(claim_item, relation)
            if claim_item.childCount() == 0:
                none = QTreeWidgetItem(claim_item, [self.tr("No evidence linked yet")])
                none.setFlags(Qt.ItemFlag.NoItemFlags)
            claim_item.setExpanded(True)  # once its lines are in: laid out once
            yield

    def _continue_fill(self, token: int, steps: Iterator[None]) -> None:
        if token != self._fill_token:
            return  # a newer fill replaced this one
        deadline = time.perf_counter() + FILL_SLICE_S
        with QSignalBlocker(self.tree):
            for _ in steps:
                if time.perf_counter() > deadline:
                    QTimer.singleShot(NEXT_SLICE_MS, self,
                                      lambda: self._continue_fill(token, steps))
                    return
        self._finish_fill()

    def _finish_fill(self) -> None:
        self.loading = False
        if self.ctx.case is None:
            self.empty_hint.setText(self.tr("No case is open."))
        elif not self.rows:
            self.empty_hint.setText(self.tr(
                "No claims yet. Add claims in the Claims tab, then link annotations to them "
                "(Ctrl+L) with a stance and a rationale."))
        self.empty_hint.setVisible(self.ctx.case is None or not self.rows)
        self._apply_filter()
        self._select_claim_row(self._selected_claim)
        self._update_buttons()
        self._render_wanted()

    def _add_claim_row(self, row: ClaimEvidence) -> QTreeWidgetItem:
        claim = row.claim
        facts = [claim.label, status_title(claim.status),
                 claim.actor_name or self.tr("unknown actor")]
        if claim.claimed_on:
            facts.append(self.tr("made on {d}").format(d=claim.claimed_on.isoformat()))
        if claim.about_when:
            facts.append(self.tr("about {w}").format(w=edtf_label(claim.about_when)))
        counts = self.tr("{s} supporting, {c} contradicting, {x} context").format(
            s=len(row.supporting), c=len(row.contradicting), x=len(row.context))
        text = "{facts}  ({counts})\n{statement}".format(
            facts=" · ".join(facts), counts=counts, statement=" ".join(claim.statement.split()))
        # Dressed before it joins the tree: a font set on a row in a tree has the tree
        # measure every line it holds again (30,000 measures per claim at 10,000 lines).
        item = QTreeWidgetItem([text])
        font = QFont(self.tree.font())
        font.setBold(True)
        item.setFont(0, font)
        color = status_color(claim.status)
        if color is not None:
            item.setForeground(0, QBrush(color))
        item.setToolTip(0, claim.statement)
        item.setData(0, ROLE_KIND, "claim")
        item.setData(0, ROLE_ID, claim.id)
        self.tree.addTopLevelItem(item)
        item.setFirstColumnSpanned(True)
        return item

    def _add_evidence(self, parent: QTreeWidgetItem, entry: EvidenceItem,
                      photo: tuple[str, str, int] | None) -> None:
        annotation = entry.annotation
        if annotation is not None:
            what = self.tr("{a} on {p} {f}\n{kind} · {confidence}").format(
                a=annotation.label, p=entry.photo_label, f=entry.photo_file_name,
                kind=kind_label(annotation.kind),
                confidence=self._confidence(annotation.confidence))
            reading = f"“{annotation.transcription}”" if annotation.transcription else "—"
            if annotation.measured:  # a measurement's value, not a catalog match
                reading += f"\n= {annotation.measured}"
            elif annotation.matches:
                reading += f"\n→ {annotation.matches[0].system}"
        else:
            what = self.tr("Whole photo\n{p} {f}").format(p=entry.photo_label,
                                                          f=entry.photo_file_name)
            reading = ""
        # Filled in before it joins the tree: each change of an item in a tree costs the
        # view a search through its rows (quadratic over a big case).
        item = QTreeWidgetItem([what, reading, self._stance(entry.stance), entry.note or "—"])
        item.setForeground(2, QBrush(stance_color(entry.stance)))
        for column in range(COLUMNS):
            item.setToolTip(column, item.text(column))
        item.setData(0, ROLE_KIND, "annotation" if annotation else "photo")
        item.setData(0, ROLE_ID, annotation.id if annotation else entry.photo_id)
        item.setData(0, ROLE_PHOTO, entry.photo_id)
        item.setData(0, ROLE_LINK, entry.link_id)
        item.setData(0, ROLE_LINK_VERSION, entry.link_version)
        item.setData(0, ROLE_STANCE, entry.stance)
        if photo is not None:
            sha, ext, width = photo
            request = (ImageRequest.for_region(sha, ext, width, annotation.shape_type,
                                               annotation.geometry)
                       if annotation is not None else ImageRequest(sha, ext, width))
            item.setData(0, ROLE_IMAGE, request)
            self._lines_of_image.setdefault(request, []).append(item)
            if request in self._images:
                self._apply_image(item, self._images[request])
            else:
                self._wanted[request] = None
        parent.addChild(item)
        self._stanced_lines += int(entry.stance is not None)

    def _add_relation(self, parent: QTreeWidgetItem, relation: RelatedClaim) -> None:
        sentence = relation_sentence(self, relation)
        item = QTreeWidgetItem(parent, [sentence, " ".join(relation.statement.split()),
                                        self._stance(relation.stance), relation.note or "—"])
        item.setForeground(2, QBrush(stance_color(relation.stance)))
        for column in range(COLUMNS):
            item.setToolTip(column, item.text(column))
        item.setData(0, ROLE_KIND, "relation")
        item.setData(0, ROLE_ID, relation.claim_id)
        item.setData(0, ROLE_LINK, relation.link_id)
        item.setData(0, ROLE_LINK_VERSION, relation.link_version)
        item.setData(0, ROLE_STANCE, relation.stance)
        self._stanced_lines += int(relation.stance is not None)

    def _stance(self, stance: str) -> str:
        return {"supports": self.tr("supports"), "contradicts": self.tr("contradicts"),
                "context": self.tr("context")}.get(stance, stance)

    def _confidence(self, value: str) -> str:
        return {"confirmed": self.tr("confirmed"), "probable": self.tr("probable"),
                "possible": self.tr("possible")}.get(value, value)

    # -- filtering and selection -----------------------------------------------------------

    def _claim_rows(self) -> list[QTreeWidgetItem]:
        rows = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in rows if item is not None]

    @staticmethod
    def _lines(claim_item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
        children = (claim_item.child(j) for j in range(claim_item.childCount()))
        return [child for child in children if child is not None]

    def stance_shown(self) -> str:
        """The stance the filter keeps ("" for every stance)."""
        return str(self.stance_filter.currentData() or "")

    def _apply_filter(self) -> None:
        wanted = self.stance_shown()
        if not wanted and not self._hidden_any:
            # Nothing hidden, nothing to hide: no walk over every line of a big case.
            self._show_summary(self.tree.topLevelItemCount(), self._stanced_lines)
            return
        self._hidden_any = bool(wanted)
        shown_claims = shown_items = 0
        for claim_item in self._claim_rows():
            kept = 0
            for child in self._lines(claim_item):
                stance = child.data(0, ROLE_STANCE)
                hide = bool(wanted) and stance != wanted
                child.setHidden(hide)
                kept += int(not hide and stance is not None)
            hide_claim = bool(wanted) and kept == 0
            claim_item.setHidden(hide_claim)
            shown_claims += int(not hide_claim)
            shown_items += kept
        self._show_summary(shown_claims, shown_items)

    def _show_summary(self, claims: int, links: int) -> None:
        self.summary.setText(self.tr("{c} claims, {n} links shown").format(c=claims, n=links))
        self._relayout.start()

    def show_claim(self, claim_id: int) -> None:
        """Select and scroll to a claim's row (0 clears the selection)."""
        self._selected_claim = claim_id
        self._select_claim_row(claim_id)

    def _select_claim_row(self, claim_id: int) -> None:
        with QSignalBlocker(self.tree):
            self.tree.clearSelection()
            for item in self._claim_rows():
                if claim_id and item.data(0, ROLE_ID) == claim_id:
                    self.tree.setCurrentItem(item)
                    self.tree.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtTop)
                    break
        self._update_buttons()

    def claim_item(self, claim_id: int) -> QTreeWidgetItem | None:
        """The row of a claim."""
        return next((item for item in self._claim_rows()
                     if item.data(0, ROLE_ID) == claim_id), None)

    # -- images (rendered in a worker) -----------------------------------------------------

    def _render_wanted(self) -> None:
        # An image already on its way is not asked for again: a burst of edits re-fills
        # the tree each time, and each fill would otherwise render every crop anew.
        wanted = [request for request in self._wanted if request not in self._rendering]
        if not wanted or self.ctx.case is None:
            return
        self._rendering.update(wanted)
        job = Job(lambda _control, case, requests: render_images(case, requests),
                  self.ctx.case, wanted)
        job.signals.result.connect(self._on_images)
        job.signals.finished.connect(lambda: self._rendering.difference_update(wanted))
        self.jobs.start(job)

    def _on_images(self, images: dict[ImageRequest, bytes]) -> None:
        ratio = self.devicePixelRatioF()
        for request, data in images.items():
            pixmap = to_pixmap(data, ratio)
            if pixmap is not None:
                side = int(ICON_SIDE * ratio)
                pixmap = pixmap.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.SmoothTransformation)
                pixmap.setDevicePixelRatio(ratio)
            self._images[request] = pixmap
            for item in self._lines_of_image.get(request, ()):  # lines of the current fill
                self._apply_image(item, pixmap)
        self._relayout.start()

    def _apply_image(self, item: QTreeWidgetItem, pixmap: QPixmap | None) -> None:
        if pixmap is not None:
            item.setData(0, Qt.ItemDataRole.DecorationRole, pixmap)

    def images_pending(self) -> int:
        """How many image jobs are still running (for tests and shutdown)."""
        return self.jobs.running

    # -- navigation ----------------------------------------------------------------------

    def _navigate(self, item: QTreeWidgetItem, *, bring_forward: bool) -> None:
        self._update_buttons()
        kind = item.data(0, ROLE_KIND)
        target = item.data(0, ROLE_ID)
        if kind is None or target is None:
            return
        if kind in ("claim", "relation"):
            self._selected_claim = int(target)
            self.ctx.bus.claim_selected.emit(int(target))
            if kind == "claim" and bring_forward:
                self.ctx.bus.page_requested.emit("claims")
            return
        self.ctx.bus.photo_selected.emit(int(item.data(0, ROLE_PHOTO)))
        if kind == "annotation":
            self.ctx.bus.annotation_selected.emit(int(target))
        if bring_forward:
            self.ctx.bus.page_requested.emit("photo")

    def selected_link_id(self) -> int | None:
        """The link of the selected evidence or relation line."""
        item = self.tree.currentItem()
        if item is None or not item.isSelected():
            return None
        link = item.data(0, ROLE_LINK)
        return int(link) if link is not None else None

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.selected_link_id() is not None)

    def remove_selected_link(self) -> None:
        """Delete the selected line's link (undoable)."""
        link_id = self.selected_link_id()
        if link_id is not None:
            item = self.tree.currentItem()
            version = item.data(0, ROLE_LINK_VERSION) if item is not None else None
            wrapper = push_command(self.ctx, DeleteLink(link_id, expected_version=version))
            if wrapper.error is not None:
                self.refresh()  # refused: show the link as it is now

