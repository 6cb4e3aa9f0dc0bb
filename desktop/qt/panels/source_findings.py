"""What the scanner finds in a source's text: highlighting and the findings list.

``scan_text`` returns spans into the text (coordinates and catalog markings). The
highlighter colours those spans block by block; the findings list shows one row per find
with what it reads as, and whether a coordinate is already a location of the case.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QPixmap,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from desktop.core.casefile import CaseFile
from desktop.core.errors import UserError
from desktop.core.geo import format_dms
from desktop.core.queries.investigation import SourceInfo
from desktop.core.scan import FoundCoordinate, FoundMarking, ScanResult
from desktop.core.screenshot_text import ImageText, image_text, is_image, open_image
from desktop.core.source_text import (
    HTML_EXTS,
    MAX_SOURCE_FILE,
    SourceText,
    extract_text,
    has_text,
    source_file_text,
)

COORDINATE_COLOR = QColor(120, 61, 184, 60)
MARKING_COLOR = QColor(255, 176, 0, 90)
ROLE_FINDING = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Span:
    """A highlighted range of the text."""

    start: int
    end: int
    kind: str  # "coordinate" | "marking"


def spans_of(result: ScanResult) -> list[Span]:
    """Every finding as a span, in text order."""
    spans = [Span(c.start, c.end, "coordinate") for c in result.coordinates]
    spans += [Span(m.start, m.end, "marking") for m in result.markings]
    return sorted(spans, key=lambda s: s.start)


class FindingsHighlighter(QSyntaxHighlighter):
    """Colours the scanner's spans (character offsets into the whole document)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._spans: list[Span] = []
        self._formats = {}
        for kind, color in (("coordinate", COORDINATE_COLOR), ("marking", MARKING_COLOR)):
            fmt = QTextCharFormat()
            fmt.setBackground(color)
            fmt.setFontUnderline(True)
            fmt.setUnderlineColor(QColor(color.red(), color.green(), color.blue()))
            self._formats[kind] = fmt

    def set_spans(self, spans: Sequence[Span]) -> None:
        """Highlight these spans (and re-colour the document)."""
        self._spans = list(spans)
        self.rehighlight()

    def spans(self) -> list[Span]:
        """The spans currently highlighted."""
        return list(self._spans)

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        start, end = block.position(), block.position() + len(text)
        for span in self._spans:
            if span.end <= start or span.start >= end:
                continue
            first = max(span.start, start) - start
            last = min(span.end, end) - start
            self.setFormat(first, last - first, self._formats[span.kind])


def _tr(text: str) -> str:
    return QCoreApplication.translate("SourceFindings", text)


def place_of(found: FoundCoordinate | FoundMarking) -> str:
    """"p. 2, l. 14" (or "l. 14" for text without pages): where a finding is."""
    if found.page is None:
        return _tr("l. {line}").format(line=found.line)
    return _tr("p. {page}, l. {line}").format(page=found.page, line=found.line)


def file_text_of(case: CaseFile, source: SourceInfo) -> SourceText | str | None:
    """The text of the source's attached file; a sentence saying why not; or None for a
    file Fragment does not read text from (an image: see OCR)."""
    if not source.file_sha256 or not has_text(source.file_ext):
        return None
    ext = source.file_ext or ""
    try:
        return source_file_text(case.originals.path_for(source.file_sha256, ext),
                                source.file_sha256, ext, case.derived_dir)
    except UserError as exc:
        return _tr("The text of {name} cannot be read: {reason}.").format(
            name=source.file_name or "", reason=str(exc).rstrip("."))


def ocr_text_of(case: CaseFile, source: SourceInfo) -> ImageText | str:
    """The OCR text of the source's image file (its hash checked), or why not."""
    sha, ext = source.file_sha256 or "", source.file_ext or ""
    try:
        if not is_image(ext):
            raise UserError("the attached file is not an image")
        path = case.originals.path_for(sha, ext)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UserError(f"cannot read the stored file: {exc.strerror or exc}") from exc
        if hashlib.sha256(data).hexdigest() != sha:
            raise UserError("the stored file no longer matches its SHA-256")
        return image_text(open_image(data))
    except UserError as exc:
        return _tr("The text of {name} cannot be read: {reason}.").format(
            name=source.file_name or "", reason=str(exc).rstrip("."))


