"""The inspector: the selected annotation's kind, transcription (with the marking and
catalog match shown live), confidence, notes, links, "Link to claim…" and "Suggest reading";
below it, the shown photo's tags (``photo_tags_editor``) and provenance
(``provenance_editor``).

Widget -> model in one line: each finished edit of one field is one ``EditAnnotation`` on
the undo stack. Model -> widget under signal blockers, re-read on every ``Changes`` notice
touching annotations, links or the catalog; a field the user is typing in is left alone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.models.enums import AnnotationKind, Confidence
from desktop.core.changes import Changes
from desktop.core.kind_guess import propose_kind
from desktop.core.markings import Catalog, display_marking
from desktop.core.ops.annotation_commands import EditAnnotation
from desktop.core.ops.investigation_commands import DeleteLink
from desktop.core.queries.investigation import (
    AnnotationInfo,
    LinkInfo,
)
from desktop.core.queries.measurement_panel import measurement_panel
from desktop.core.queries.panel_reads import annotation_with_links
from desktop.qt.canvas.items import kind_label
from desktop.qt.context import AppContext
from desktop.qt.forms import (
    ShownVersion,
    error_label,
    keep_refused,
    show_error,
    show_notice,
)
from desktop.qt.jobs import JobRunner
from desktop.qt.panels.measurement_box import MeasurementBox
from desktop.qt.panels.measurement_info import (
    measurement_view,
    reference_hint,
    reference_view,
)
from desktop.qt.panels.photo_tags_editor import PhotoTagsEditor
from desktop.qt.panels.provenance_editor import ProvenanceEditor
from desktop.qt.panels.reading_suggestions import ReadingSuggester
from desktop.qt.undo import push_command


def confidence_label(value: str) -> str:
    """Translated name of a confidence level."""
    from PySide6.QtCore import QCoreApplication

    return {
        "confirmed": QCoreApplication.translate("Confidence", "confirmed"),
        "probable": QCoreApplication.translate("Confidence", "probable"),
        "possible": QCoreApplication.translate("Confidence", "possible"),
    }.get(value, value)


def describe_matches(catalog: Catalog | None, text: str, tr: Any) -> tuple[str, str]:
    """(normalised marking line, catalog match line) for a transcription."""
    if not text.strip():
        return "", ""
    marking = display_marking(text)
    if catalog is None:
        return marking, ""
    matches = catalog.match(text)
    if not matches:
        return marking, tr("No catalog match.")
    lines = []
    for m in matches[:3]:
        prefix = "" if m.exact else tr("(prefix) ")
        lines.append(f"{prefix}{m.code} — {m.system}" + (f" ({m.origin})" if m.origin else ""))
    return marking, "\n".join(lines)


class InspectorPanel(QWidget):
    """Properties of the selected annotation."""

    def __init__(self, ctx: AppContext, jobs: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.jobs = jobs
        self.annotation: AnnotationInfo | None = None
        self.links: list[LinkInfo] = []
        self._shown = ShownVersion()
        self._kind_chosen: set[int] = set()  # annotations whose kind the user set here
        self._catalog: Catalog | None = None
        self.link_dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)
        layout.addWidget(self.header)
        self.error = error_label(self)  # an edit refused, e.g. after someone else's change
        self.error.setObjectName("inspector.error")
        layout.addWidget(self.error)
        # Folded away while no annotation is selected, so the photo's provenance shows.
        self.annotation_body = QWidget(self)
        body = QVBoxLayout(self.annotation_body)
        body.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.annotation_body)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kind_box = QComboBox(self)
        for kind in AnnotationKind:
            self.kind_box.addItem(kind_label(kind.value), kind.value)
        form.addRow(self.tr("&Kind"), self.kind_box)
        self.transcription = QLineEdit(self)
        self.transcription.setPlaceholderText(self.tr("What is written (? for unreadable)"))
        self.transcription.setObjectName("inspector.transcription")
        form.addRow(self.tr("&Reading"), self.transcription)
        self.marking_label = QLabel(self)
        self.marking_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Marking"), self.marking_label)
        self.match_label = QLabel(self)
        self.match_label.setWordWrap(True)
        self.match_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Catalog"), self.match_label)
        self.confidence_box = QComboBox(self)
        for conf in Confidence:
            self.confidence_box.addItem(confidence_label(conf.value), conf.value)
        form.addRow(self.tr("&Confidence"), self.confidence_box)
        self.notes = QPlainTextEdit(self)
        self.notes.setPlaceholderText(self.tr("Notes"))
        self.notes.setMaximumHeight(90)
        self.notes.setTabChangesFocus(True)
        form.addRow(self.tr("&Notes"), self.notes)
        self.measurement = MeasurementBox(self, form)
        body.addLayout(form)
        self.form = form
        self.suggester = ReadingSuggester(ctx, jobs, self)
        body.addWidget(self.suggester)
        body.addWidget(QLabel(self.tr("Links to claims"), self))
        self.link_list = QListWidget(self)
        self.link_list.setMaximumHeight(110)
        self.link_list.setWordWrap(True)
        self.link_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.link_list.setAccessibleName(self.tr("Links to claims"))
        body.addWidget(self.link_list)
        buttons = QHBoxLayout()
        self.link_button = QPushButton(self.tr("Link to claim…"), self)
        self.unlink_button = QPushButton(self.tr("Remove link"), self)
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.unlink_button)
        body.addLayout(buttons)
        self.tags_editor = PhotoTagsEditor(ctx, self)
        layout.addWidget(self.tags_editor)
        self.provenance = ProvenanceEditor(ctx, self)
        layout.addWidget(self.provenance)
        layout.addStretch(1)
        self.editors: list[QWidget] = [self.kind_box, self.transcription, self.confidence_box,
                                       self.notes, self.link_button, self.unlink_button,
                                       self.link_list, self.suggester,
                                       self.measurement.feature_box]
        # widget -> model, one line each
        self.kind_box.activated.connect(lambda _i: self._choose_kind())
        self.confidence_box.activated.connect(
            lambda _i: self._commit("confidence", self.confidence_box.currentData()))
        self.transcription.editingFinished.connect(self._commit_transcription)
        self.transcription.textChanged.connect(self._show_matches)
        self.notes.installEventFilter(self)
        self.link_button.clicked.connect(self.link_to_claim)
        self.unlink_button.clicked.connect(self._remove_link)
        self.link_list.itemActivated.connect(self._open_link)
        self.suggester.chosen.connect(self._use_suggestion)
        self.measurement.feature_chosen.connect(self._use_suggestion)
        ctx.bus.annotation_selected.connect(self.show_annotation)
        ctx.bus.changes_applied.connect(self._on_changes)
        ctx.bus.case_changed.connect(self._case_changed)
        self.show_annotation(0)

    # -- reading ---------------------------------------------------------------------
    def _case_changed(self, _case: object) -> None:
        self._catalog = None
        self._kind_chosen.clear()
        self.annotation = None  # the previous case is closed: nothing left to save there
        self.show_annotation(0)

    def _read(self, annotation_id: int) -> None:
        self.annotation, self.links = None, []
        if not annotation_id or self.ctx.case is None:
            return
        self.annotation, self.links, catalog = self.ctx.case.read(
            annotation_with_links, annotation_id, self._catalog is None)
        if catalog is not None:
            self._catalog = catalog

    def show_annotation(self, annotation_id: int) -> None:
        """Show (and edit) this annotation; 0 shows the empty state."""
        show_error(self.error, "")
        self.commit_pending()  # a refusal stays shown: it is about what the user typed
        self._read(annotation_id)
        self._fill(force=True)

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("catalog_entry"):
            self._catalog = None
        if self.annotation is not None and changes.touches("annotation", "link", "claim",
                                                           "catalog_entry"):
            self._read(self.annotation.id)
            self._fill(force=False)

    def _fill(self, *, force: bool) -> None:
        a = self.annotation
        writable = self.ctx.case is not None and not self.ctx.case.readonly
        for w in self.editors:
            w.setEnabled(a is not None and writable)
        self.annotation_body.setVisible(a is not None)
        self.suggester.set_annotation(a)
        blockers = [QSignalBlocker(w) for w in (self.kind_box, self.confidence_box,
                                                self.transcription, self.notes)]
        if a is None:
            self.header.setText(self.tr("No annotation selected. Draw one with the rectangle "
                                        "(R), polygon (P) or point (O) tool, measure with "
                                        "the measure tool (M), or pick one in the list."))
            self.transcription.clear()
            self.notes.clear()
            self.link_list.clear()
            self.marking_label.clear()
            self.match_label.clear()
            self.measurement.show_reference_hint("")
            del blockers
            return
        self.header.setText(self.tr("Annotation {0} on {1} {2}").format(
            a.label, a.photo_label, a.photo_file_name))
        self.kind_box.setCurrentIndex(self.kind_box.findData(a.kind))
        self.confidence_box.setCurrentIndex(self.confidence_box.findData(a.confidence))
        typing = self.transcription.hasFocus() and self.transcription.isModified()
        if force or not typing:
            self.transcription.setText(a.transcription)
            self.transcription.setModified(False)
        if force or not self.notes.hasFocus():
            self.notes.setPlainText(a.notes)
            self.notes.verticalScrollBar().setValue(0)  # notes read from their first line
        del blockers
        # A field left as the user is typing it keeps the version their typing started from.
        self._shown.shown(a.id, a.version,
                          typing=not force and (typing or self.notes.hasFocus()), values=a)
        self._show_matches(self.transcription.text())
        self._show_measurement(a)
        self.link_list.clear()
        for link in self.links:
            stance = link.stance or link.relation or ""
            item = QListWidgetItem(f"{stance}: {link.to_label}")
            item.setData(Qt.ItemDataRole.UserRole, link.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, link.to_ref)
            item.setData(Qt.ItemDataRole.UserRole + 2, link.version)
            item.setToolTip(link.note or link.to_label)
            self.link_list.addItem(item)
        self.unlink_button.setEnabled(writable and bool(self.links))

    def _show_measurement(self, a: AnnotationInfo) -> None:
        """Value and comparison of a measurement; what to type for a scale reference."""
        measuring = a.kind == "measurement"
        marking = a.kind not in ("measurement", "scale_reference")  # a reading, not a size
        self.form.setRowVisible(self.marking_label, marking)
        self.form.setRowVisible(self.match_label, marking)
        panel = None
        if measuring or a.kind == "scale_reference":
            assert self.ctx.case is not None
            panel = self.ctx.case.read(measurement_panel, a.id)
        view = measurement_view(panel) if panel is not None else None
        if view is not None:
            self.transcription.setPlaceholderText(self.tr("What was measured (body diameter)"))
            self.measurement.show_measurement(view, a.transcription)
        elif panel is not None:
            self.transcription.setPlaceholderText(
                self.tr("A4, 210 x 297 mm, 85.6 x 54 mm") if a.shape_type == "polygon"
                else self.tr("Its real size (10 cm, A4)"))
            given = reference_view(panel.reference)
            if given is not None:
                self.measurement.show_measurement(given, "", reference=True)
            else:
                self.measurement.show_reference_hint(reference_hint(panel.reference))
        else:
            self.transcription.setPlaceholderText(self.tr("What is written (? for unreadable)"))
            self.measurement.show_reference_hint("")

    def _show_matches(self, text: str) -> None:
        marking, matches = describe_matches(self._catalog, text, self.tr)
        self.marking_label.setText(marking)
        self.match_label.setText(matches)

    # -- writing ---------------------------------------------------------------------
    def _commit(self, field: str, value: Any, also: dict[str, Any] | None = None) -> None:
        """Save ``field`` (and the fields of ``also``) as one undoable, version-checked step."""
        a = self.annotation
        if a is None or self.ctx.case is None or getattr(a, field) == value:
            return
        after = {field: value, **(also or {})}
        wrapper = push_command(self.ctx, EditAnnotation(
            a.id, {key: getattr(a, key) for key in after}, after, number=a.label,
            **self._shown.edit(a.id, after)))
        if wrapper.error is not None and self.annotation is not None:
            # Show the current state (someone else's, after a conflict) and say why.
            self._read(self.annotation.id)
            self._fill(force=True)
            keep_refused(wrapper.error, {"transcription": self.transcription,
                                         "notes": self.notes}.get(field), value)
        show_error(self.error, "" if wrapper.error is None else str(wrapper.error))
        if wrapper.notice:
            show_notice(self.error, wrapper.notice)

    def _choose_kind(self) -> None:
        if self.annotation is not None:
            self._kind_chosen.add(self.annotation.id)  # never replaced by a proposal
        self._commit("kind", self.kind_box.currentData())

    def _commit_transcription(self) -> None:
        self.transcription.setModified(False)  # from now on, stored and shown agree
        self._commit_reading(self.transcription.text())

    def _commit_reading(self, text: str) -> None:
        """Save a reading; an annotation still of kind "other" whose kind the user has not
        chosen takes the kind the reading suggests (9M723: index code), in the same step."""
        a = self.annotation
        if a is None or self.ctx.case is None or a.transcription == text:
            return
        kind = propose_kind(text, self._catalog)
        if a.kind != "other" or a.id in self._kind_chosen or kind is None:
            self._commit("transcription", text)
            return
        self._commit("transcription", text, also={"kind": kind})

    def begin_reading(self) -> None:
        """Put the cursor in the Reading field (after a shape is drawn)."""
        if self.annotation is not None and self.transcription.isEnabled():
            self.transcription.setFocus(Qt.FocusReason.OtherFocusReason)
            self.transcription.selectAll()

    def commit_pending(self) -> None:
        """Save a reading, notes or provenance still being typed (before closing or
        switching)."""
        self.provenance.commit_pending()
        if self.annotation is None or self.ctx.case is None:
            return
        # Read both first: the first commit refreshes the panel from the database.
        reading = self.transcription.text() if self.transcription.isModified() else None
        notes = self.notes.toPlainText()
        self.transcription.setModified(False)
        if reading is not None:
            self._commit_reading(reading)
        if self.annotation is not None:
            self._commit("notes", notes)

    def _commit_notes(self) -> None:
        if self.annotation is not None:
            self._commit("notes", self.notes.toPlainText())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Notes are committed when the notes box loses focus."""
        if watched is self.notes and event.type() == QEvent.Type.FocusOut:
            self._commit_notes()
        return super().eventFilter(watched, event)

    def _use_suggestion(self, text: str) -> None:
        self.transcription.setText(text)
        self._commit_reading(text)

    def link_to_claim(self) -> None:
        """Open the link dialog for the selected annotation."""
        if self.annotation is None:
            return
        from desktop.qt.dialogs.link_claim_dialog import LinkClaimDialog

        self.link_dialog = LinkClaimDialog(self.ctx, self.annotation.id, self.window())
        self.link_dialog.open()

    def suggest_reading(self) -> None:
        """Run OCR on the selected annotation (when the extra is installed)."""
        self.suggester.run()

    def _remove_link(self) -> None:
        item = self.link_list.currentItem() or self.link_list.item(0)
        if item is not None:
            version = item.data(Qt.ItemDataRole.UserRole + 2)
            wrapper = push_command(self.ctx, DeleteLink(
                int(item.data(Qt.ItemDataRole.UserRole)), expected_version=version))
            if wrapper.error is not None and self.annotation is not None:
                self._read(self.annotation.id)  # refused: show the link as it is now
                self._fill(force=False)

    def _open_link(self, item: QListWidgetItem) -> None:
        ref = item.data(Qt.ItemDataRole.UserRole + 1)
        if ref is not None and ref[0] == "claim":
            self.ctx.bus.claim_selected.emit(int(ref[1]))
            self.ctx.bus.page_requested.emit("claims")
