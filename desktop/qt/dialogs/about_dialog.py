"""Help > About: the version, Fragment's licence, and the licence files shipped in builds.

Installer builds carry ``licenses/`` beside the application (``LICENSE.txt``,
``THIRD-PARTY-NOTICES.txt`` for the bundled libraries, fonts and data, and the CycloneDX
SBOM ``sbom.cdx.json``). A source checkout has only ``LICENSE``; the other buttons are
then disabled and say why.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.core.resources import resource_path


def licence_files() -> dict[str, Path | None]:
    """The licence, notices and SBOM files of this install (None: not shipped here)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        folder = Path(frozen) / "licenses"
        names = {"licence": "LICENSE.txt", "notices": "THIRD-PARTY-NOTICES.txt",
                 "sbom": "sbom.cdx.json"}
        return {key: (folder / name if (folder / name).is_file() else None)
                for key, name in names.items()}
    top = Path(__file__).resolve().parents[3]
    licence = top / "LICENSE"
    return {"licence": licence if licence.is_file() else None, "notices": None, "sbom": None}


class AboutDialog(QDialog):
    """Version, purpose, licence, and buttons that open the shipped licence files."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Fragment"))
        icon = QIcon(str(resource_path("icons", "fragment.svg")))
        logo = QLabel(self)
        logo.setPixmap(icon.pixmap(96, 96))
        text = QLabel(self.tr(
            "<h2>Fragment {0}</h2>"
            "<p>Annotate photographs of munition debris, tie markings to claims and "
            "coordinates, and export verifiable evidence dossiers.</p>"
            "<p>Fragment is free software: you can redistribute it and modify it under the "
            "terms of the GNU General Public License, version 3 or later. It comes with "
            "no warranty.</p>"
            "<p>Installer builds include Qt and other libraries under their own licences "
            "(Qt under the GNU LGPL version 3): see the third-party notices.</p>"
        ).format(__version__), self)
        text.setWordWrap(True)
        text.setMinimumWidth(420)
        top = QHBoxLayout()
        top.addWidget(logo)
        top.addWidget(text, 1)

        files = licence_files()
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        labels = {"licence": self.tr("Licence"), "notices": self.tr("Third-party notices"),
                  "sbom": self.tr("Software bill of materials")}
        for key, label in labels.items():
            button = QPushButton(label, self)
            path = files[key]
            button.setEnabled(path is not None)
            if path is None:
                button.setToolTip(self.tr("Included in installer builds only."))
            else:
                button.setToolTip(str(path))
                button.clicked.connect(lambda _=False, p=path: self.open_file(p))
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(row)
        layout.addWidget(close)

    def open_file(self, path: Path) -> bool:
        """Open ``path`` with the system's viewer for its type."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