@lru_cache(maxsize=1)
def _stored_image(path: str) -> QImage:
    """The image a source's findings are shown in, decoded once while they are browsed."""
    return QImage(path)


def region_preview(case: CaseFile, source: SourceInfo, box: tuple[int, int, int, int],
                   width: int = 360) -> QPixmap:
    """The part of the source's image a finding was read from, with some margin."""
    image = _stored_image(str(case.originals.path_for(source.file_sha256 or "",
                                                      source.file_ext or "")))
    x, y, w, h = box
    margin = max(4, h // 2)
    crop = image.copy(QRect(x - margin, y - margin, w + 2 * margin, h + 2 * margin))
    if crop.width() > width:
        crop = crop.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
    return QPixmap.fromImage(crop)


def attached_html_fields(path: Path, source: SourceInfo | None) -> dict[str, Any]:
    """A saved web page's own URL and publication date, for the fields still empty (all
    of them for a new source), and its title for a new source."""
    ext = path.suffix.lstrip(".").lower()
    if ext not in HTML_EXTS:
        return {}
    try:
        if path.stat().st_size > MAX_SOURCE_FILE:
            return {}
        page = extract_text(path.read_bytes(), ext)
    except (OSError, UserError):
        return {}
    fields: dict[str, Any] = {}
    if page.url and (source is None or not source.url):
        fields["url"] = page.url
    if page.published_on and (source is None or source.published_on is None):
        fields["published_on"] = page.published_on
    if page.title and source is None:
        fields["title"] = page.title
    return fields


def new_source_fields(path: Path) -> dict[str, Any]:
    """A dropped file as a new source: its title (a web page's or a PDF's own, else the
    file's name), a web page's URL and date, and the file itself."""
    fields: dict[str, Any] = {"title": path.stem or path.name, "file": path}
    fields.update(attached_html_fields(path, None))
    if path.suffix.lower() == ".pdf":
        try:
            if path.stat().st_size <= MAX_SOURCE_FILE:
                title = extract_text(path.read_bytes(), "pdf").title.strip()
                fields["title"] = title or fields["title"]
        except (OSError, UserError):
            pass  # a PDF that cannot be read is still stored; its name is the title
    return fields


def fill_findings(
    widget: QListWidget, result: ScanResult, known: Sequence[tuple[float, float]]
) -> None:
    """One row per finding; coordinates already in the case (within ~1 m) are marked."""
    widget.clear()
    for found in result.coordinates:
        exists = any(abs(found.lat - lat) < 1e-5 and abs(found.lon - lon) < 1e-5
                     for lat, lon in known)
        text = _tr("{place}  Coordinates {dms}  ({notation})").format(
            place=place_of(found), dms=format_dms(found.lat, found.lon),
            notation=found.notation)
        if exists:
            text += _tr(" · already a location")
        item = QListWidgetItem(text, widget)
        item.setData(ROLE_FINDING, found)
        item.setToolTip(found.quote or found.text)
        item.setBackground(COORDINATE_COLOR)
    for marking in result.markings:
        systems = ", ".join(sorted({m.system for m in marking.matches}))
        text = _tr("{place}  Marking {text}  → {systems}").format(
            place=place_of(marking), text=marking.display,
            systems=systems or _tr("no catalog match"))
        item = QListWidgetItem(text, widget)
        item.setData(ROLE_FINDING, marking)
        item.setToolTip(marking.quote or marking.text)
        item.setBackground(MARKING_COLOR)
    if widget.count() == 0:
        item = QListWidgetItem(_tr("No coordinates or catalog markings found in the text."),
                               widget)
        item.setFlags(Qt.ItemFlag.NoItemFlags)


def finding_of(item: QListWidgetItem | None) -> FoundCoordinate | FoundMarking | None:
    """The finding behind a row."""
    return None if item is None else item.data(ROLE_FINDING)
