"""Link an annotation (or several) to a claim with a stance and a rationale.

Accepting pushes one undoable step: a ``CreateLink`` per annotation (a
``CompositeCommand`` when there are several). A refusal from the core (for example the
same annotation already linked to that claim) is shown in the dialog, which stays open.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.changes import Ref
from desktop.core.commands import CompositeCommand
from desktop.core.ops.investigation_commands import CreateLink
from desktop.core.queries.investigation import (
    AnnotationInfo,
    ClaimInfo,
)
from desktop.core.queries.panel_reads import link_claim_read, linked_claim_ids
from desktop.qt.canvas.items import kind_label
from desktop.qt.context import AppContext
from desktop.qt.forms import error_label, show_error
from desktop.qt.item_models.claims_model import status_title
from desktop.qt.undo import push_command

STANCES = ("supports", "contradicts", "context")


def describe_annotation(annotation: AnnotationInfo) -> str:
    """``A2 on P1 IMG_0412.jpg: "9М723" (index code)``."""
    template = QCoreApplication.translate(
        "LinkClaimDialog", "{label} on {photo}: “{reading}” ({kind})"
    )
    return template.format(
        label=annotation.label,
        photo=f"{annotation.photo_label} {annotation.photo_file_name}",
        reading=annotation.transcription or "—", kind=kind_label(annotation.kind),
    )


class LinkClaimDialog(QDialog):
    """Choose a claim, a stance (supports / contradicts / context) and a rationale."""

    def __init__(
        self,
        ctx: AppContext,
        annotation_id: int | Sequence[int],
        parent: QWidget | None = None,
        *,
        claim_id: int | None = None,
        citation: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._citation = citation  # where in a source the marking was found, if it was
        ids = [annotation_id] if isinstance(annotation_id, int) else list(annotation_id)
        self.annotation_ids = ids
        self.annotation_id = ids[0] if ids else 0
        self.setWindowTitle(self.tr("Link to claim"))
        self._claims: list[ClaimInfo] = []
        self._annotations: dict[int, AnnotationInfo] = {}
        self._existing: dict[int, str] = {}  # claim id -> stance, for a single annotation
        self._read()
        self._build()
        if claim_id is not None:
            self.select_claim(claim_id)
        self._update_ok()

    def _read(self) -> None:
        if self.ctx.case is None:
            return
        read = self.ctx.case.read(link_claim_read, self.annotation_ids)
        self._claims, self._annotations = read.claims, read.annotations
        self._existing.update(read.existing)

    def _build(self) -> None:
        what = [describe_annotation(a) for a in self._annotations.values()]
        self.header = header = QLabel(self)
        header.setWordWrap(True)
        header.setTextFormat(Qt.TextFormat.PlainText)
        if len(what) == 1:
            header.setText(self.tr("Annotation {what}").format(what=what[0]))
        else:
            header.setText(
                self.tr("{n} annotations:").format(n=len(what)) + "\n" + "\n".join(what)
            )

        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter claims"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.claims = QListWidget(self)
        self.claims.setObjectName("claimList")
        self.claims.setWordWrap(True)
        self.claims.setAlternatingRowColors(True)
        for claim in self._claims:
            actor = claim.actor_name or self.tr("unknown actor")
            text = f"{claim.label}  {claim.statement}\n{actor} · {status_title(claim.status)}"
            if claim.id in self._existing:
                text += self.tr(" · already linked ({stance})").format(
                    stance=self._stance_title(self._existing[claim.id])
                )
            item = QListWidgetItem(text, self.claims)
            item.setData(Qt.ItemDataRole.UserRole, claim.id)
            item.setToolTip(claim.statement)
        self.claims.currentItemChanged.connect(lambda *_: self._update_ok())
        self.claims.itemDoubleClicked.connect(lambda *_: self.accept())
        if not self._claims:
            self.claims.addItem(self.tr("The case has no claims yet: add one in the Claims panel."))
            self.claims.setEnabled(False)

        stance_box = QGroupBox(self.tr("Stance"), self)
        self.stance_group = QButtonGroup(self)
        stance_row = QHBoxLayout(stance_box)
        self.stance_buttons: dict[str, QRadioButton] = {}
        for index, stance in enumerate(STANCES):
            button = QRadioButton(self._stance_title(stance), stance_box)
            button.setObjectName(f"stance_{stance}")
            self.stance_group.addButton(button, index)
            self.stance_buttons[stance] = button
            stance_row.addWidget(button)
        self.stance_buttons["supports"].setChecked(True)

        self.rationale = QPlainTextEdit(self)
        self.rationale.setObjectName("rationale")
        self.rationale.setPlaceholderText(
            self.tr("Why: e.g. the index code 9M723 is the Iskander-M missile named in the claim")
        )
        self.rationale.setMaximumHeight(90)
        self.rationale.setTabChangesFocus(True)
        self.error = error_label(self)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Link"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.filter)
        layout.addWidget(self.claims, 1)
        layout.addWidget(stance_box)
        layout.addWidget(QLabel(self.tr("Rationale"), self))
        layout.addWidget(self.rationale)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, 520)

    def _stance_title(self, stance: str) -> str:
        return {
            "supports": self.tr("Supports"),
            "contradicts": self.tr("Contradicts"),
            "context": self.tr("Context"),
        }.get(stance, stance)

    def _apply_filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for row in range(self.claims.count()):
            item = self.claims.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.selected_claim_id() is not None and bool(self._annotations))

    # -- choices -------------------------------------------------------------------------

    def select_claim(self, claim_id: int) -> None:
        """Make ``claim_id`` the chosen claim."""
        for row in range(self.claims.count()):
            item = self.claims.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == claim_id:
                self.claims.setCurrentItem(item)
                return

    def selected_claim_id(self) -> int | None:
        """The chosen claim's id."""
        item = self.claims.currentItem()
        value = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        return int(value) if value is not None else None

    def set_stance(self, stance: str) -> None:
        """Choose supports, contradicts or context."""
        self.stance_buttons[stance].setChecked(True)

    def stance(self) -> str:
        """The chosen stance."""
        return STANCES[max(0, self.stance_group.checkedId())]

    def _linked_claims(self, annotation_id: int) -> set[int]:
        assert self.ctx.case is not None
        return self.ctx.case.read(linked_claim_ids, annotation_id)

    def accept(self) -> None:
        """Create the link(s) as one undo step; stay open and explain on refusal."""
        claim_id = self.selected_claim_id()
        if claim_id is None or not self._annotations:
            return
        note = self.rationale.toPlainText().strip()
        targets = list(self._annotations)
        if len(targets) > 1:  # skip those already linked, so the step cannot fail half-way
            targets = [a for a in targets if claim_id not in self._linked_claims(a)]
            if not targets:
                show_error(self.error, self.tr("every one of them is already linked to it"))
                return
        links = [
            CreateLink(from_ref=Ref("annotation", annotation_id), to_ref=Ref("claim", claim_id),
                       stance=self.stance(), note=note,
                       **({"citation": dict(self._citation)} if self._citation else {}))
            for annotation_id in targets
        ]
        if len(links) == 1:
            wrapper = push_command(self.ctx, links[0])
        else:
            text = self.tr("Link {n} annotations to claim").format(n=len(links))
            wrapper = push_command(self.ctx, CompositeCommand(text, list(links)))
        if wrapper.error is not None:
            show_error(self.error, str(wrapper.error))
            return
        super().accept()
