"""The Evidence panel: what supports, contradicts or gives context to the selected claim.

For the claim announced on the bus it reads ``evidence_matrix(session, [claim_id])`` and
shows each linked annotation with a crop of the photo, the reading, the photo and the
rationale; then its relations with other claims, worded from this claim's side ("C3
contradicts this claim", "This claim contradicts C2"). Clicking an item navigates:
an annotation announces its photo and itself, a claim announces the claim. "Remove link"
deletes the selected link with an undoable command.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.ops.investigation_commands import DeleteLink
from desktop.core.queries.evidence import ClaimEvidence, EvidenceItem, RelatedClaim
from desktop.core.queries.panel_reads import claim_evidence
from desktop.qt.canvas.items import kind_label
from desktop.qt.context import AppContext
from desktop.qt.forms import is_wide, relation_sentence
from desktop.qt.item_models.claims_model import STATUS_COLORS, status_title
from desktop.qt.jobs import Job, JobRunner
from desktop.qt.panels.case_panel import CasePanel
from desktop.qt.panels.evidence_crops import CROP_SIDE, ImageRequest, render_images, to_pixmap
from desktop.qt.undo import push_command

SECTION_COLORS = {
    "supports": QColor("#1e7a3c"),
    "contradicts": QColor("#b00020"),
    "context": QColor("#4a5a6a"),
}
# Sections of related claims -> the stance they hold (incoming first, then outgoing)
CLAIM_SECTIONS = {
    "contradicting_claims": "contradicts",
    "supporting_claims": "supports",
    "contradicted_claims": "contradicts",
    "supported_claims": "supports",
}
ROLE_KIND = Qt.ItemDataRole.UserRole
ROLE_ID = Qt.ItemDataRole.UserRole + 1
ROLE_PHOTO = Qt.ItemDataRole.UserRole + 2
ROLE_LINK = Qt.ItemDataRole.UserRole + 3
ROLE_LINK_VERSION = Qt.ItemDataRole.UserRole + 7
ROLE_IMAGE = Qt.ItemDataRole.UserRole + 4


class EvidenceList(QListWidget):
    """A list that grows with its content instead of scrolling inside the panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIconSize(QSize(CROP_SIDE, CROP_SIDE))
        self.setWordWrap(True)
        self.setSpacing(2)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def fit_height(self, grow: bool) -> None:
        """As tall as its rows (``grow``), or free to fill a column and scroll inside."""
        policy = (Qt.ScrollBarPolicy.ScrollBarAlwaysOff if grow
                  else Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(policy)
        if not grow:
            self.setMinimumHeight(40)
            self.setMaximumHeight(16777215)  # QWIDGETSIZE_MAX
            return
        height = sum(self.sizeHintForRow(r) + 2 * self.spacing() for r in range(self.count()))
        self.setFixedHeight(max(height + 2 * self.frameWidth(), 8))


class EvidencePanel(CasePanel):
    """Evidence for and against the selected claim, each item navigable."""

    watched_kinds = ("link", "claim", "annotation", "photo", "actor")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.claim_id: int | None = None
        self.evidence: ClaimEvidence | None = None
        self._build()
        ctx.bus.claim_selected.connect(self.show_claim)
        self.refresh()

    def _build(self) -> None:
        self.title = QLabel(self)
        self.title.setObjectName("claimTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.subtitle = QLabel(self)
        self.subtitle.setWordWrap(True)
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)

        content = QWidget(self)
        self.columns = column = QBoxLayout(QBoxLayout.Direction.TopToBottom, content)
        column.setContentsMargins(0, 0, 0, 0)
        self.sections: dict[str, tuple[QLabel, EvidenceList]] = {}
        self._images: dict[ImageRequest, QPixmap | None] = {}
        self._wanted: list[ImageRequest] = []
        self.jobs = JobRunner(self.ctx.pool, self)
        self._groups: dict[str, QWidget] = {}
        self._wide = False
        for key in ("supports", "contradicts", "context", *CLAIM_SECTIONS):
            header = QLabel(content)
            header_font = QFont(header.font())
            header_font.setBold(True)
            header.setFont(header_font)
            color = SECTION_COLORS.get(CLAIM_SECTIONS.get(key, key))
            if color is not None:
                header.setStyleSheet(f"color: {color.name()};")
            items = EvidenceList(content)
            items.setObjectName(key)
            items.itemClicked.connect(self._navigate)
            items.itemActivated.connect(self._navigate)
            items.currentItemChanged.connect(lambda *_: self._update_buttons())
            group = QWidget(content)
            group_layout = QVBoxLayout(group)
            group_layout.setContentsMargins(0, 0, 0, 0)
            group_layout.addWidget(header)
            group_layout.addWidget(items, 1)
            column.addWidget(group)
            self.sections[key] = (header, items)
            self._groups[key] = group
        self._stretch = QWidget(content)
        column.addWidget(self._stretch, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)

        self.remove_button = QPushButton(self.tr("Remove link"), self)
        self.remove_button.setToolTip(self.tr("Remove the selected link (undoable)"))
        self.remove_button.clicked.connect(self.remove_selected_link)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wide = is_wide(self)
        if wide != self._wide:
            self._wide = wide
            self.columns.setDirection(QBoxLayout.Direction.LeftToRight if wide
                                      else QBoxLayout.Direction.TopToBottom)
            self._stretch.setVisible(not wide)
            for _header, items in self.sections.values():
                items.fit_height(grow=not wide)

    # -- reading -------------------------------------------------------------------------

    def show_claim(self, claim_id: int) -> None:
        """Show the evidence of a claim (0 clears)."""
        self.claim_id = claim_id or None
        self.refresh()

    def _on_case_changed(self, case: object) -> None:
        self.claim_id = None
        self._images.clear()
        super()._on_case_changed(case)

    def refresh(self) -> None:
        """Re-read the selected claim's evidence."""
        case = self.ctx.case
        self.evidence = None
        photos: dict[int, tuple[str, str, int]] = {}
        if case is not None and self.claim_id is not None:
            self.evidence, photos = case.read(claim_evidence, self.claim_id)
        if self.evidence is None:
            self.claim_id = None
        self._show(photos)

    def _show(self, photos: dict[int, tuple[str, str, int]]) -> None:
        self._wanted = []
        evidence = self.evidence
        if evidence is None:
            self.title.setText(self.tr("No claim selected"))
            self.subtitle.setText(
                self.tr("Select a claim to see the evidence that supports or contradicts it.")
            )
        else:
            claim = evidence.claim
            self.title.setText(f"{claim.label}  {claim.statement}")
            parts = [claim.actor_name or self.tr("unknown actor"), status_title(claim.status)]
            if claim.claimed_on:
                parts.append(self.tr("made on {d}").format(d=claim.claimed_on.isoformat()))
            if claim.about_when:
                parts.append(self.tr("about {w}").format(w=claim.about_when))
            self.subtitle.setText(" · ".join(parts))
            color = STATUS_COLORS.get(claim.status)
            self.subtitle.setStyleSheet(f"color: {color.name()};" if color else "")
        titles = {
            "supports": self.tr("Supporting evidence ({n})"),
            "contradicts": self.tr("Contradicting evidence ({n})"),
            "context": self.tr("Context ({n})"),
            "contradicting_claims": self.tr("Claims contradicting this one ({n})"),
            "supporting_claims": self.tr("Claims supporting this one ({n})"),
            "contradicted_claims": self.tr("Claims this one contradicts ({n})"),
            "supported_claims": self.tr("Claims this one supports ({n})"),
        }
        content: dict[str, tuple[EvidenceItem, ...] | tuple[RelatedClaim, ...]] = {
            "supports": evidence.supporting if evidence else (),
            "contradicts": evidence.contradicting if evidence else (),
            "context": evidence.context if evidence else (),
            "contradicting_claims": evidence.contradicting_claims if evidence else (),
            "supporting_claims": evidence.supporting_claims if evidence else (),
            "contradicted_claims": evidence.contradicted_claims if evidence else (),
            "supported_claims": evidence.supported_claims if evidence else (),
        }
        for key, (header, items) in self.sections.items():
            entries = content[key]
            header.setText(titles[key].format(n=len(entries)))
            items.clear()
            for entry in entries:
                if isinstance(entry, EvidenceItem):
                    self._add_evidence(items, entry, photos.get(entry.photo_id))
                else:
                    self._add_claim(items, entry)
            if not entries:
                placeholder = QListWidgetItem(self.tr("None"), items)
                placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            items.fit_height(grow=not self._wide)
            visible = evidence is not None and (bool(entries) or not key.endswith("claims"))
            header.setVisible(visible)
            items.setVisible(visible)
            self._groups[key].setVisible(visible)
        self._update_buttons()
        self._render_wanted()

    # -- images (rendered in a worker) -----------------------------------------------------

    def _render_wanted(self) -> None:
        wanted = list(dict.fromkeys(self._wanted))
        if not wanted or self.ctx.case is None:
            return
        job = Job(lambda _control, case, requests: render_images(case, requests),
                  self.ctx.case, wanted)
        job.signals.result.connect(self._on_images)
        self.jobs.start(job)

    def _on_images(self, images: dict[ImageRequest, bytes]) -> None:
        ratio = self.devicePixelRatioF()
        for request, data in images.items():
            self._images[request] = to_pixmap(data, ratio)
        for _header, items in self.sections.values():
            for row in range(items.count()):
                item = items.item(row)
                request = item.data(ROLE_IMAGE)
                if request is not None and request in images:
                    self._apply_image(item, self._images[request])
            if not self._wide:
                items.fit_height(grow=True)

    def _apply_image(self, item: QListWidgetItem, pixmap: QPixmap | None) -> None:
        if pixmap is not None:
            item.setIcon(pixmap)
            item.setData(Qt.ItemDataRole.DecorationRole, pixmap)

    def images_pending(self) -> int:
        """How many image jobs are still running (for tests and shutdown)."""
        return self.jobs.running

    def _add_evidence(self, items: QListWidget, entry: EvidenceItem,
                      photo: tuple[str, str, int] | None) -> None:
        annotation = entry.annotation
        if annotation is not None:
            reading = annotation.transcription or "—"
            kind = kind_label(annotation.kind)
            lines = [f"{annotation.label} · “{reading}” · {kind} · "
                     f"{self._confidence(annotation.confidence)}",
                     f"{entry.photo_label} {entry.photo_file_name} #{annotation.number}"]
            if annotation.matches:
                lines[0] += f" → {annotation.matches[0].system}"
        else:
            lines = [self.tr("Whole photo"), f"{entry.photo_label} {entry.photo_file_name}"]
        if entry.note:
            lines.append(self.tr("Why: {note}").format(note=entry.note))
        item = QListWidgetItem("\n".join(lines), items)
        item.setToolTip("\n".join(lines))
        item.setData(ROLE_KIND, "annotation" if annotation else "photo")
        item.setData(ROLE_ID, annotation.id if annotation else entry.photo_id)
        item.setData(ROLE_PHOTO, entry.photo_id)
        item.setData(ROLE_LINK, entry.link_id)
        item.setData(ROLE_LINK_VERSION, entry.link_version)
        if photo is not None:
            sha, ext, width = photo
            request = (ImageRequest.for_region(sha, ext, width, annotation.shape_type,
                                               annotation.geometry)
                       if annotation is not None else ImageRequest(sha, ext, width))
            item.setData(ROLE_IMAGE, request)
            if request in self._images:
                self._apply_image(item, self._images[request])
            else:
                self._wanted.append(request)

    def _confidence(self, value: str) -> str:
        return {
            "confirmed": self.tr("confirmed"),
            "probable": self.tr("probable"),
            "possible": self.tr("possible"),
        }.get(value, value)

    def _add_claim(self, items: QListWidget, entry: RelatedClaim) -> None:
        lines = [relation_sentence(self, entry), entry.statement]
        if entry.note:
            lines.append(self.tr("Why: {note}").format(note=entry.note))
        item = QListWidgetItem("\n".join(lines), items)
        item.setToolTip(entry.statement)
        item.setData(ROLE_KIND, "claim")
        item.setData(ROLE_ID, entry.claim_id)
        item.setData(ROLE_LINK, entry.link_id)
        item.setData(ROLE_LINK_VERSION, entry.link_version)

    # -- navigation ----------------------------------------------------------------------

    def _navigate(self, item: QListWidgetItem) -> None:
        for _header, items in self.sections.values():
            if items is not item.listWidget():
                items.clearSelection()
        self._update_buttons()
        kind = item.data(ROLE_KIND)
        target = item.data(ROLE_ID)
        if kind is None or target is None:
            return
        if kind == "claim":
            self.ctx.bus.claim_selected.emit(int(target))
            return
        self.ctx.bus.photo_selected.emit(int(item.data(ROLE_PHOTO)))
        if kind == "annotation":
            self.ctx.bus.annotation_selected.emit(int(target))

    def selected_link_id(self) -> int | None:
        """The link of the selected item in any section."""
        item = self._selected_item()
        return None if item is None else int(item.data(ROLE_LINK))

    def _selected_item(self) -> QListWidgetItem | None:
        """The selected item that stands for a link, in any section."""
        for _header, items in self.sections.values():
            item = items.currentItem()
            if item is not None and item.isSelected() and item.data(ROLE_LINK) is not None:
                return item
        return None

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.selected_link_id() is not None)

    def remove_selected_link(self) -> None:
        """Delete the selected item's link (undoable)."""
        link_id = self.selected_link_id()
        if link_id is not None:
            item = self._selected_item()
            version = item.data(ROLE_LINK_VERSION) if item is not None else None
            wrapper = push_command(self.ctx, DeleteLink(link_id, expected_version=version))
            if wrapper.error is not None and self.claim_id is not None:
                self.show_claim(self.claim_id)  # refused: show the link as it is now

