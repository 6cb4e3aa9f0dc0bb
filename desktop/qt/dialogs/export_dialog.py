"""File > Export…: the PDF dossier, GeoJSON, KML, CSV and a BagIt bag, several at once.

The dialog offers what ``fragment export`` offers (outputs, photos and claims for the
dossier, audit log mode, page size, language). The export runs in a worker with a progress
bar and Cancel; afterwards the dialog shows the dossier's SHA-256 and whether the audit log
recorded it. A failure shows the core's one-sentence message in the dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.changes import Changes, Ref
from desktop.core.queries.case import get_case_summary
from desktop.core.queries.dossier import DossierOptions
from desktop.core.queries.panel_reads import export_choices
from desktop.core.queries.redactions import WithheldSummary
from desktop.core.settings import explicit_investigator, printable_name, save_settings
from desktop.qt.context import AppContext
from desktop.qt.dialogs.export_job import (
    OUTPUT_KINDS,
    ExportOutcome,
    ExportRequest,
    OutputKind,
    run_export,
)
from desktop.qt.dialogs.export_options import CheckList, OutputRow, shorten
from desktop.qt.dialogs.export_settings import default_names, load_choices, save_choices
from desktop.qt.jobs import Job, JobRunner
from desktop.qt.theme import color_style


class ExportDialog(QDialog):
    """Choose outputs and options, export in the background, show the dossier's SHA-256."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 photo_ids: Sequence[int] | None = None) -> None:
        """``photo_ids``: only these photos checked at first (an export of a selection)."""
        super().__init__(parent)
        self.ctx = ctx
        self.jobs = JobRunner(ctx.pool, self)
        self.job: Job | None = None
        self.outcome: ExportOutcome | None = None
        self._close_when_done = False
        self._requested: list[OutputKind] = []
        self.setWindowTitle(self.tr("Export"))
        self._build()
        self._fill_lists()
        if photo_ids:
            self.photos.set_all(False)
            for photo_id in photo_ids:
                self.photos.set_checked(photo_id, True)
        self._restore_settings()

    # -- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        outputs = QGroupBox(self.tr("Outputs"), self)
        grid = QGridLayout(outputs)
        grid.setColumnStretch(1, 1)
        self.rows: dict[OutputKind, OutputRow] = {
            "pdf": OutputRow(grid, 0, self.tr("PDF dossier"), folder=False,
                             file_filter=self.tr("PDF (*.pdf)"),
                             tooltip=self.tr("The evidence dossier; its SHA-256 is recorded "
                                             "in the audit log")),
            "geojson": OutputRow(grid, 1, self.tr("GeoJSON"), folder=False,
                                 file_filter=self.tr("GeoJSON (*.geojson)"),
                                 tooltip=self.tr("Every location, for QGIS and web maps")),
            "kml": OutputRow(grid, 2, self.tr("KML"), folder=False,
                             file_filter=self.tr("KML (*.kml)"),
                             tooltip=self.tr("Every location, for Google Earth")),
            "csv": OutputRow(grid, 3, self.tr("CSV tables"), folder=True,
                             tooltip=self.tr("A folder with annotations.csv, claims.csv, "
                                             "links.csv and photos.csv")),
            "bag": OutputRow(grid, 4, self.tr("BagIt bag"), folder=True,
                             tooltip=self.tr("A new folder holding the whole case, validated, "
                                             "for archiving or handing over")),
        }
        self.contact = QLineEdit(explicit_investigator() or "", outputs)
        self.contact.setPlaceholderText(self.tr("Your name, as the bag's contact"))
        self.contact.setToolTip(self.tr("A bag names the investigator who made it in its "
                                        "bag-info.txt; your name is remembered"))
        contact_label = QLabel(self.tr("Your &name:"), outputs)
        contact_label.setBuddy(self.contact)
        grid.addWidget(contact_label, 5, 0)
        grid.addWidget(self.contact, 5, 1)
        layout.addWidget(outputs)

        dossier = QGroupBox(self.tr("Dossier contents (also the bag's dossier)"), self)
        dossier_layout = QVBoxLayout(dossier)
        lists = QHBoxLayout()
        self.photos = CheckList(self.tr("Photos"), dossier)
        self.claims = CheckList(self.tr("Claims"), dossier)
        lists.addWidget(self.photos, 2)
        lists.addWidget(self.claims, 3)
        dossier_layout.addLayout(lists, 1)
        form = QFormLayout()
        self.audit = QComboBox(dossier)
        self.audit.addItem(self.tr("The whole audit log"), "full")
        self.audit.addItem(self.tr("Head hash and the newest events only"), "head")
        self.page_size = QComboBox(dossier)
        self.page_size.addItem(self.tr("A4"), "A4")
        self.page_size.addItem(self.tr("US Letter"), "Letter")
        self.language = QComboBox(dossier)
        self.language.addItem(self.tr("English"), "en")
        self.language.addItem(self.tr("French"), "fr")
        form.addRow(self.tr("Audit log:"), self.audit)
        form.addRow(self.tr("Page size:"), self.page_size)
        form.addRow(self.tr("Language of the fixed texts:"), self.language)
        dossier_layout.addLayout(form)
        note = QLabel(self.tr("GeoJSON, KML and CSV always cover the whole case."), dossier)
        note.setEnabled(False)
        dossier_layout.addWidget(note)
        layout.addWidget(dossier, 1)

        # Said before the export, so nobody sends a file believing it holds what it does not.
        self.withheld = QLabel(self)
        self.withheld.setObjectName("withheld")
        self.withheld.setWordWrap(True)
        self.withheld.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.withheld.hide()
        layout.addWidget(self.withheld)

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = QProgressBar(self)
        self.bar.hide()
        layout.addWidget(self.status)
        layout.addWidget(self.bar)

        self.result_box = QWidget(self)
        result = QHBoxLayout(self.result_box)
        result.setContentsMargins(0, 0, 0, 0)
        self.sha_field = QLineEdit(self.result_box)
        self.sha_field.setReadOnly(True)
        self.sha_field.setMinimumWidth(520)
        self.copy_button = QPushButton(self.tr("Copy"), self.result_box)
        self.copy_button.clicked.connect(self.copy_sha256)
        sha_label = QLabel(self.tr("Dossier &SHA-256:"), self.result_box)
        sha_label.setBuddy(self.sha_field)
        result.addWidget(sha_label)
        result.addWidget(self.sha_field, 1)
        result.addWidget(self.copy_button)
        self.result_box.hide()
        layout.addWidget(self.result_box)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(self.tr("Export"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button = self.buttons.addButton(self.tr("Open folder"),
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.hide()
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.open_button.clicked.connect(self.open_folder)
        self.close_button.clicked.connect(self._close_clicked)
        layout.addWidget(self.buttons)
        self.resize(780, 640)

    def _fill_lists(self) -> None:
        case = self.ctx.case
        if case is None:
            self.export_button.setEnabled(False)
            self.status.setText(self.tr("Open a case to export it."))
            return
        photos, claims, withheld = case.read(export_choices)
        self.withheld.setText(self.withheld_text(withheld))
        self.withheld.setVisible(bool(withheld.annotations))
        # the stored labels: the dossier, the CLI and the audit log name them the same way
        self.photos.fill([(p.id, self.tr("{0}  {1}  (annotations: {2})").format(
                               p.label, p.file_name, p.annotation_count),
                           self.tr("SHA-256 {0}").format(p.sha256)) for p in photos])
        self.claims.fill([(c.id, self.tr("{0}  {1}").format(c.label, shorten(c.statement)),
                           c.statement) for c in claims])

    def withheld_text(self, summary: WithheldSummary) -> str:
        """What the exports leave out under redactions, in one or two sentences."""
        if not summary.annotations:
            return ""
        readings, notes = summary.readings, summary.notes
        parts = []
        if readings:
            parts.append(self.tr("1 reading") if readings == 1
                         else self.tr("{0} readings").format(readings))
        if notes:
            parts.append(self.tr("1 note") if notes == 1
                         else self.tr("{0} notes").format(notes))
        where = "; ".join(self.tr("{0} {1}").format(photo, ", ".join(labels))
                          for photo, labels in summary.by_photo())
        if parts:
            what = (self.tr("{0} and {1}").format(*parts) if len(parts) == 2 else parts[0])
            first = self.tr("{0} withheld under redactions ({1}).").format(what, where)
        else:
            first = self.tr("Crops withheld under redactions ({0}).").format(where)
        return " ".join([first, self.tr(
            "The dossier, GeoJSON, KML and CSV leave out what a redaction covers (readings, "
            "notes, catalog matches, crops) and a redaction's own notes; a bag keeps "
            "everything in its database and originals.")])

    # -- settings -------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        choices = load_choices()
        for combo, value in ((self.audit, choices.audit), (self.page_size, choices.page_size),
                             (self.language, choices.language)):
            index = combo.findData(value)
            if index >= 0:
                combo.setCurrentIndex(index)
        case = self.ctx.case
        if case is None:
            return
        base = choices.folder or case.root.parent
        names = default_names(case.root.stem)
        for kind, row in self.rows.items():
            row.path.setText(str(base / names[kind]))
            row.check.setChecked(kind in choices.outputs)

    # -- export ---------------------------------------------------------------------------

    def request(self) -> ExportRequest | None:
        """The export the dialog's fields describe, or None (with a message) if incomplete."""
        paths = {kind: row.chosen_path() for kind, row in self.rows.items()}
        for kind, row in self.rows.items():
            if row.check.isChecked() and paths[kind] is None:
                self._show_error(self.tr("Choose where to write the {0}.").format(
                    row.check.text()))
                return None
        if not any(paths.values()):
            self._show_error(self.tr("Choose at least one output."))
            return None
        for kind, path in paths.items():
            if path is not None and not path.is_absolute():
                self._show_error(self.tr("Give the full path of the {0}, or use Browse…").format(
                    self.rows[kind].check.text()))
                return None
        contact = printable_name(" ".join(self.contact.text().split()))  # never "root"
        if paths["bag"] is not None and not contact:
            self._show_error(self.tr("Give your name: a bag names the investigator who made "
                                     "it as its contact."))
            self.contact.setFocus()
            return None
        existing = [path for kind, path in paths.items()
                    if path is not None and kind in ("pdf", "geojson", "kml") and path.is_file()]
        if existing and not self._confirm_replace(existing):
            return None
        options = DossierOptions(
            photo_ids=self.photos.selected_ids(), claim_ids=self.claims.selected_ids(),
            audit=self.audit.currentData(), page_size=self.page_size.currentData(),
            language=self.language.currentData(),
        )
        if contact and contact != explicit_investigator():
            save_settings({"investigator": contact})
        return ExportRequest(options=options, contact=contact,
                             **{k: paths[k] for k in OUTPUT_KINDS})

    def _confirm_replace(self, paths: list[Path]) -> bool:
        names = "\n".join(str(path) for path in paths)
        answer = QMessageBox.question(
            self, self.tr("Replace files?"),
            self.tr("These files exist already and will be replaced:\n{0}").format(names),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer != QMessageBox.StandardButton.No

    def start_export(self) -> None:
        """Start the export in the thread pool (the dialog stays responsive)."""
        case = self.ctx.case
        if case is None or self.job is not None:
            return
        request = self.request()
        if request is None:
            return
        save_choices(request)
        self._requested = [kind for kind, _ in request.outputs()]
        self.outcome = None
        self.result_box.hide()
        self.open_button.hide()
        self._set_running(True)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Exporting…"))
        self.bar.setRange(0, 0)
        self.bar.show()
        self.job = Job(run_export, case, request)
        self.job.signals.progress.connect(self._progress)
        self.job.signals.result.connect(self._done)
        self.job.signals.error.connect(self._failed)
        self.job.signals.finished.connect(self._finished)
        self.jobs.start(self.job)

    def _set_running(self, running: bool) -> None:
        for row in self.rows.values():
            row.set_enabled(not running)
        for widget in (self.photos, self.claims, self.audit, self.page_size, self.language):
            widget.setEnabled(not running)
        self.export_button.setEnabled(not running)
        if running:
            self.close_button.setDefault(False)
            self.export_button.setDefault(True)
        self.close_button.setText(self.tr("Cancel") if running else self.tr("Close"))

    def _progress(self, done: int, total: int, kind: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        if self.job is not None and not self.job.control.cancelled():
            self.status.setText(self.tr("Writing the {0}…").format(self._label(kind)))

    def _label(self, kind: str) -> str:
        row = next((r for k, r in self.rows.items() if k == kind), None)
        return row.check.text() if row is not None else kind

    def _done(self, outcome: ExportOutcome) -> None:
        self.outcome = outcome
        written = [self._label(kind) for kind, _ in outcome.written]
        done = {kind for kind, _ in outcome.written} | {outcome.failed}
        skipped = [self._label(kind) for kind in self._requested if kind not in done]
        lines: list[str] = []
        if written:
            lines.append(self.tr("Written: {0}.").format(", ".join(written)))
        if outcome.dossier is not None:
            self.sha_field.setText(outcome.dossier.sha256)
            self.result_box.show()
            if outcome.dossier.recorded:
                lines.append(self.tr("The dossier's SHA-256 was recorded in the case's "
                                     "audit log."))
                self._announce_audit_event()
            else:
                lines.append(self.tr("The case is open read-only, so this SHA-256 was not "
                                     "recorded in its audit log; note it down."))
        if outcome.cancelled:
            lines.append(self.tr("Export cancelled: nothing more was written.") if written
                         else self.tr("Export cancelled: nothing was written."))
        elif outcome.error:
            failure = [self.tr("{0}: {1}.").format(self._label(outcome.failed or ""),
                                                   outcome.error.rstrip("."))]
            if skipped:
                failure.append(self.tr("Not attempted: {0}.").format(", ".join(skipped)))
            self._show_error(" ".join(failure), prefix=lines)
            lines = []
        if lines:
            self.status.setStyleSheet("")
            self.status.setText(" ".join(lines))
        if outcome.written:
            self.open_button.show()
        # Enter now closes instead of exporting the same files again
        self.export_button.setDefault(False)
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.ctx.bus.status_message.emit(self.status.text())

    def _announce_audit_event(self) -> None:
        """The case's audit log gained an event: tell the views once, like any change."""
        case = self.ctx.case
        if case is None:
            return
        summary = case.read(get_case_summary)
        if summary is not None:
            self.ctx.bus.changes_applied.emit(Changes.of(updated=[Ref("case", summary.id)]))

    def _failed(self, message: str, _details: str) -> None:
        self.outcome = ExportOutcome(error=message)
        self._show_error(self.tr("The export failed: {0}").format(message))

    def _finished(self) -> None:
        self.job = None
        self.bar.hide()
        self._set_running(False)
        self.close_button.setEnabled(True)
        if self._close_when_done:
            super().reject()

    def _show_error(self, message: str, prefix: list[str] | None = None) -> None:
        self.status.setStyleSheet(color_style("error"))
        self.status.setText(" ".join([*(prefix or []), message]))

    # -- after the export -----------------------------------------------------------------

    def copy_sha256(self) -> None:
        """Put the dossier's SHA-256 on the clipboard."""
        QGuiApplication.clipboard().setText(self.sha_field.text())
        self.ctx.bus.status_message.emit(self.tr("SHA-256 copied."))

    def output_folder(self) -> Path | None:
        """The folder holding the first output written, or None."""
        if self.outcome is None or not self.outcome.written:
            return None
        return self.outcome.written[0][1].parent

    def open_folder(self) -> None:
        """Show the folder of the written files in the system's file manager."""
        folder = self.output_folder()
        if folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def cancel_export(self) -> None:
        """Ask the running export to stop; whatever it was writing is not left behind."""
        if self.job is None:
            return
        self.job.cancel()
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Cancelling…"))
        self.close_button.setEnabled(False)

    def _close_clicked(self) -> None:
        # the button says Cancel while exporting: it stops the export and keeps the dialog
        if self.job is not None:
            self.cancel_export()
        else:
            self.reject()

    def reject(self) -> None:
        """Escape or the window's close button: cancel a running export, then close."""
        if self.job is not None:
            self._close_when_done = True
            self.cancel_export()
            return
        super().reject()
