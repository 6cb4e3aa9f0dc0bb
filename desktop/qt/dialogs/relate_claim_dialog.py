"""Record that one claim supports or contradicts another (a claim -> claim link).

Accepting pushes one undoable ``CreateLink``; a refusal from the core (the two claims are
already linked, in either direction) is shown in the dialog, which stays open.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.changes import Ref
from desktop.core.ops.investigation_commands import CreateLink
from desktop.core.queries.investigation import ClaimInfo, list_claims
from desktop.qt.context import AppContext
from desktop.qt.forms import error_label, show_error
from desktop.qt.item_models.claims_model import status_title
from desktop.qt.undo import push_command


class RelateClaimDialog(QDialog):
    """Choose the other claim and whether this one supports or contradicts it."""

    def __init__(self, ctx: AppContext, claim_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.claim_id = claim_id
        self.setWindowTitle(self.tr("Relate to another claim"))
        claims: list[ClaimInfo] = []
        if ctx.case is not None:
            claims = ctx.case.read(list_claims)
        this = next((c for c in claims if c.id == claim_id), None)
        header = QLabel(self)
        header.setWordWrap(True)
        header.setTextFormat(Qt.TextFormat.PlainText)
        header.setText(self.tr("This claim: {s}").format(
            s=f"{this.label}  {this.statement}" if this else "—"))
        self.header = header

        self.claims = QListWidget(self)
        self.claims.setWordWrap(True)
        self.claims.setAlternatingRowColors(True)
        for claim in claims:
            if claim.id == claim_id:
                continue
            actor = claim.actor_name or self.tr("unknown actor")
            item = QListWidgetItem(f"{claim.label}  {claim.statement}\n{actor} · "
                                   f"{status_title(claim.status)}",
                                   self.claims)
            item.setData(Qt.ItemDataRole.UserRole, claim.id)
        self.claims.currentItemChanged.connect(lambda *_: self._update_ok())

        self.stance_group = QButtonGroup(self)
        self.supports = QRadioButton(self.tr("supports it"), self)
        self.contradicts = QRadioButton(self.tr("contradicts it"), self)
        self.stance_group.addButton(self.supports)
        self.stance_group.addButton(self.contradicts)
        self.contradicts.setChecked(True)
        stance_row = QHBoxLayout()
        stance_row.addWidget(QLabel(self.tr("This claim"), self))
        stance_row.addWidget(self.supports)
        stance_row.addWidget(self.contradicts)
        stance_row.addStretch(1)

        self.rationale = QPlainTextEdit(self)
        self.rationale.setPlaceholderText(self.tr("Why (optional)"))
        self.rationale.setMaximumHeight(70)
        self.rationale.setTabChangesFocus(True)
        self.error = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Relate"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addLayout(stance_row)
        layout.addWidget(self.claims, 1)
        layout.addWidget(self.rationale)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(500, 440)
        self._update_ok()

    def select_claim(self, claim_id: int) -> None:
        """Make ``claim_id`` the other claim."""
        for row in range(self.claims.count()):
            if self.claims.item(row).data(Qt.ItemDataRole.UserRole) == claim_id:
                self.claims.setCurrentRow(row)

    def other_claim_id(self) -> int | None:
        """The chosen other claim."""
        item = self.claims.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.other_claim_id() is not None)

    def accept(self) -> None:
        """Create the link (undoable); stay open with the reason when refused."""
        other = self.other_claim_id()
        if other is None:
            return
        stance = "supports" if self.supports.isChecked() else "contradicts"
        command = CreateLink(from_ref=Ref("claim", self.claim_id), to_ref=Ref("claim", other),
                             stance=stance, note=self.rationale.toPlainText().strip())
        wrapper = push_command(self.ctx, command)
        if wrapper.error is not None:
            show_error(self.error, str(wrapper.error))
            return
        super().accept()
