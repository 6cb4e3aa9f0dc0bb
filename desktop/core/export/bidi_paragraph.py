"""A paragraph of user text in any script: shaped, in visual order, extractable.

Used instead of a reportlab ``Paragraph`` for text that ``scripts.needs_layout`` flags (see
``scripts.py`` for why). It takes plain text (no markup: nothing is interpreted), a
paragraph style for font size, leading, colour, indents and spacing, and an optional
field label printed at the left as the ``field`` style prints it.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from desktop.core.export import scripts
from desktop.core.export import styles as st
from desktop.core.export.text import clean

_LABEL_GAP = 6.0


class BidiParagraph(Flowable):
    """Plain text laid out with ``scripts``: wrapped at spaces, each line in visual order,
    right-aligned when the text is right-to-left."""

    def __init__(self, text: str, style: ParagraphStyle, *, label: str = "",
                 _lines: list[list[scripts.Word]] | None = None) -> None:
        super().__init__()
        scripts.register()
        self.text = clean(text)
        self.style = style
        self.label = label
        self.bold = style.fontName in (st.FONT_BOLD, st.FONT_BOLD_ITALIC)
        self.rtl = scripts.base_rtl(self.text)
        self._given = _lines
        self._lines: list[list[scripts.Word]] = _lines or []
        self._width = 0.0

    # -- layout -----------------------------------------------------------------------
    def _indent(self) -> float:
        s = self.style
        if not self.label:
            return float(s.leftIndent)
        label_width = stringWidth(self.label, st.FONT, s.fontSize) + _LABEL_GAP
        return max(float(s.leftIndent), label_width)

    def _break(self, width: float) -> list[list[scripts.Word]]:
        size = float(self.style.fontSize)
        space = stringWidth(" ", st.FONT, size)
        lines: list[list[scripts.Word]] = []
        for block in self.text.split("\n"):
            line: list[scripts.Word] = []
            used = 0.0
            for token in block.split():
                pieces = scripts.shape_token(token, size, self.bold)
                for word in (w for piece in pieces for w in self._fit(piece, width)):
                    extra = word.width + (space if line and not word.glued else 0.0)
                    # a full stop never starts a line away from its word
                    if line and used + extra > width and not word.glued:
                        lines.append(line)
                        line, used = [word], word.width
                    else:
                        line.append(word)
                        used += extra
            lines.append(line)
        return lines

    def _fit(self, word: scripts.Word, width: float) -> list[scripts.Word]:
        """A word wider than the line, cut into pieces that fit (as ``splitLongWords``)."""
        if word.width <= width or len(word.text) < 2:
            return [word]
        size, out, rest = float(self.style.fontSize), [], word.text
        while rest:
            cut = len(rest)
            while cut > 1 and scripts.shape_word(rest[:cut], size, self.bold).width > width:
                cut -= 1
            out.append(scripts.shape_word(rest[:cut], size, self.bold))
            rest = rest[cut:]
        return out

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._width = availWidth
        if self._given is None:
            room = availWidth - self._indent() - float(self.style.rightIndent)
            self._lines = self._break(max(room, 10.0))
        self.height = len(self._lines) * float(self.style.leading)
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        fit = int(availHeight // float(self.style.leading))
        if fit <= 0 or fit >= len(self._lines):
            return [] if fit <= 0 else [self]
        first = BidiParagraph(self.text, self.style, label=self.label,
                              _lines=self._lines[:fit])
        rest = BidiParagraph(self.text, self.style, _lines=self._lines[fit:])
        rest.rtl = first.rtl = self.rtl
        return [first, rest]

    @property
    def lines(self) -> list[list[scripts.Word]]:
        """The lines as laid out by the last ``wrap``."""
        return self._lines

    def line_end(self, index: int) -> float:
        """Where line ``index`` ends on the right, in points from the paragraph's left."""
        size = float(self.style.fontSize)
        line = self._lines[index]
        ordered = scripts.visual_order(line, self.rtl)
        width = sum(w.width for w in ordered) + sum(
            scripts.gaps(line, ordered, stringWidth(" ", st.FONT, size)))
        if self.rtl:
            return self._width - float(self.style.rightIndent)
        return self._indent() + width

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)

    # -- drawing ----------------------------------------------------------------------
    def draw(self) -> None:
        canv: Any = self.canv
        s = self.style
        size, leading = float(s.fontSize), float(s.leading)
        space = stringWidth(" ", st.FONT, size)
        left = self._indent()
        right = self._width - float(s.rightIndent)
        y = self.height - size
        canv.saveState()
        if self.label:
            canv.setFillColor(st.MUTED)
            canv.setFont(st.FONT, size)
            canv.drawString(0, y, self.label)
        canv.setFillColor(s.textColor)
        for line in self._lines:
            ordered = scripts.visual_order(line, self.rtl)
            after = scripts.gaps(line, ordered, space)
            width = sum(w.width for w in ordered) + sum(after)
            if s.alignment == TA_CENTER:
                x = left + (right - left - width) / 2
            else:
                x = right - width if self.rtl else left
            for word, gap in zip(ordered, after, strict=True):
                self._draw_word(canv, word, x, y, size)
                x += word.width + gap
            y -= leading
        canv.restoreState()

    @staticmethod
    def _draw_word(canv: Any, word: scripts.Word, x: float, y: float, size: float) -> None:
        """Right-to-left glyphs go into the file from right to left (logical order), so
        that extraction reads the word as typed; the page looks the same either way."""
        glyphs = sorted(word.glyphs, key=lambda g: g.order) if word.rtl else word.glyphs
        text = canv.beginText()
        for glyph in glyphs:
            text.setFont(glyph.font, size)
            text.setTextOrigin(x + glyph.x, y + glyph.dy)
            text.textOut(glyph.char)
        canv.drawText(text)
