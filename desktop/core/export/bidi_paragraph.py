"""A paragraph of user text in any script: shaped, in visual order, extractable.

Used instead of a reportlab ``Paragraph`` for text that ``scripts.needs_layout`` flags (see
``scripts.py`` for why). It takes plain text (no markup: nothing is interpreted), a
paragraph style for font size, leading, colour, indents and spacing, and an optional
field label printed at the left as the ``field`` style prints it.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from desktop.core.export import scripts
from desktop.core.export import styles as st
from desktop.core.export.bidi_levels import base_level
from desktop.core.export.glyph_paint import draw_word, reversed_emoji
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
        # aligned by the direction of its first paragraph (its first strong letter)
        self.rtl = base_level(scripts.printable(self.text.split("\n", 1)[0])) == 1
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
        """Lines of runs in logical order: broken at spaces (a space at a break is
        dropped), inside a word only when the word is longer than a line."""
        size = float(self.style.fontSize)
        space = stringWidth(" ", st.FONT, size)
        lines: list[list[scripts.Word]] = []
        for block in self.text.split("\n"):
            line: list[scripts.Word] = []
            used = 0.0
            gap: scripts.Word | None = None
            runs = scripts.shape_text(block, size, self.bold, space)
            for is_space, group in groupby(runs, key=lambda w: w.space):
                if is_space:
                    gap = next(group)
                    continue
                pieces = [w for run in group for w in self._fit(run, width)]
                room = (gap.width if gap and line else 0.0) + sum(w.width for w in pieces)
                if line and used + room > width:
                    lines.append(line)
                    line, used = [], 0.0
                elif line and gap:
                    line.append(gap)
                    used += gap.width
                gap = None
                for piece in pieces:
                    if line and used + piece.width > width:
                        lines.append(line)
                        line, used = [], 0.0
                    line.append(piece)
                    used += piece.width
            lines.append(line)
        return lines

    def _fit(self, word: scripts.Word, width: float) -> list[scripts.Word]:
        """A word wider than the line, cut into pieces that fit (as ``splitLongWords``),
        between emoji, not inside one."""
        if word.width <= width or len(word.text) < 2:
            return [word]
        size, out, rest = float(self.style.fontSize), [], word.text
        while rest:
            cut = len(rest)
            while cut > 1 and (scripts.emoji_inside(rest, cut) or scripts.shape_word(
                    rest[:cut], size, self.bold, word.level).width > width):
                cut -= 1  # never inside an emoji: 👨‍👩‍👧 stays one glyph
            out.append(scripts.shape_word(rest[:cut], size, self.bold, word.level))
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
        width = sum(w.width for w in self._lines[index])
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
        left = self._indent()
        right = self._width - float(s.rightIndent)
        y = self.height - size
        canv.saveState()
        if self.label:
            canv.setFillColor(st.MUTED)
            canv.setFont(st.FONT, size)
            canv.drawString(0, y, self.label)
        canv.setFillColor(s.textColor)
        for number, line in enumerate(self._lines):
            ordered = scripts.visual_order(line)
            reverse = reversed_emoji(ordered, self.label if number == 0 else "")
            width = sum(w.width for w in ordered)
            if s.alignment == TA_CENTER:
                x = left + (right - left - width) / 2
            else:
                x = right - width if self.rtl else left
            at = {}
            for word in ordered:
                at[id(word)] = x
                x += word.width
            # written in the order typed: readers that follow the file's order (copy and
            # paste in most viewers) read a mixed line as it was typed
            for word in line:
                if not word.space:
                    draw_word(canv, word, at[id(word)], y, size,
                              reverse.get(id(word), frozenset()))
            y -= leading
        canv.restoreState()
