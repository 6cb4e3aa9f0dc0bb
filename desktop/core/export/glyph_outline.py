"""Glyph outlines as PDF path operations, read through HarfBuzz.

Glyphs that are drawn rather than written (right-to-left runs, emoji layers, see
``glyph_paint.py`` and ``emoji_paint.py``) are filled paths in a form XObject; this is
where their outlines come from, in thousandths of an em.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics

EM = 1000.0  # outlines are given in thousandths of an em

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
def outline(font: str, gid: int) -> tuple[Op, ...]:
    """The outline of glyph ``gid`` of ``font`` (empty for a glyph that draws nothing,
    such as a zero-width non-joiner)."""
    ttf = pdfmetrics.getFont(font)
    face = ttf.hbFace
    pen = _Pen(EM / face.upem)
    hb.Font(face).draw_glyph_with_pen(gid, pen)
    return tuple(pen.ops)


def path(canv: Any, ops: tuple[Op, ...]) -> Any:
    """A reportlab path of ``ops`` on ``canv``, to be filled."""
    out = canv.beginPath()
    for op, args in ops:
        getattr(out, op)(*args)
    return out
