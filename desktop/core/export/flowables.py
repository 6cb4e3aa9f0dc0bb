"""Custom flowables: a photo or crop with its annotations drawn (maps: locator_map.py)."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from desktop.core.export import styles as st
from desktop.core.export.images import jpeg_key

TICK = 4.0  # points: half the length of the ticks across a measured line's ends

Outline = tuple[tuple[float, float], ...]


class JpegReader(ImageReader):
    """JPEG bytes for ``drawImage``, embedded as they are and named by their SHA-256.

    reportlab names an ImageReader's image by hashing its decoded pixels, which decodes
    every photo again on each layout pass; the hash of the JPEG bytes names it as well.
    """

    def __init__(self, jpeg: bytes, key: bytes | None = None) -> None:
        super().__init__(io.BytesIO(jpeg))
        self._key = key or jpeg_key(jpeg)
        self._dataA = None  # no alpha channel (set by getRGBData in the base class)

    def getRGBData(self) -> bytes:
        if self.jpeg_fh() is None:  # not a JPEG after all: let reportlab decode it
            return super().getRGBData()
        return self._key


@dataclass(frozen=True)
class Shape:
    """An annotation to draw: its stored label (A12), outline in displayed-image pixels,
    redaction or not."""

    label: str
    points: Outline
    redaction: bool = False
    open: bool = False
    """A path, not an area (a measured line or polyline): drawn through its points, not
    closed and not offset; a two-point path gets ticks across its ends."""


def grow(points: Sequence[tuple[float, float]], distance: float
         ) -> list[tuple[float, float]]:
    """The polygon ``points`` moved ``distance`` outward on every side (a mitred offset,
    the mitre capped at three times ``distance`` at sharp corners)."""
    n = len(points)
    if n < 3 or distance <= 0:
        return list(points)
    area = sum(points[i][0] * points[(i + 1) % n][1] - points[(i + 1) % n][0] * points[i][1]
               for i in range(n))
    sign = 1.0 if area > 0 else -1.0  # the outward side of each edge

    def normal(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = math.hypot(dx, dy) or 1.0
        return sign * dy / length, -sign * dx / length

    out = []
    for i in range(n):
        prev, here, nxt = points[i - 1], points[i], points[(i + 1) % n]
        n1, n2 = normal(prev, here), normal(here, nxt)
        mx, my = n1[0] + n2[0], n1[1] + n2[1]
        norm = math.hypot(mx, my)
        if norm < 1e-9:  # a spike folding back on itself: push along one normal
            mx, my, norm = n1[0], n1[1], 1.0
        mx, my = mx / norm, my / norm
        cos_half = max(mx * n1[0] + my * n1[1], 1 / 3)
        reach = distance / cos_half
        out.append((here[0] + mx * reach, here[1] + my * reach))
    return out


MIN_PPI = 200
"""The least resolution an image is printed at (pixels per inch at its printed size)."""


class AnnotatedImage(Flowable):
    """A JPEG drawn to fit ``max_width`` x ``max_height`` with numbered annotation outlines.

    ``box`` is the displayed-image region (pixels) the JPEG shows; outlines are in the same
    displayed-image frame and are clipped to the picture. The JPEG bytes are embedded as they
    are (reportlab stores identical images once).
    """

    def __init__(self, jpeg: bytes, pixel_size: tuple[int, int],
                 box: tuple[float, float, float, float], shapes: Sequence[Shape],
                 max_width: float, max_height: float, *, label_size: float = 8,
                 pad: float = 2.5, key: bytes | None = None) -> None:
        super().__init__()
        self.pad = pad
        """Points between an outline and what it marks: drawn outside, never over it."""
        self.jpeg = jpeg
        self._key = key or jpeg_key(jpeg)  # hashed once, not on every layout pass
        self.box = box
        self.shapes = tuple(shapes)
        self.label_size = label_size
        pw, ph = pixel_size
        fit = min(max_width / pw, max_height / ph)
        # Never enlarged below print resolution: a small image prints smaller instead.
        self.capped = fit > 72 / MIN_PPI
        fit = min(fit, 72 / MIN_PPI)
        self.draw_width = pw * fit
        self.draw_height = ph * fit
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.draw_width, self.draw_height

    def to_pdf(self, x: float, y: float) -> tuple[float, float]:
        """A displayed-image pixel's position in the flowable's own coordinates."""
        left, top, right, bottom = self.box
        sx = self.draw_width / max(right - left, 1e-9)
        sy = self.draw_height / max(bottom - top, 1e-9)
        return (x - left) * sx, self.draw_height - (y - top) * sy

    def draw(self) -> None:
        c = self.canv
        w, h = self.draw_width, self.draw_height
        c.drawImage(JpegReader(self.jpeg, self._key), 0, 0, w, h)
        c.setStrokeColor(st.RULE)
        c.setLineWidth(0.5)
        c.rect(0, 0, w, h)
        to_pdf = self.to_pdf

        c.saveState()
        path = c.beginPath()
        path.rect(0, 0, w, h)
        c.clipPath(path, stroke=0, fill=0)
        # Redactions last, filled: nothing drawn on the picture may show through them.
        ordered = sorted(self.shapes, key=lambda shape: shape.redaction)
        labels = []
        for shape in ordered:
            pts = [to_pdf(x, y) for x, y in shape.points]
            if shape.open:
                anchor = self._path(pts, colour=st.ANNOTATION)
                if shape.label:
                    labels.append((shape.label, anchor, st.ANNOTATION))
                continue
            if not shape.redaction:  # outside what it marks (a redaction is exact)
                pts = grow(pts, self.pad + 0.8)  # 0.8: half the line width
            colour = st.ANNOTATION_DARK if shape.redaction else st.ANNOTATION
            c.setStrokeColor(colour)
            c.setFillColor(colors.black)
            c.setLineWidth(1.6)
            fill = 1 if shape.redaction else 0
            if len(pts) == 1:
                (x, y), = pts
                radius = 4 if shape.redaction else 4 + self.pad
                c.circle(x, y, radius, stroke=1, fill=fill)
                anchor = (x + radius + 1, y + radius + 1, y - radius - 1)
            else:
                p = c.beginPath()
                p.moveTo(*pts[0])
                for pt in pts[1:]:
                    p.lineTo(*pt)
                p.close()
                c.drawPath(p, stroke=1, fill=fill)
                ys = [y for _, y in pts]
                anchor = (min(x for x, _ in pts), max(ys), min(ys))
            if shape.label:
                labels.append((shape.label, anchor, colour))
        for text, anchor, colour in labels:
            self._label(text, anchor, colour)
        c.restoreState()

    def _path(self, pts: list[tuple[float, float]], *, colour: colors.Color
              ) -> tuple[float, float, float]:
        """An open path (a measured length) with ticks across the ends of a single segment;
        returns the label's anchor (left, top, bottom)."""
        c = self.canv
        c.setStrokeColor(colour)
        c.setLineWidth(1.4)
        p = c.beginPath()
        p.moveTo(*pts[0])
        for pt in pts[1:]:
            p.lineTo(*pt)
        c.drawPath(p, stroke=1, fill=0)
        if len(pts) == 2:
            (x1, y1), (x2, y2) = pts
            length = math.hypot(x2 - x1, y2 - y1) or 1.0
            nx, ny = -(y2 - y1) / length * TICK, (x2 - x1) / length * TICK
            for x, y in pts:
                c.line(x - nx, y - ny, x + nx, y + ny)
        ys = [y for _, y in pts]
        return min(x for x, _ in pts), max(ys) + TICK, min(ys) - TICK

    def _label(self, text: str, anchor: tuple[float, float, float],
               colour: colors.Color) -> None:
        """The tag above the outline; below it when the picture has no room above, so it
        covers what the outline marks only when there is room on neither side."""
        c = self.canv
        size = self.label_size
        tw = c.stringWidth(text, st.FONT_BOLD, size) + 4
        th = size + 3
        left, top, bottom = anchor
        x = min(max(left, 0), self.draw_width - tw)
        if top + th <= self.draw_height:
            y = max(top, 0)
        elif bottom - th >= 0:
            y = bottom - th
        else:
            y = min(max(top, 0), self.draw_height - th)
        c.setFillColor(colour)
        c.rect(x, y, tw, th, stroke=0, fill=1)
        c.setFillColor(colors.white if colour == st.ANNOTATION_DARK else colors.black)
        c.setFont(st.FONT_BOLD, size)
        c.drawString(x + 2, y + 2.2, text)
