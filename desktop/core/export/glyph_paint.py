"""Drawing shaped runs so that text extraction reads them exactly as typed.

A left-to-right run is written as text, glyph by glyph, in its order. A right-to-left run
cannot be: a PDF carries no logical order, and extractors rebuild it from where each
character stands. poppler's ``pdftotext`` sorts characters left to right and reverses
right-to-left stretches, so a mark (a haraka, a Hebrew point) placed over its letter,
a zero-width non-joiner or the second letter of a ligature came out of place. An
``/ActualText`` span does not help there: poppler spreads the span's text left to right
over its glyphs and then reverses it, so a word comes out backwards.

So a right-to-left run is drawn in two layers:

- what the reader sees: HarfBuzz's glyphs as filled outlines (one form XObject per glyph,
  reused), which carry no text;
- what extraction, search and copy read: the run's characters as typed, in invisible text
  (rendering mode 3) in the run's font, written in logical order, each over its share of
  its cluster's width from the right (``scripts.Slot``), so that every reader, whether it
  follows the file's order or the positions, gets the characters in the order typed.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import FILL_NON_ZERO

from desktop.core.export.scripts import Word

_EM = 1000.0  # forms are drawn in thousandths of an em


def draw_word(canv: Any, word: Word, x: float, y: float, size: float) -> None:
    """Draw ``word`` with its left end at ``x`` on baseline ``y``."""
    if not word.rtl:
        text = canv.beginText()
        for glyph in word.glyphs:
            text.setFont(glyph.font, size)
            text.setTextOrigin(x + glyph.x, y + glyph.dy)
            text.textOut(glyph.char)
        canv.drawText(text)
        return
    scale = size / _EM
    forms = [(name, glyph) for glyph in word.glyphs
             if (name := _glyph_form(canv, glyph.font, glyph.gid)) is not None]
    canv.saveState()
    canv.transform(scale, 0, 0, scale, x, y)
    at = (0.0, 0.0)
    for name, glyph in forms:  # each glyph placed by a move from the one before
        to = (glyph.x / scale, glyph.dy / scale)
        canv.translate(to[0] - at[0], to[1] - at[1])
        canv.doForm(name)
        at = to
    canv.restoreState()
    canv.saveState()
    text = canv.beginText()
    text.setTextRenderMode(3)  # invisible: the outlines above are what is seen
    for slot in word.slots:
        text.setFont(slot.font, size)
        advance = stringWidth(slot.char, slot.font, size)
        text.setHorizScale(max(100.0 * slot.width / advance, 1.0) if advance > 0 else 100.0)
        text.setTextOrigin(x + slot.x, y)
        text.textOut(slot.char)
    canv.drawText(text)
    canv.restoreState()


Op = tuple[str, tuple[float, ...]]


class _Pen:
    """A fontTools-style pen that records an outline as path operations, in thousandths
    of an em; quadratic segments become the cubics that trace them exactly."""

    def __init__(self, factor: float) -> None:
        self.factor = factor
        self.ops: list[Op] = []
        self.at = (0.0, 0.0)

    def _pt(self, p: tuple[float, float]) -> tuple[float, float]:
        return p[0] * self.factor, p[1] * self.factor

    def moveTo(self, p: tuple[float, float]) -> None:
        self.at = self._pt(p)
        self.ops.append(("moveTo", self.at))

    def lineTo(self, p: tuple[float, float]) -> None:
        self.at = self._pt(p)
        self.ops.append(("lineTo", self.at))

    def curveTo(self, *points: tuple[float, float]) -> None:
        (x1, y1), (x2, y2), end = (self._pt(p) for p in points[-3:])
        self.ops.append(("curveTo", (x1, y1, x2, y2, *end)))
        self.at = end

    def qCurveTo(self, *points: tuple[float, float]) -> None:
        """Off-curve points with implied on-curve points between them, then the end."""
        pts = [self._pt(p) for p in points]
        controls, end = pts[:-1], pts[-1]
        for i, (cx, cy) in enumerate(controls):
            if i + 1 < len(controls):
                nx, ny = controls[i + 1]
                target = ((cx + nx) / 2, (cy + ny) / 2)
            else:
                target = end
            (ax, ay), (bx, by) = self.at, target
            self.ops.append(("curveTo", (ax + 2 / 3 * (cx - ax), ay + 2 / 3 * (cy - ay),
                                         bx + 2 / 3 * (cx - bx), by + 2 / 3 * (cy - by),
                                         bx, by)))
            self.at = target

    def closePath(self) -> None:
        self.ops.append(("close", ()))

    def endPath(self) -> None:
        pass


@cache
def _outline(font: str, gid: int) -> tuple[Op, ...]:
    """The outline of glyph ``gid`` of ``font`` (empty for a glyph that draws nothing,
    such as a zero-width non-joiner)."""
    ttf = pdfmetrics.getFont(font)
    face = ttf.hbFace
    pen = _Pen(_EM / face.upem)
    hb.Font(face).draw_glyph_with_pen(gid, pen)
    return tuple(pen.ops)


def _glyph_form(canv: Any, font: str, gid: int) -> str | None:
    """The name of the form XObject that fills glyph ``gid`` of ``font`` at one em =
    1000 units, made on first use (None when the glyph draws nothing)."""
    ops = _outline(font, gid)
    if not ops:
        return None
    name = f"glyph_{font.replace('-', '_')}_{gid}"
    if canv.hasForm(name):
        return name
    path = canv.beginPath()
    for op, args in ops:
        getattr(path, op)(*args)
    canv.beginForm(name, lowerx=-2 * _EM, lowery=-2 * _EM, upperx=3 * _EM, uppery=3 * _EM)
    canv.drawPath(path, stroke=0, fill=1, fillMode=FILL_NON_ZERO)
    canv.endForm()
    return name
