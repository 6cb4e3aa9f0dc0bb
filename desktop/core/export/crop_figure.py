"""A marking's crop above the whole photo, joined by leader lines to where it is, with a
scale bar when the photo has a scale reference."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from desktop.core.export import styles as st
from desktop.core.export.flowables import AnnotatedImage, Outline
from desktop.core.export.scale_bar import length_label, nice_length

GAP = 7.0  # points between the crop and the whole photo, where the leaders run
BAR_SHARE = 0.3  # the bar is about this share of the crop's width
BAR_FONT = 7.0
BAR_THICK = 3.0
PLATE_PAD = 3.0
PLATE_HEIGHT = PLATE_PAD * 2 + BAR_THICK + 2 + BAR_FONT


class CropFigure(Flowable):
    """``crop`` over ``context`` (the whole photo with the crop's area outlined, ``area`` in
    displayed-image pixels): two leader lines run from the crop's lower corners to the top
    corners of that area. ``mm_per_px``: the photo's scale, for a bar on the crop, drawn
    inside the crop where it covers nothing of ``marking`` and under it otherwise."""

    def __init__(self, crop: AnnotatedImage, context: AnnotatedImage,
                 area: tuple[float, float, float, float], *, mm_per_px: float | None = None,
                 marking: Outline = ()) -> None:
        super().__init__()
        self.crop, self.context, self.area = crop, context, area
        self.bar = self._bar(mm_per_px)
        self.bar_inside = self.bar is not None and self._room_inside(marking)
        self.below = 0.0 if self.bar is None or self.bar_inside else PLATE_HEIGHT
        self.hAlign = "LEFT"

    def _bar(self, mm_per_px: float | None) -> tuple[float, str] | None:
        """(length in points, label) of a round length about ``BAR_SHARE`` of the crop."""
        if not mm_per_px or mm_per_px <= 0:
            return None
        left, _, right, _ = self.crop.box
        points_per_px = self.crop.draw_width / max(right - left, 1e-9)
        mm = nice_length((right - left) * BAR_SHARE * mm_per_px)
        if mm <= 0:
            return None
        return mm / mm_per_px * points_per_px, length_label(mm)

    def _plate(self) -> tuple[float, float, float, float]:
        """The bar's white plate (x, y, width, height) in crop coordinates."""
        assert self.bar is not None
        length, text = self.bar
        width = max(length, stringWidth(text, st.FONT_BOLD, BAR_FONT)) + PLATE_PAD * 2
        return 3.0, 3.0, width, PLATE_HEIGHT

    def _room_inside(self, marking: Outline) -> bool:
        x, y, w, h = self._plate()
        if h * 2.5 > self.crop.draw_height or w + 6 > self.crop.draw_width:
            return False
        if not marking:
            return True
        pad = self.crop.pad + 4
        pts = [self.crop.to_pdf(px, py) for px, py in marking]
        left = min(p[0] for p in pts) - pad
        bottom = min(p[1] for p in pts) - pad
        return not (left < x + w and bottom < y + h)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width = max(self.crop.draw_width, self.context.draw_width)
        return width, self.crop.draw_height + self.below + GAP + self.context.draw_height

    def draw(self) -> None:
        c = self.canv
        base = self.context.draw_height + GAP + self.below
        self.crop.drawOn(c, 0, base)
        self.context.drawOn(c, 0, 0)
        left, top, right, _ = self.area
        ax1, ay = self.context.to_pdf(left, top)
        ax2, _ = self.context.to_pdf(right, top)
        c.saveState()
        c.setStrokeColor(st.ANNOTATION)
        c.setLineWidth(0.7)
        c.line(0, base, ax1, ay)
        c.line(self.crop.draw_width, base, ax2, ay)
        c.restoreState()
        if self.bar is None:
            return
        x, y, width, _ = self._plate()
        if self.bar_inside:
            self._draw_bar(x, base + y)
            return
        # Under the crop, between the two leaders (they spread out towards the crop).
        drop = max(base - ay, 1e-9)
        inner_left = ax1 * self.below / drop
        inner_right = self.crop.draw_width - (self.crop.draw_width - ax2) * self.below / drop
        x = max(inner_left + 2, min((inner_left + inner_right - width) / 2, inner_right - width))
        self._draw_bar(x, base - self.below)

    def _draw_bar(self, x: float, y: float) -> None:
        """The plate at (x, y): a two-tone bar with its length above it."""
        assert self.bar is not None
        c = self.canv
        length, text = self.bar
        _, _, width, height = self._plate()
        c.saveState()
        if self.bar_inside:
            c.setFillColor(colors.white)
            c.rect(x, y, width, height, stroke=0, fill=1)
        bx, by = x + PLATE_PAD, y + PLATE_PAD
        half = length / 2
        c.setStrokeColor(colors.black)
        c.setLineWidth(0.5)
        c.setFillColor(colors.black)
        c.rect(bx, by, half, BAR_THICK, stroke=1, fill=1)
        c.setFillColor(colors.white)
        c.rect(bx + half, by, length - half, BAR_THICK, stroke=1, fill=1)
        c.setFillColor(colors.black)
        c.setFont(st.FONT_BOLD, BAR_FONT)
        c.drawString(bx, by + BAR_THICK + 2, text)
        c.restoreState()
