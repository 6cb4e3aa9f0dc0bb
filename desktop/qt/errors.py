"""Show errors in the window, and never lose an unexpected exception.

``show_error`` displays one clear sentence for expected failures (``FragmentError``).
``install_exception_hook`` routes unexpected exceptions to a log file in the user's log
directory and to a dialog with the details and a "Copy details" button, instead of a crash.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.failures import describe_failure, write_log

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def show_error(parent: QWidget | None, message: str, title: str = "") -> None:
    """A message box with one sentence (the expected-failure path)."""
    QMessageBox.warning(parent, title or _tr("Fragment"), message)


def write_crash_log(details: str) -> Path | None:
    """Append ``details`` to ``fragment.log`` in the log directory; returns its path."""
    return write_log(details)


class ErrorDetailsDialog(QDialog):
    """An unexpected error: what happened, where it was logged, and a "Copy details" button."""

    def __init__(self, summary: str, details: str, log_path: Path | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Unexpected error"))
        self.details = details
        layout = QVBoxLayout(self)
        text = _tr("Something went wrong: {0}. Your edits up to now are saved.").format(summary)
        if log_path is not None:
            text += " " + _tr("Details were written to {0}.").format(str(log_path))
        label = QLabel(text, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        box = QPlainTextEdit(details, self)
        box.setReadOnly(True)
        box.setMinimumSize(560, 220)
        layout.addWidget(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(_tr("Copy details"), self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        """Put the details on the clipboard."""
        QApplication.clipboard().setText(self.details)


def report_exception(exc_type: type[BaseException], exc: BaseException,
                     tb: TracebackType | None) -> ErrorDetailsDialog | None:
    """Log an unexpected exception and show it (returns the dialog, which is non-modal).

    A failure of the machine (disk full, database locked or damaged, server unreachable)
    is not a bug: the user gets its one sentence in a message box, the log the details.
    """
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("unexpected error\n%s", details)
    path = write_crash_log(details)
    if QApplication.instance() is None:
        return None
    sentence = describe_failure(exc)
    if sentence is not None:
        where = _tr(" Details were written to {0}.").format(str(path)) if path else ""
        show_error(QApplication.activeWindow(), sentence[0].upper() + sentence[1:] + "." + where)
        return None
    dialog = ErrorDetailsDialog(f"{exc_type.__name__}: {exc}", details, path,
                                QApplication.activeWindow())
    dialog.setModal(True)
    dialog.show()
    return dialog


_previous_hook = sys.excepthook


def install_exception_hook() -> None:
    """Replace ``sys.excepthook`` so that exceptions in slots are logged and shown."""

    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            _previous_hook(exc_type, exc, tb)
            return
        report_exception(exc_type, exc, tb)

    sys.excepthook = hook
