"""The investigator's name, asked once at the first start and kept in the settings.

The name goes into every audit event, on the dossier's cover and into its PDF metadata
(Author), and into a bag's contact. Without it the audit log records the operating-system
account, which the dossier never prints as an author.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.settings import explicit_investigator, printable_name, save_settings


class InvestigatorDialog(QDialog):
    """One line for the name; OK saves it, Later asks again at the next start."""

    named = Signal(str)
    """The name saved (emitted by OK)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Your name"))
        self.setMinimumWidth(440)
        intro = QLabel(self.tr(
            "Fragment records who makes each change in the case's audit log and names the "
            "investigator on exported dossiers and bags. What name should it use?"), self)
        intro.setWordWrap(True)
        self.name = QLineEdit(explicit_investigator() or "", self)
        self.name.setPlaceholderText(self.tr("e.g. Ana Lyst, Conflict Armament Research"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        later = self.buttons.addButton(self.tr("Later"), QDialogButtonBox.ButtonRole.RejectRole)
        later.setToolTip(self.tr("Exports say the name was not given until you set it"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.name)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(printable_name(self.name.text())))

    def accept(self) -> None:
        """Save the name (only a real one: not empty, not an account name like root)."""
        name = printable_name(self.name.text())
        if not name:
            return
        save_settings({"investigator": name})
        self.named.emit(name)
        super().accept()


def ask_investigator_once(parent: QWidget | None) -> InvestigatorDialog | None:
    """Open the dialog (window-modal, not blocking) when no name was ever given."""
    if printable_name(explicit_investigator()):
        return None
    dialog = InvestigatorDialog(parent)
    dialog.open()
    return dialog
