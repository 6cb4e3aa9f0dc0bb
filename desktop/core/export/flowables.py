"""Custom flowables: a photo or crop with its annotations drawn, and the locator map."""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from desktop.core.basemap import BBox, load_basemap
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


@dataclass(frozen=True)
class MapPoint:
    label: str
    lon: float
    lat: float


class LocatorMap(Flowable):
    """Land, boundaries and numbered points from the bundled basemap.

    An equirectangular projection scaled by cos(latitude) keeps shapes right at the
    scales a locator map uses. The extent grows to show at least about 60 km of context.
    """

    def __init__(self, points: Sequence[MapPoint], width: float, height: float,
                 *, min_span_deg: float = 3.0) -> None:
        super().__init__()
        self.points = tuple(points)
        self.width = width
        self.height = height
        lons = [p.lon for p in self.points]
        lats = [p.lat for p in self.points]
        cx = (min(lons) + max(lons)) / 2
        cy = (min(lats) + max(lats)) / 2
        self.kx = math.cos(math.radians(max(-80.0, min(80.0, cy))))
        span_x = max((max(lons) - min(lons)) * 1.4, min_span_deg)
        span_y = max((max(lats) - min(lats)) * 1.4, min_span_deg * self.kx)
        # match the frame's aspect ratio in projected units
        if span_x * self.kx / span_y > width / height:
            span_y = span_x * self.kx * height / width
        else:
            span_x = span_y / self.kx * width / height
        self.bbox = BBox(cx - span_x / 2, cy - span_y / 2, cx + span_x / 2, cy + span_y / 2)
        self.scale = width / (span_x * self.kx)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _xy(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.bbox.west) * self.kx * self.scale, (lat - self.bbox.south) * self.scale)

    def draw(self) -> None:
        c = self.canv
        basemap = load_basemap().clip(self.bbox)
        c.saveState()
        c.setFillColor(st.WATER)
        c.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        clip = c.beginPath()
        clip.rect(0, 0, self.width, self.height)
        c.clipPath(clip, stroke=0, fill=0)
        c.setFillColor(st.LAND)
        for polygon in basemap.land:
            path = c.beginPath()
            for ring in polygon.rings:
                pts = [self._xy(*pt) for pt in ring]
                path.moveTo(*pts[0])
                for pt in pts[1:]:
                    path.lineTo(*pt)
                path.close()
            c.drawPath(path, stroke=0, fill=1, fillMode=0)  # even-odd keeps lakes as holes
        c.setStrokeColor(st.BORDER)
        c.setLineWidth(0.8)
        c.setDash(3, 2)
        for line in basemap.borders:
            path = c.beginPath()
            pts = [self._xy(*pt) for pt in line]
            path.moveTo(*pts[0])
            for pt in pts[1:]:
                path.lineTo(*pt)
            c.drawPath(path, stroke=1, fill=0)
        c.setDash()
        self._country_names(basemap)
        self._points()
        c.restoreState()
        self._scale_bar()
        c.setStrokeColor(st.RULE)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)

    def _country_names(self, basemap: object) -> None:
        c = self.canv
        c.setFont(st.FONT_ITALIC, 7)
        c.setFillColor(st.MUTED)
        points = [self._xy(p.lon, p.lat) for p in self.points]
        for country in getattr(basemap, "countries", ()):
            box = country.bbox
            candidates = [(box.west + box.width * fx, box.south + box.height * fy)
                          for fx, fy in ((0.5, 0.5), (0.25, 0.5), (0.75, 0.5), (0.5, 0.25),
                                         (0.5, 0.75), (0.25, 0.25), (0.75, 0.75),
                                         (0.25, 0.75), (0.75, 0.25))]
            for lon, lat in candidates:
                x, y = self._xy(lon, lat)
                inside = 30 < x < self.width - 30 and 16 < y < self.height - 10
                # a name over the evidence points would hide their labels
                clear = all(abs(px - x) > 60 or abs(py - y) > 24 for px, py in points)
                if inside and clear and country.contains(lon, lat):
                    c.drawCentredString(x, y, country.name)
                    break

    def _points(self) -> None:
        c = self.canv
        placed: list[tuple[float, float]] = []
        for point in self.points:
            x, y = self._xy(point.lon, point.lat)
            c.setFillColor(st.POINT)
            c.setStrokeColor(colors.white)
            c.setLineWidth(0.8)
            c.circle(x, y, 3.2, stroke=1, fill=1)
            # nearby points get their labels stacked instead of printed over each other
            dy = 4 + 10 * sum(1 for px, py in placed if abs(px - x) < 30 and abs(py - y) < 12)
            placed.append((x, y))
            c.setFont(st.FONT_BOLD, 8)
            tw = c.stringWidth(point.label, st.FONT_BOLD, 8)
            c.setFillColor(colors.white)
            c.rect(x + 5, y + dy - 2, tw + 3, 10, stroke=0, fill=1)
            c.setFillColor(st.INK)
            c.drawString(x + 6.5, y + dy, point.label)

    def _scale_bar(self) -> None:
        c = self.canv
        km_per_pt = 111.32 / self.scale
        target = km_per_pt * self.width / 4
        step = 10 ** math.floor(math.log10(target))
        length_km = max(s * step for s in (1, 2, 5) if s * step <= target)
        length = length_km / km_per_pt
        x0, y0 = 8, 8
        c.setFillColor(colors.white)
        c.rect(x0 - 3, y0 - 3, length + 40, 14, stroke=0, fill=1)
        c.setStrokeColor(st.INK)
        c.setLineWidth(1.2)
        c.line(x0, y0 + 2, x0 + length, y0 + 2)
        c.line(x0, y0, x0, y0 + 4)
        c.line(x0 + length, y0, x0 + length, y0 + 4)
        c.setFont(st.FONT, 7)
        c.setFillColor(st.INK)
        label = f"{length_km:g} km"
        c.drawString(x0 + length + 4, y0, label)
