"""Build the PDF evidence dossier from a ``DossierData``.

``build_dossier(data, out_path)`` is what the GUI's Export dialog (in a worker) and the CLI
call. Images are prepared first (in parallel processes), then the document is laid out with
reportlab Platypus in several passes so the table of contents and "page x of y" are right;
only the last pass draws (``passes.py``). The file is written to a temporary sibling and
renamed into place only when complete.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, PageTemplate

from desktop.core.export import scripts
from desktop.core.export import styles as st
from desktop.core.export.atomic import ExportError, atomic_file
from desktop.core.export.bidi_paragraph import BidiParagraph
from desktop.core.export.blocks import (
    BidiHeading,
    Context,
    Heading,
    keep_headings_with_content,
)
from desktop.core.export.images import job_for, prepare_images
from desktop.core.export.inline_text import register_callback
from desktop.core.export.paragraph import Paragraph
from desktop.core.export.passes import MeasuringFrame, build_in_passes
from desktop.core.export.pdf_finish import Attachment, finish_pdf
from desktop.core.export.sections.checks import checks
from desktop.core.export.sections.cover import cover
from desktop.core.export.sections.integrity import integrity
from desktop.core.export.sections.locations import locations
from desktop.core.export.sections.photos import photos
from desktop.core.export.sections.sources import sources
from desktop.core.export.sections.summary import summary
from desktop.core.export.text import outline_text, para_text
from desktop.core.export.toc import Contents
from desktop.core.export.translations import translator
from desktop.core.queries.dossier import DossierData
from desktop.core.queries.dossier_audit import LOG_FILE_NAME

Progress = Callable[[int, int, str], None]
"""``progress(done, total, message)``; called from the thread running ``build_dossier``."""


class DossierDocument(BaseDocTemplate):
    """Page templates (cover and body), TOC notifications and bookmarks."""

    def __init__(self, filename: str | BinaryIO, data: DossierData, t: Callable[..., str],
                 **kw: Any) -> None:
        super().__init__(filename, **kw)
        self.data = data
        self.t = t
        self.page_total = 0
        self._seen_keys: set[str] = set()
        frame = MeasuringFrame(self.leftMargin, self.bottomMargin, self.width, self.height,
                               id="body", leftPadding=0, rightPadding=0, topPadding=0,
                               bottomPadding=0)
        self._frame = frame
        self.addPageTemplates([
            PageTemplate(id="cover", frames=[frame], onPage=self._cover_page),
            PageTemplate(id="body", frames=[frame], onPage=self._body_page),
        ])

    def handle_documentBegin(self) -> None:
        super().handle_documentBegin()
        self._seen_keys.clear()
        register_callback(self.canv)  # emoji inside reportlab's paragraphs

    def build(self, flowables: list[Flowable], **kw: Any) -> None:  # one pass
        super().build(flowables, **kw)
        self.page_total = self.page

    def lay_out(self, story: list[Flowable]) -> int:
        """Lay ``story`` out until its contents and page numbers are right, drawing only
        the last pass; return the number of passes."""
        return build_in_passes(self, story,
                               is_heading=lambda f: isinstance(f, Heading | BidiHeading))

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, Heading | BidiHeading):
            return
        key = flowable.bookmark_key
        if key in self._seen_keys:  # a heading split over pages notifies once
            return
        self._seen_keys.add(key)
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.outline_title, key, level=flowable.toc_level,
                                  closed=flowable.toc_level > 0)
        if flowable.in_toc:
            self.notify("TOCEntry", (flowable.toc_level, flowable.toc_markup, self.page, key))

    def _footer(self, canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(st.FONT, 7.5)
        canvas.setFillColor(st.MUTED)
        total = self.page_total or doc.page
        canvas.drawRightString(self.pagesize[0] - self.rightMargin, 10 * mm,
                               self.t("page_of", page=doc.page, total=total))
        left = outline_text(f"{self.data.case.title} · {self.data.case.uid}", 90)
        if scripts.needs_layout(left):  # a title in Arabic or Hebrew
            line = BidiParagraph(left, st.styles().footer)
            line.wrap(self.width * 0.7, 20 * mm)
            line.drawOn(canvas, self.leftMargin, 10 * mm - 2)
        else:
            canvas.drawString(self.leftMargin, 10 * mm, left)
        canvas.restoreState()

    def _cover_page(self, canvas: Any, doc: Any) -> None:
        if not self._frame.drawing:  # a pass that only measures
            return
        canvas.saveState()
        canvas.setFillColor(st.ACCENT)
        canvas.rect(0, self.pagesize[1] - 14 * mm, self.pagesize[0], 14 * mm, stroke=0, fill=1)
        canvas.restoreState()
        self._footer(canvas, doc)

    def _body_page(self, canvas: Any, doc: Any) -> None:
        if not self._frame.drawing:
            return
        canvas.saveState()
        canvas.setStrokeColor(st.RULE)
        canvas.setLineWidth(0.5)
        top = self.pagesize[1] - self.topMargin + 5 * mm
        canvas.line(self.leftMargin, top, self.pagesize[0] - self.rightMargin, top)
        canvas.setFont(st.FONT, 7.5)
        canvas.setFillColor(st.MUTED)
        canvas.drawString(self.leftMargin, top + 2 * mm, self.t("dossier"))
        canvas.restoreState()
        self._footer(canvas, doc)


def story(data: DossierData, ctx: Context) -> list[Flowable]:
    """All sections in order, as flowables (pure: no file is read or written)."""
    from reportlab.platypus import NextPageTemplate, PageBreak
    from reportlab.platypus.flowables import PageBreakIfNotEmpty

    toc = Contents(dotsMinLevel=0)
    toc.levelStyles = [ctx.styles.toc0, ctx.styles.toc1]
    out: list[Flowable] = [NextPageTemplate("body")]
    out += cover(data, ctx)
    out += [Paragraph(para_text(ctx.t("toc")), ctx.styles.h1), toc, PageBreak()]
    out += summary(data, ctx)
    if data.photos:
        out += photos(data, ctx)
        out.append(PageBreakIfNotEmpty())  # never a blank page when the last one ended full
    out += locations(data, ctx)
    out += sources(data, ctx)
    out += checks(data, ctx)
    out += integrity(data, ctx)
    return keep_headings_with_content(out)


def build_dossier(data: DossierData, out_path: str | Path, *,
                  progress: Progress | None = None, workers: int | None = None) -> Path:
    """Write the dossier PDF to ``out_path`` atomically and return the path.

    Photos are prepared in ``workers`` processes (default: one per CPU, at most four).

    Raises ``ExportError`` with one sentence when the file cannot be written; nothing is
    left behind then.
    """
    out_path = Path(out_path)
    if out_path.is_dir():
        raise ExportError(f"{out_path} is a folder; give a file name ending in .pdf")
    options = data.options
    t = translator(options.language)
    jobs = [job_for(p) for p in data.photos]
    steps = len(jobs) + 2

    def on_image(done: int, total: int) -> None:
        if progress:
            progress(done, steps, "preparing images")

    if progress:
        progress(0, steps, "preparing images")
    images = prepare_images(jobs, progress=on_image, workers=workers)
    if progress:
        progress(len(jobs), steps, "laying out pages")
    page_size = st.PAGE_SIZES[options.page_size]
    raw = io.BytesIO()  # saved once, after the last pass
    st.register_fonts()
    doc = DossierDocument(
        raw, data, t, pagesize=page_size,
        leftMargin=st.MARGIN, rightMargin=st.MARGIN, topMargin=st.MARGIN + 4 * mm,
        bottomMargin=st.MARGIN, title=outline_text(data.case.title, 200),
        author=data.case.exported_by,
        subject=t("pdf_subject", head=data.audit.head_hash, count=data.audit.count),
        keywords=["Fragment", "evidence", data.case.uid,
                  f"audit-head:{data.audit.head_hash}", f"audit-events:{data.audit.count}"],
        creator=f"Fragment {data.case.version}", producer=f"Fragment {data.case.version}",
        invariant=1 if options.invariant else 0, lang=options.language,
        initialFontName=st.FONT,  # else every page selects an unembedded Helvetica
    )
    ctx = Context(t=t, styles=st.styles(), frame_width=doc.width, frame_height=doc.height,
                  images=images)
    doc.lay_out(story(data, ctx))
    attachments = []
    if data.audit.log_csv:
        attachments.append(Attachment(LOG_FILE_NAME, data.audit.log_csv, "text/csv",
                                      t("log_file_description", count=data.audit.count)))
    stamp = data.case.exported_at.strftime("D:%Y%m%d%H%M%SZ")
    with atomic_file(out_path) as tmp:
        finish_pdf(raw.getvalue(), tmp, attachments, invariant=options.invariant,
                   mod_date=stamp, language=options.language)
    if progress:
        progress(steps, steps, "done")
    return out_path
