"""Table model of claims for the Claims panel: label, statement, actor, status, dates,
evidence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from desktop.core.queries.investigation import ClaimInfo
from desktop.qt.theme import text_color
from desktop.qt.time_text import edtf_label

STATUSES = ("unverified", "corroborated", "disputed", "refuted")


def status_color(status: str) -> QColor | None:
    """The colour a claim status is written in, readable in the light and dark palettes."""
    return text_color(status) if status in STATUSES else None


def status_title(status: str) -> str:
    """The translated name of a claim status."""
    titles = {
        "unverified": QCoreApplication.translate("Claims", "Unverified"),
        "corroborated": QCoreApplication.translate("Claims", "Corroborated"),
        "disputed": QCoreApplication.translate("Claims", "Disputed"),
        "refuted": QCoreApplication.translate("Claims", "Refuted"),
    }
    return titles.get(status, status)


class ClaimsTableModel(QAbstractTableModel):
    """Rows of ``ClaimInfo`` DTOs; ``claim_id(row)`` maps back to the claim."""

    COLUMNS = ("label", "statement", "actor", "status", "claimed_on", "about_when", "evidence")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._claims: list[ClaimInfo] = []

    def set_claims(self, claims: Sequence[ClaimInfo]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._claims = list(claims)
        self.endResetModel()

    def claim(self, row: int) -> ClaimInfo:
        """The DTO shown in ``row``."""
        return self._claims[row]

    def row_of(self, claim_id: int) -> int:
        """The row of a claim, or -1."""
        return next((i for i, c in enumerate(self._claims) if c.id == claim_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._claims)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            self.tr("Label"), self.tr("Statement"), self.tr("Actor"), self.tr("Status"),
            self.tr("Made on"), self.tr("About"), self.tr("Evidence"),
        )
        return titles[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        claim = self._claims[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "label":
                return claim.label
            if column == "statement":
                return " ".join(claim.statement.split())
            if column == "actor":
                return claim.actor_name or "—"
            if column == "status":
                return status_title(claim.status)
            if column == "claimed_on":
                return claim.claimed_on.isoformat() if claim.claimed_on else ""
            if column == "about_when":
                return edtf_label(claim.about_when)
            return self.tr("+{s} −{c} ·{x}").format(
                s=claim.supporting, c=claim.contradicting, x=claim.context
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "evidence":
                return self.tr("{s} supporting, {c} contradicting, {x} context").format(
                    s=claim.supporting, c=claim.contradicting, x=claim.context
                )
            if column == "about_when" and claim.about_when:
                return self.tr("{words} (EDTF {raw})").format(
                    words=edtf_label(claim.about_when), raw=claim.about_when)
            return claim.statement
        if role == Qt.ItemDataRole.ForegroundRole and column == "status":
            return status_color(claim.status)
        if role == Qt.ItemDataRole.UserRole:
            return claim.id
        return None
