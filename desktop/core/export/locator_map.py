"""The dossier's locator maps: land and boundaries, or the user's own imagery, with
labelled points placed so that no label covers another, a scale bar and a north arrow.

An equirectangular projection scaled by cos(latitude) keeps shapes right at the scales a
locator map uses. When the case has an offline basemap (MBTiles) covering the map, its
tiles are stitched for the map's box and drawn instead of the flat land colour; at the
scale of a close-up the difference between Web Mercator tiles and this projection is far
below a printed dot.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image
from reportlab.lib import colors
from reportlab.platypus import Flowable

from desktop.core.basemap import BBox, Country, load_basemap
from desktop.core.export import styles as st
from desktop.core.export.flowables import JpegReader
from desktop.core.label_layout import Placement, Rect, place_labels
from desktop.core.mbtiles import TileReader
from desktop.core.places import places_in, web_zoom
from desktop.core.queries.basemaps import BasemapInfo

_LABEL_SIZE = 8.0
_DOT = 3.2
_MAP_PPI = 200  # resolution of the stitched imagery at its printed size


@dataclass(frozen=True)
class MapPoint:
    """A point on a locator map: its stable label (L3) and position."""

    label: str
    lon: float
    lat: float


@dataclass(frozen=True)
class Imagery:
    """Stitched basemap tiles for one map box, as JPEG, with the file's attribution."""

    jpeg: bytes
    attribution: str
    name: str


def imagery_for(bbox: BBox, basemaps: Sequence[BasemapInfo], width_pt: float) -> Imagery | None:
    """Tiles of the first basemap that covers ``bbox``, stitched at about 200 ppi."""
    for info in basemaps:
        if not info.bounds.intersects(bbox) or not info.path.is_file():
            continue
        with TileReader(info.path) as reader:
            image = reader.compose(bbox, round(width_pt / 72 * _MAP_PPI))
        if image is None:
            continue
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        buffer = io.BytesIO()
        flat.save(buffer, "JPEG", quality=88)
        return Imagery(buffer.getvalue(), info.attribution, info.name)
    return None


