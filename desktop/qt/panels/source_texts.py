"""The texts derived from sources' files, read in the background and kept per file hash.

A PDF, web page or text file is read as soon as its source is shown; an image only when the
investigator asks (OCR takes seconds and its text is offered for review). ``ready`` says
when a text (or the sentence saying why there is none) has arrived.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.core.casefile import CaseFile
from desktop.core.queries.investigation import SourceInfo
from desktop.core.screenshot_text import ImageText, is_image
from desktop.core.source_text import SourceText
from desktop.qt.context import AppContext
from desktop.qt.jobs import Job, JobRunner
from desktop.qt.panels.source_findings import file_text_of, ocr_text_of

FileText = SourceText | ImageText | str | None
KEPT = 8  # texts kept in memory (a long PDF's text is a few megabytes)


def _read(_control: object, case: CaseFile, source: SourceInfo,
          reader: Callable[[CaseFile, SourceInfo], FileText]) -> tuple[str, FileText]:
    """In a worker thread: the text of one source's file, keyed by the file's hash."""
    sha = source.file_sha256 or ""
    try:
        return sha, reader(case, source)
    except Exception as exc:  # reported as the reason there is no text, never lost
        return sha, f"{type(exc).__name__}: {exc}"


class SourceTexts(QObject):
    """Background reading of source files' texts, for one panel."""

    ready = Signal(str, object)  # the file's hash, its text (or why not)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.jobs = JobRunner(ctx.pool, self)
        self._texts: dict[str, FileText] = {}
        self.reading: set[str] = set()

    def get(self, source: SourceInfo) -> FileText:
        """The text of the source's file if read; None while it is being read, or for an
        image not read yet. Starts reading a PDF, web page or text file."""
        sha = source.file_sha256
        if not sha:
            return None
        if sha in self._texts:
            return self._texts[sha]
        if not is_image(source.file_ext):
            self._start(source, file_text_of)
        return None

    def read_image(self, source: SourceInfo) -> None:
        """Read the source's image with OCR (the result arrives through ``ready``)."""
        self._start(source, ocr_text_of)

    def _start(self, source: SourceInfo, reader: Any) -> None:
        sha = source.file_sha256 or ""
        if sha in self.reading or self.ctx.case is None:
            return
        self.reading.add(sha)
        job = Job(_read, self.ctx.case, source, reader)
        job.signals.result.connect(self._done)
        self.jobs.start(job)

    def _done(self, done: tuple[str, FileText]) -> None:
        sha, text = done
        self.reading.discard(sha)
        self._texts[sha] = text
        while len(self._texts) > KEPT:
            self._texts.pop(next(iter(self._texts)))
        self.ready.emit(sha, text)
