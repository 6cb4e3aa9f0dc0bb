"""The table of contents, with right-to-left titles laid out like the headings they name.

reportlab's ``TableOfContents`` sets each entry as a ``Paragraph``, which cannot write
right-to-left words in the order they were typed (see ``scripts.py``): an Arabic or Hebrew
title would be shown right but extracted backwards. An entry whose title needs layout is
notified with the ``BIDI`` prefix and drawn here by ``BidiParagraph`` (glyphs written in
logical order), with the same dot leader, page number and link as the others.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, Table
from reportlab.platypus.tableofcontents import TableOfContents

from desktop.core.export.bidi_paragraph import BidiParagraph
from desktop.core.export.paragraph import Paragraph

BIDI = "\x00bidi\x00"
"""Prefix of a contents entry given as plain text, to be laid out by ``BidiEntry``."""
_PAGE_ROOM = 12 * mm  # kept free at the right of an entry for its page number
_DOT = " . "


class BidiEntry(Flowable):
    """One contents entry in any script: the title, a dot leader and the page number, the
    whole entry a link to its heading."""

    def __init__(self, text: str, style: ParagraphStyle, page: int, key: str | None,
                 *, dots: bool) -> None:
        super().__init__()
        self.style, self.page, self.key, self.dots = style, page, key, dots
        title_style = ParagraphStyle(f"{style.name}-bidi", parent=style, alignment=TA_LEFT,
                                     rightIndent=style.rightIndent + _PAGE_ROOM)
        self.title = BidiParagraph(text, title_style)
        self.width = self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        _, self.height = self.title.wrap(availWidth, availHeight)
        return availWidth, self.height

    def draw(self) -> None:
        canv: Any = self.canv
        s = self.title
        s.drawOn(canv, 0, 0)
        size, leading = float(self.style.fontSize), float(self.style.leading)
        last = len(s.lines) - 1
        baseline = self.height - size - last * leading  # as BidiParagraph draws it
        number = str(self.page)
        canv.saveState()
        canv.setFont(self.style.fontName, size)
        canv.setFillColor(self.style.textColor)
        canv.drawRightString(self.width, baseline, number)
        if self.dots:
            start = s.line_end(last) + 2
            room = self.width - stringWidth(number, self.style.fontName, size) - 2 - start
            count = int(room // stringWidth(_DOT, self.style.fontName, size))
            if count > 0:
                canv.drawRightString(
                    self.width - stringWidth(number, self.style.fontName, size) - 2,
                    baseline, _DOT * count)
        canv.restoreState()
        if self.key:
            canv.linkRect("", self.key, (0, 0, self.width, self.height), relative=1)


class Contents(TableOfContents):
    """``TableOfContents`` whose right-to-left entries are ``BidiEntry`` flowables."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if not any(text.startswith(BIDI) for _, text, _, _ in self._lastEntries):
            return super().wrap(availWidth, availHeight)
        super().wrap(availWidth, availHeight)  # registers the dot leader callback
        rows: list[list[Flowable]] = []
        for level, text, page, key in self._lastEntries:
            style = self.getLevelStyle(level)
            if style.spaceBefore:
                rows.append([Spacer(1, style.spaceBefore)])
            if text.startswith(BIDI):
                rows.append([BidiEntry(text[len(BIDI):], style, page, key,
                                       dots=0 <= self.dotsMinLevel <= level)])
                continue
            if key:
                text = f'<a href="#{key}">{text}</a>'
                label = repr(key).replace(",", "\\x2c").replace('"', "\\x2c")
            else:
                label = "None"
            rows.append([Paragraph(f'{text}<onDraw name="drawTOCEntryEnd" '
                                   f'label="{page},{level},{label}"/>', style)])
        self._table = Table(rows, colWidths=(availWidth,), style=self.tableStyle)
        self.width, self.height = self._table.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height

