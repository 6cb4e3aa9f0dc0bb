"""The Sources panel: publications, their captured text, and what the scanner finds in it.

A source's text can be pasted or typed, or read from an attached file (the file itself is
stored in the case with its SHA-256; the text of a PDF, web page or text file is derived
from it and shown read-only, with its pages; an image's is read by OCR on request, in the
background, for review). Findings are highlighted and listed with their place: a coordinate
becomes a claimed location in one click, a marking opens "Link to claim" for the
annotations that read it, each with its citation. Every change is an undoable command.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QResizeEvent, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.changes import Changes
from desktop.core.commands import CompositeCommand
from desktop.core.markings import Catalog
from desktop.core.ocr import ocr_installed
from desktop.core.ops.investigation_commands import (
    AttachSourceFile,
    CreateSource,
    DeleteSource,
    EditSource,
)
from desktop.core.queries.investigation import SourceInfo
from desktop.core.queries.panel_reads import SourcesRead, sources_read
from desktop.core.scan import FoundCoordinate, FoundMarking, ScanResult, scan_text
from desktop.core.screenshot_text import ImageText, is_image
from desktop.core.source_text import SourceText
from desktop.qt.context import AppContext
from desktop.qt.forms import (
    CommitLineEdit,
    CommitTextEdit,
    ShownVersion,
    error_label,
    is_wide,
    keep_refused,
    show_error,
    show_notice,
)
from desktop.qt.panels.case_panel import CasePanel
from desktop.qt.panels.opened_read import OpenedRead
from desktop.qt.panels.source_actions import FindingActions
from desktop.qt.panels.source_drop import add_sources_from_files
from desktop.qt.panels.source_findings import (
    FindingsHighlighter,
    attached_html_fields,
    fill_findings,
    finding_of,
    region_preview,
    spans_of,
)
from desktop.qt.panels.source_texts import SourceTexts
from desktop.qt.undo import push_command


def _has_text(source: SourceInfo | None) -> bool:
    return source is not None and source.text_length > 0

TEXT_SUFFIXES = {".txt", ".md", ".text", ".csv", ".json"}  # copied into the captured text
MAX_TEXT_FILE = 5 * 1024 * 1024


class SourcesPanel(CasePanel, FindingActions):
    """List of sources, an editor, the captured text with scanner highlights."""

    watched_kinds = ("source", "location", "claim", "catalog_entry")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._sources: list[SourceInfo] = []
        self._current: int | None = None
        self._shown = ShownVersion()
        self.scan = ScanResult((), ())
        self._scan_cache: tuple[str, ScanResult] | None = None
        self.texts = SourceTexts(ctx, self)  # files' texts, read in the background
        self.texts.ready.connect(self._on_text_ready)
        self._file_by_default = False  # show the file's text once read (no captured text)
        self._showing_file = False
        self.opened = OpenedRead(ctx, self, lambda case: case.read(sources_read, None),
                                 self._show)
        self._build()
        self.setAcceptDrops(True)  # files dropped here become sources (source_drop.py)
        self.refresh()
        ctx.bus.source_selected.connect(self.select_source)

    # -- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        self.new_button = QPushButton(self.tr("New source"), self)
        self.new_button.clicked.connect(self.new_source)
        self.delete_button = QPushButton(self.tr("Delete source"), self)
        self.delete_button.setToolTip(self.tr("Its claims stay, without a source (undoable)"))
        self.delete_button.clicked.connect(self.delete_source)
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.delete_button)
        top.addStretch(1)

        self.list = QListWidget(self)
        self.list.setObjectName("sourceList")
        self.list.currentItemChanged.connect(self._on_current_changed)

        editor = QWidget(self)
        form = QFormLayout(editor)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.label_text = QLabel(editor)
        self.label_text.setObjectName("sourceLabel")
        self.label_text.setToolTip(self.tr("The source's label: the same in exports and the "
                                           "audit log; it never changes"))
        form.addRow(self.tr("Label"), self.label_text)
        self.fields: dict[str, CommitLineEdit] = {}
        for key, label, hint in (
            ("title", self.tr("Title"), ""),
            ("publisher", self.tr("Publisher"), ""),
            ("url", self.tr("URL"), "https://…"),
            ("language", self.tr("Language"), self.tr("fr, ru, hy, az …")),
            ("published_on", self.tr("Published"), self.tr("YYYY-MM-DD")),
            ("retrieved_on", self.tr("Retrieved"), self.tr("YYYY-MM-DD")),
        ):
            edit = CommitLineEdit(editor)
            edit.setObjectName(key)
            edit.setPlaceholderText(hint)
            edit.committed.connect(lambda text, k=key: self._edit_field(k, text))
            self.fields[key] = edit
            form.addRow(label, edit)
        self.file_label = QLabel(editor)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_label.setWordWrap(True)
        form.addRow(self.tr("File"), self.file_label)
        self.error = error_label(editor)
        form.addRow(self.error)

        self.paste_button = QPushButton(self.tr("Paste text"), self)
        self.paste_button.setToolTip(self.tr("Replace the captured text with the clipboard's"))
        self.paste_button.clicked.connect(self.paste_text)
        self.attach_button = QPushButton(self.tr("Attach file…"), self)
        self.attach_button.setToolTip(
            self.tr("Store a copy of the article, statement or report in the case")
        )
        self.attach_button.clicked.connect(self.attach_file)
        self.text_choice = QComboBox(self)
        self.text_choice.setObjectName("textChoice")
        self.text_choice.addItem(self.tr("Captured text"), "captured")
        self.text_choice.addItem(self.tr("Text of the attached file"), "file")
        self.text_choice.setToolTip(self.tr("The text pasted or typed here, or the text read "
                                            "from the attached file (read-only)"))
        self.text_choice.activated.connect(self._on_text_choice)
        self.keep_ocr_button = QPushButton(self.tr("Keep as captured text"), self)
        self.keep_ocr_button.setToolTip(self.tr(
            "After checking it against the image, keep the text read by OCR as the source's "
            "captured text (you can correct it there)"))
        self.keep_ocr_button.clicked.connect(self.keep_ocr_text)
        text_buttons = QHBoxLayout()
        text_buttons.addWidget(self.text_choice)
        text_buttons.addWidget(self.keep_ocr_button)
        text_buttons.addStretch(1)
        text_buttons.addWidget(self.paste_button)
        text_buttons.addWidget(self.attach_button)

        self.text = CommitTextEdit(self)
        self.text.setObjectName("sourceText")
        self.text.setTabChangesFocus(False)
        self.text.setPlaceholderText(
            self.tr("Paste the article or statement here; coordinates and markings it "
                    "contains are found and highlighted.")
        )
        self.text.committed.connect(lambda text: self._edit("text", text))
        self.highlighter = FindingsHighlighter(self.text.document())

        self.findings = QListWidget(self)
        self.findings.setObjectName("findings")
        self.findings.currentItemChanged.connect(self._on_finding_changed)
        self.findings.itemDoubleClicked.connect(lambda _item: self.act_on_finding())
        self.location_name = QLineEdit(self)
        self.location_name.setObjectName("findingLocationName")
        self.location_name.setPlaceholderText(self.tr("Name of the location"))
        self.location_name.setToolTip(
            self.tr("Proposed from the words around the coordinate; edit it before "
                    "creating the location"))
        self.create_location_button = QPushButton(self.tr("Create location"), self)
        self.create_location_button.clicked.connect(self.create_location_from_finding)
        self.create_all_button = QPushButton(self.tr("Create all locations"), self)
        self.create_all_button.clicked.connect(self.create_all_locations)
        self.link_marking_button = QPushButton(self.tr("Link marking…"), self)
        self.link_marking_button.setToolTip(
            self.tr("Link the annotations that read this marking to a claim")
        )
        self.link_marking_button.clicked.connect(self.link_marking)
        self.finding_info = QLabel(self)
        self.finding_info.setWordWrap(True)
        self.region_view = QLabel(self)
        self.region_view.setObjectName("regionView")
        self.region_view.setToolTip(self.tr("Where the selected finding is in the image"))
        self.region_view.hide()
        finding_buttons = QHBoxLayout()
        finding_buttons.addWidget(self.create_location_button)
        finding_buttons.addWidget(self.create_all_button)
        finding_buttons.addWidget(self.link_marking_button)
        finding_buttons.addStretch(1)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(editor)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(text_buttons)
        right_layout.addWidget(self.text, 3)
        right_layout.addWidget(QLabel(self.tr("Found in the text"), self))
        right_layout.addWidget(self.findings, 1)
        right_layout.addWidget(self.location_name)
        right_layout.addLayout(finding_buttons)
        right_layout.addWidget(self.finding_info)
        right_layout.addWidget(self.region_view)
        self._detail_parts = (editor, right)

        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        self.list.setMinimumHeight(60)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.ctx.case is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if add_sources_from_files(self, paths):
            event.acceptProposedAction()

    def show_source(self, source_id: int | None) -> None:
        """Make ``source_id`` the current source, showing its file's text if it has no other."""
        self._current = source_id
        self.refresh()
        self._on_current_changed(self.list.currentItem(), None)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        orientation = Qt.Orientation.Horizontal if is_wide(self) else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)

    # -- reading -------------------------------------------------------------------------

    def _on_case_changed(self, case: object) -> None:
        # A case just opened is read in a worker, as the claims are; nothing of the case
        # before stays on screen meanwhile.
        opened = self.ctx.case
        if opened is None:
            self.refresh()
            return
        self._current = None
        self.opened.start(opened)
        self._show(None)

    def refresh(self) -> None:
        """Re-read sources and the current source's text (at once: after an edit), then
        scan it."""
        self.opened.drop()
        case = self.ctx.case
        self._show(None if case is None else case.read(sources_read, self._current))

    def _show(self, read: SourcesRead | None) -> None:
        self._sources = []
        text = ""
        known: list[tuple[float, float]] = []
        self.scan = ScanResult((), ())
        case = self.ctx.case
        if read is not None:
            self._sources, self._current, known = read.sources, read.current, read.known
            if read.current is not None and read.catalog is not None:
                text = self._shown_text(read.text)
                self.scan = self._scanned(text, read.catalog)
        else:
            self._current = None
        with QSignalBlocker(self.list):
            self.list.clear()
            for source in self._sources:
                details = [p for p in (source.publisher, source.language,
                                       source.published_on.isoformat()
                                       if source.published_on else "") if p]
                label = f"{source.label}  {source.title}" + (
                    f"\n{' · '.join(details)}" if details else "")
                item = QListWidgetItem(label, self.list)
                item.setData(Qt.ItemDataRole.UserRole, source.id)
                if source.id == self._current:
                    self.list.setCurrentItem(item)
        self._load(text)
        fill_findings(self.findings, self.scan, known)
        self.highlighter.set_spans(spans_of(self.scan))
        self.new_button.setEnabled(case is not None)
        self._on_finding_changed()

    def _shown_text(self, captured: str) -> str:
        """The captured text, or the attached file's when that is chosen (read-only)."""
        source = self.current_source()
        file_text = self._current_file_text()
        image = source is not None and is_image(source.file_ext)
        has_file_text = isinstance(file_text, SourceText | ImageText)
        self.text_choice.setItemText(1, self.tr("Text read from the image (OCR)") if image
                                     else self.tr("Text of the attached file"))
        self.text_choice.setVisible(has_file_text or (image and ocr_installed()))
        if not has_file_text:
            self._showing_file = False
        self.keep_ocr_button.setVisible(self._showing_file and isinstance(file_text, ImageText))
        self.text_choice.setCurrentIndex(1 if self._showing_file else 0)
        self.text.setReadOnly(self._showing_file)
        self.paste_button.setEnabled(not self._showing_file)
        if self._showing_file and isinstance(file_text, SourceText | ImageText):
            return file_text.text
        return captured

    def _current_file_text(self) -> SourceText | ImageText | str | None:
        """The current source's file text, a sentence saying why there is none, or None
        (being read; an image not read yet). A PDF or web page starts being read here."""
        source = self.current_source()
        if self.ctx.case is None or source is None:
            return None
        return self.texts.get(source)

    @property
    def reading(self) -> bool:
        """Whether the current source's file is being read (the tests wait for it)."""
        source = self.current_source()
        return source is not None and source.file_sha256 in self.texts.reading

    def _on_text_choice(self, index: int) -> None:
        self._showing_file = self.text_choice.itemData(index) == "file"
        source = self.current_source()
        if (self._showing_file and source is not None and is_image(source.file_ext)
                and self._current_file_text() is None):
            # OCR takes a few seconds (longer the first time): in the background.
            self._showing_file, self._file_by_default = False, True
            self.text_choice.setCurrentIndex(0)
            self.text_choice.setEnabled(False)
            self.finding_info.setText(self.tr("Reading the text in the image (OCR)…"))
            self.texts.read_image(source)
            return
        self.text.load("")
        self.refresh()

    def _on_text_ready(self, sha: str, text: object) -> None:
        source = self.current_source()
        if source is None or source.file_sha256 != sha:
            return  # another source is shown now; this text waits in the cache
        self.text_choice.setEnabled(True)
        self.finding_info.setText("")
        if isinstance(text, str) and is_image(source.file_ext):
            show_error(self.error, text)
        if self._file_by_default and isinstance(text, SourceText | ImageText):
            self._showing_file = True
        self._file_by_default = False
        self.text.load("")
        self.refresh()

    def keep_ocr_text(self) -> None:
        """Keep the reviewed OCR text as the source's captured text (one undo step)."""
        ocr = self._current_file_text()
        if isinstance(ocr, ImageText) and self._edit("text", ocr.text):
            self._showing_file = False
            self.text.load("")
            self.refresh()

    def _region(self, found: FoundCoordinate | FoundMarking) -> tuple[int, int, int, int] | None:
        """Where a finding of the OCR text is in the image (None for other texts)."""
        ocr = self._current_file_text() if self._showing_file else None
        return ocr.region_of(found.start, found.end) if isinstance(ocr, ImageText) else None

    def _scanned(self, text: str, catalog: Catalog) -> ScanResult:
        """Scan ``text``; the last result is reused while the text and catalog are unchanged
        (a long article takes a noticeable fraction of a second to scan)."""
        if self._scan_cache is not None and self._scan_cache[0] == text:
            return self._scan_cache[1]
        result = scan_text(text, catalog)
        self._scan_cache = (text, result)
        return result

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("catalog_entry"):
            self._scan_cache = None
        super()._on_changes(changes)

    def select_source(self, source_id: int) -> None:
        """Show the source ``source_id`` (chosen elsewhere, e.g. in the search box)."""
        if source_id != self._current:
            self._current = source_id
            self.text.load("")  # force the new source's text to be shown
            self.refresh()

    def current_source(self) -> SourceInfo | None:
        """The source shown in the editor."""
        return next((s for s in self._sources if s.id == self._current), None)

    def _load(self, text: str) -> None:
        source = self.current_source()
        for part in self._detail_parts:
            part.setEnabled(source is not None)
        self.delete_button.setEnabled(source is not None)
        self.label_text.setText(source.label if source else "")
        for key, edit in self.fields.items():
            value = getattr(source, key) if source else ""
            edit.load(value.isoformat() if hasattr(value, "isoformat") else (value or ""))
        if source is not None and source.file_name:
            problem = self._current_file_text()  # a sentence when its text cannot be read
            if source.file_sha256 in self.texts.reading:
                problem = self.tr("Reading its text…")
            self.file_label.setText(self.tr("{name} (stored in the case)").format(
                name=source.file_name) + (f"\n{problem}" if isinstance(problem, str) else ""))
        else:
            self.file_label.setText(self.tr("none"))
        if self.text.toPlainText() != text:
            self.text.load(text)
        typing = self.text.pending or any(edit.pending for edit in self.fields.values())
        self._shown.shown(source.id if source else None, source.version if source else None,
                          typing=typing, values=source)
        show_error(self.error, "")

    def _on_current_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        self._current = None if item is None else int(item.data(Qt.ItemDataRole.UserRole))
        source = self.current_source()
        # A source with a readable file and no captured text opens on the file's text.
        self._file_by_default = source is not None and source.text_length == 0
        self._showing_file = self._file_by_default and isinstance(
            self._current_file_text(), SourceText)
        self.text.load("")  # force the new source's text to be shown
        self.refresh()

    # -- editing -------------------------------------------------------------------------

    def _edit(self, field: str, value: object) -> bool:
        source = self.current_source()
        if source is None:
            return False
        wrapper = push_command(self.ctx, EditSource(
            source.id, {field: value}, **self._shown.edit(source.id, [field])))
        if wrapper.error is not None:
            self.refresh()
            show_error(self.error, str(wrapper.error))
            keep_refused(wrapper.error, {**self.fields, "text": self.text}.get(field),
                         value if isinstance(value, str) else "")
            return False
        if wrapper.notice:
            show_notice(self.error, wrapper.notice)
        return True

    def _edit_field(self, field: str, text: str) -> None:
        if field.endswith("_on"):  # a date: empty means none
            self._edit(field, text.strip() or None)
        else:
            self._edit(field, text)

    def new_source(self) -> None:
        """Add a source called "New source" and put the cursor in its title."""
        # retrieved today (UTC): a source is usually added as it is found; editable
        command = CreateSource(title=self.tr("New source"),
                               retrieved_on=datetime.now(UTC).date().isoformat())
        wrapper = push_command(self.ctx, command)
        if wrapper.error is None and command.created_id is not None:
            self._current = command.created_id
            self.refresh()
            self.fields["title"].setFocus()
            self.fields["title"].selectAll()

    def delete_source(self) -> None:
        """Delete the current source (undoable; its claims stay)."""
        source = self.current_source()
        if source is not None:
            wrapper = push_command(self.ctx, DeleteSource(
                source.id, expected_version=self._shown.expected(source.id)))
            if wrapper.error is not None:  # changed by someone else meanwhile
                self.refresh()
                show_error(self.error, str(wrapper.error))

    def paste_text(self) -> None:
        """Replace the captured text with the clipboard's text (one undo step)."""
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            show_error(self.error, self.tr("the clipboard holds no text"))
            return
        self._edit("text", text)

    def attach_file(self) -> None:
        """Store a file in the case for this source; a text file also fills the text."""
        source = self.current_source()
        if source is None:
            return
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Attach a file to the source"), "",
            self.tr("Documents (*.txt *.md *.html *.htm *.pdf *.png *.jpg);;All files (*)"),
        )
        if not name:
            return
        path = Path(name)
        commands: list = [AttachSourceFile(source.id, path)]
        page_fields = attached_html_fields(path, source)
        if page_fields:  # a saved web page says where and when it was published
            commands.append(EditSource(source.id, page_fields))
        if path.suffix.lower() in TEXT_SUFFIXES and not _has_text(self.current_source()):
            try:
                if path.stat().st_size <= MAX_TEXT_FILE:
                    text = path.read_text(encoding="utf-8")
                    commands.append(EditSource(source.id, {"text": text}))
            except (OSError, UnicodeDecodeError):
                pass  # stored as a file only; the text stays empty
        command = commands[0] if len(commands) == 1 else CompositeCommand(
            self.tr("Attach file to source"), commands)
        wrapper = push_command(self.ctx, command)
        if wrapper.error is not None:
            show_error(self.error, str(wrapper.error))
            return
        self._file_by_default = not _has_text(self.current_source())
        self._showing_file = self._file_by_default and isinstance(
            self._current_file_text(), SourceText)
        self.text.load("")
        self.refresh()

    # -- findings ------------------------------------------------------------------------

    def _on_finding_changed(self, *_args: object) -> None:
        found = finding_of(self.findings.currentItem())
        is_coordinate = isinstance(found, FoundCoordinate)
        self.create_location_button.setEnabled(is_coordinate)
        self.location_name.setEnabled(is_coordinate)
        self.location_name.setText(self._proposed_name(found)
                                   if isinstance(found, FoundCoordinate) else "")
        self.create_all_button.setEnabled(bool(self.scan.coordinates))
        self.link_marking_button.setEnabled(isinstance(found, FoundMarking))
        self.finding_info.setText("")
        region = self._region(found) if found is not None else None
        source = self.current_source()
        if region is not None and source is not None and self.ctx.case is not None:
            self.region_view.setPixmap(region_preview(self.ctx.case, source, region))
            self.finding_info.setText(self.tr("In the image at ({x}, {y}), {w}×{h} px:").format(
                x=region[0], y=region[1], w=region[2], h=region[3]))
        self.region_view.setVisible(region is not None)
        if found is not None:
            cursor = self.text.textCursor()
            cursor.setPosition(found.start)
            cursor.setPosition(found.end, QTextCursor.MoveMode.KeepAnchor)
            self.text.setTextCursor(cursor)
            self.text.ensureCursorVisible()