class LocatorMap(Flowable):
    """Land, boundaries (or imagery) and labelled points; scale bar and north arrow.

    The extent grows to show at least ``min_span_deg`` degrees of context.
    """

    def __init__(self, points: Sequence[MapPoint], width: float, height: float,
                 *, min_span_deg: float = 3.0, imagery: Imagery | None = None) -> None:
        super().__init__()
        self.points = tuple(points)
        self.width = width
        self.height = height
        self.imagery = imagery
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
        self.placements: list[Placement] = []
        self.country_labels: list[Rect] = []
        self.town_labels: list[Rect] = []

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
        if self.imagery is not None:
            c.drawImage(JpegReader(self.imagery.jpeg), 0, 0, self.width, self.height)
        else:
            c.setFillColor(st.LAND)
            for polygon in basemap.land:
                self._path([ring for ring in polygon.rings], close=True, fill=True)
        c.setStrokeColor(st.BORDER)
        c.setLineWidth(0.8)
        c.setDash(3, 2)
        for line in basemap.borders:
            self._path([line], close=False, fill=False)
        c.setDash()
        self._place_point_labels()
        self._towns()
        self._country_names(basemap.countries)
        self._points()
        c.restoreState()
        self._scale_bar()
        self._north_arrow()
        c.setStrokeColor(st.RULE)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)

    def _path(self, lines: Sequence[Sequence[tuple[float, float]]], *, close: bool,
              fill: bool) -> None:
        c = self.canv
        path = c.beginPath()
        for line in lines:
            pts = [self._xy(*pt) for pt in line]
            path.moveTo(*pts[0])
            for pt in pts[1:]:
                path.lineTo(*pt)
            if close:
                path.close()
        # even-odd keeps lakes as holes
        c.drawPath(path, stroke=0 if fill else 1, fill=1 if fill else 0, fillMode=0)

    def _reserved(self) -> list[Rect]:
        """Corners the scale bar and north arrow use."""
        return [Rect(0, 0, self.width / 4 + 48, 20),
                Rect(self.width - 26, self.height - 34, 26, 34)]

    def _place_point_labels(self) -> None:
        c = self.canv
        anchors = [self._xy(p.lon, p.lat) for p in self.points]
        sizes = [(c.stringWidth(p.label, st.FONT_BOLD, _LABEL_SIZE) + 4, _LABEL_SIZE + 3)
                 for p in self.points]
        frame = Rect(2, 2, self.width - 4, self.height - 4)
        self.placements = place_labels(anchors, sizes, frame, marker_radius=_DOT + 0.8,
                                       obstacles=self._reserved())

    def _towns(self) -> None:
        """Natural Earth's populated places worth a label at this scale, each with its
        name beside it where it covers no location, label or other town (else left out)."""
        c = self.canv
        zoom = web_zoom(self.bbox, self.width / 72 * 96)
        towns = places_in(self.bbox, zoom, limit=60)
        if not towns:
            return
        anchors = [self._xy(t.lon, t.lat) for t in towns]
        sizes = [(c.stringWidth(t.name, st.FONT, 7) + 2, 9.0) for t in towns]
        keep_clear = [p.rect for p in self.placements] + self._reserved()
        keep_clear += [Rect(x - 5, y - 5, 10, 10)
                       for x, y in (self._xy(p.lon, p.lat) for p in self.points)]
        placed = place_labels(anchors, sizes, Rect(2, 2, self.width - 4, self.height - 4),
                              marker_radius=2.0, rings=1, obstacles=keep_clear)
        halo = colors.HexColor("#fbfaf6")  # opaque: no transparency groups in a PDF/A file
        for town, (x, y), placement in zip(towns, anchors, placed, strict=True):
            if placement.crowded:
                continue
            c.setFillColor(st.INK)
            c.rect(x - 1.6, y - 1.6, 3.2, 3.2, stroke=0, fill=1)
            r = placement.rect
            c.setFillColor(halo)
            c.rect(r.x, r.y, r.w, r.h, stroke=0, fill=1)
            c.setFillColor(st.INK)
            c.setFont(st.FONT, 7)
            c.drawString(r.x + 1, r.y + 2, town.name)
            self.town_labels.append(r)

    def _country_names(self, countries: Sequence[Country]) -> None:
        """Each country's name once, where it overprints no other name, label or point."""
        c = self.canv
        c.setFont(st.FONT_ITALIC, 7)
        c.setFillColor(colors.white if self.imagery else st.MUTED)
        taken = [p.rect for p in self.placements] + self._reserved() + self.town_labels
        taken += [Rect(x - 5, y - 5, 10, 10)
                  for x, y in (self._xy(p.lon, p.lat) for p in self.points)]
        fractions = ((0.5, 0.5), (0.25, 0.5), (0.75, 0.5), (0.5, 0.25), (0.5, 0.75),
                     (0.25, 0.25), (0.75, 0.75), (0.25, 0.75), (0.75, 0.25))
        for country in sorted(countries, key=lambda k: -k.bbox.width * k.bbox.height):
            box = country.bbox
            tw = c.stringWidth(country.name, st.FONT_ITALIC, 7)
            for fx, fy in fractions:
                lon, lat = box.west + box.width * fx, box.south + box.height * fy
                x, y = self._xy(lon, lat)
                rect = Rect(x - tw / 2 - 2, y - 2, tw + 4, 10)
                if not rect.inside(Rect(0, 0, self.width, self.height)):
                    continue
                if any(rect.overlaps(other, 2) for other in taken):
                    continue
                if country.contains(lon, lat):
                    c.drawCentredString(x, y, country.name)
                    taken.append(rect)
                    self.country_labels.append(rect)
                    break

    def _points(self) -> None:
        c = self.canv
        for placement in self.placements:
            if placement.leader:
                c.setStrokeColor(st.INK)
                c.setLineWidth(0.6)
                c.line(*placement.anchor, *placement.leader_end())
        for point in self.points:
            x, y = self._xy(point.lon, point.lat)
            c.setFillColor(st.POINT)
            c.setStrokeColor(colors.white)
            c.setLineWidth(0.8)
            c.circle(x, y, _DOT, stroke=1, fill=1)
        c.setFont(st.FONT_BOLD, _LABEL_SIZE)
        for point, placement in zip(self.points, self.placements, strict=True):
            r = placement.rect
            c.setFillColor(colors.white)
            c.setStrokeColor(st.INK)
            c.setLineWidth(0.4)
            c.rect(r.x, r.y, r.w, r.h, stroke=1 if placement.leader else 0, fill=1)
            c.setFillColor(st.INK)
            c.drawString(r.x + 2, r.y + 2.6, point.label)

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
        label = f"{length_km:g} km" if length_km >= 1 else f"{length_km * 1000:g} m"
        c.drawString(x0 + length + 4, y0, label)

    def _north_arrow(self) -> None:
        """A filled arrow and an N in the top right corner (north is up on every map)."""
        c = self.canv
        x, top = self.width - 13, self.height - 6
        c.setFillColor(colors.white)
        c.rect(x - 9, top - 27, 18, 27, stroke=0, fill=1)
        c.setFillColor(st.INK)
        c.setFont(st.FONT_BOLD, 7)
        c.drawCentredString(x, top - 7, "N")
        path = c.beginPath()
        path.moveTo(x, top - 9)
        path.lineTo(x + 4.5, top - 25)
        path.lineTo(x, top - 21)
        path.lineTo(x - 4.5, top - 25)
        path.close()
        c.drawPath(path, stroke=0, fill=1)
