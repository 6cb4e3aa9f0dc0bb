"""Custom flowables: a photo or crop with its annotations drawn (maps: locator_map.py)."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from desktop.core.export import styles as st

Outline = tuple[tuple[float, float], ...]


def jpeg_key(jpeg: bytes) -> bytes:
    """The name of a JPEG in the PDF: its SHA-256 (so an image drawn twice is stored once)."""
    return hashlib.sha256(jpeg).hexdigest().encode("ascii")


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
                 max_width: float, max_height: float, *, label_size: float = 8) -> None:
        super().__init__()
        self.jpeg = jpeg
        self._key = jpeg_key(jpeg)  # hashed once, not on every layout pass
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

    def draw(self) -> None:
        c = self.canv
        w, h = self.draw_width, self.draw_height
        c.drawImage(JpegReader(self.jpeg, self._key), 0, 0, w, h)
        c.setStrokeColor(st.RULE)
        c.setLineWidth(0.5)
        c.rect(0, 0, w, h)
        left, top, right, bottom = self.box
        sx = w / max(right - left, 1e-9)
        sy = h / max(bottom - top, 1e-9)

        def to_pdf(x: float, y: float) -> tuple[float, float]:
            return (x - left) * sx, h - (y - top) * sy

        c.saveState()
        path = c.beginPath()
        path.rect(0, 0, w, h)
        c.clipPath(path, stroke=0, fill=0)
        # Redactions last, filled: nothing drawn on the picture may show through them.
        ordered = sorted(self.shapes, key=lambda shape: shape.redaction)
        labels = []
        for shape in ordered:
            pts = [to_pdf(x, y) for x, y in shape.points]
            colour = st.ANNOTATION_DARK if shape.redaction else st.ANNOTATION
            c.setStrokeColor(colour)
            c.setFillColor(colors.black)
            c.setLineWidth(1.6)
            fill = 1 if shape.redaction else 0
            if len(pts) == 1:
                (x, y), = pts
                c.circle(x, y, 4, stroke=1, fill=fill)
                anchor = (x + 5, y + 5)
            else:
                p = c.beginPath()
                p.moveTo(*pts[0])
                for pt in pts[1:]:
                    p.lineTo(*pt)
                p.close()
                c.drawPath(p, stroke=1, fill=fill)
                anchor = (min(x for x, _ in pts), max(y for _, y in pts))
            labels.append((shape.label, anchor, colour))
        for text, anchor, colour in labels:
            self._label(text, anchor, colour)
        c.restoreState()

    def _label(self, text: str, anchor: tuple[float, float], colour: colors.Color) -> None:
        c = self.canv
        size = self.label_size
        tw = c.stringWidth(text, st.FONT_BOLD, size) + 4
        th = size + 3
        x = min(max(anchor[0], 0), self.draw_width - tw)
        y = min(max(anchor[1], 0), self.draw_height - th)
        c.setFillColor(colour)
        c.rect(x, y, tw, th, stroke=0, fill=1)
        c.setFillColor(colors.white if colour == st.ANNOTATION_DARK else colors.black)
        c.setFont(st.FONT_BOLD, size)
        c.drawString(x + 2, y + 2.2, text)
