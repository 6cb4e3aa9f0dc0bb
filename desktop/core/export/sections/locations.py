"""Locations: a table of every point, the details of each, and the locator map."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from desktop.core.export.blocks import (
    Context,
    Heading,
    cell,
    field,
    grid,
    label,
    long_text,
    user_text,
)
from desktop.core.export.flowables import LocatorMap, MapPoint
from desktop.core.export.text import para_text
from desktop.core.geo_format import format_decimal, format_dms
from desktop.core.queries.dossier import DossierData, LocationInfo

_KIND_KEYS = {"camera": "camera_loc", "claimed": "claimed", "geolocated": "geolocated"}


def precision_text(meters: float | None) -> str:
    """``±10 m``, ``±1 km``, or a dash when unknown."""
    if meters is None:
        return "—"
    if meters >= 1000:
        return f"±{meters / 1000:.3g} km"
    return f"±{meters:.0f} m" if meters >= 10 else f"±{meters:.1f} m"


def _coords(loc: LocationInfo) -> tuple[str, str]:
    try:
        return format_decimal(loc.lat, loc.lon), format_dms(loc.lat, loc.lon)
    except ValueError:
        return f"{loc.lat}, {loc.lon}", ""


def locations(data: DossierData, ctx: Context) -> list[Flowable]:
    """All locations with coordinates in decimal and DMS, then a map with numbered points."""
    t, s = ctx.t, ctx.styles
    out: list[Flowable] = [Heading(t("locations"), s.h1, level=0, key="locations")]
    if not data.locations:
        out += [Paragraph(para_text(t("no_locations")), s.body), PageBreak()]
        return out
    w = ctx.frame_width
    rows: list[list[object]] = [[cell(h, s, bold=True) for h in (
        "#", t("name"), t("kind_col"), t("coordinates"), t("precision"), t("linked"))]]
    for loc in data.locations:
        decimal, dms = _coords(loc)
        rows.append([
            cell(loc.label, s, bold=True), cell(loc.name, s, limit=120),
            cell(t(_KIND_KEYS.get(loc.kind, loc.kind)), s),
            cell(f"{decimal}\n{dms}", s, mono=True), cell(precision_text(loc.precision_m), s),
            cell(", ".join(loc.linked + ((loc.photo_label,) if loc.photo_label else ())), s),
        ])
    out.append(grid(rows, [10 * mm, w * 0.22, 26 * mm, 52 * mm, 18 * mm,
                           w - 106 * mm - w * 0.22]))
    out.append(Spacer(1, 5 * mm))
    points = [MapPoint(loc.label, loc.lon, loc.lat) for loc in data.locations]
    map_height = min(ctx.frame_height * 0.5, w * 0.7)
    overview = LocatorMap(points, w, map_height)
    out.append(KeepTogether([
        Heading(t("map"), s.h2, level=1, key="map"),
        overview,
        Paragraph(para_text(t("map_note", attribution=_attribution())), s.muted),
    ]))
    lons = [p.lon for p in points]
    lats = [p.lat for p in points]
    extent = max(max(lons) - min(lons), max(lats) - min(lats))
    if len(points) > 1 and extent < overview.bbox.width * 0.05:
        # the points sit on top of each other at this scale: add a close-up of them
        out.append(KeepTogether([
            Paragraph(para_text(t("map_detail")), s.h3),
            LocatorMap(points, w, map_height * 0.6, min_span_deg=max(extent * 2.5, 0.005)),
        ]))
    for loc in data.locations:
        out += _detail(loc, ctx)
    out.append(PageBreak())
    return out


def _attribution() -> str:
    from desktop.core.basemap import ATTRIBUTION

    return ATTRIBUTION


def _detail(loc: LocationInfo, ctx: Context) -> list[Flowable]:
    t, s = ctx.t, ctx.styles
    decimal, dms = _coords(loc)
    title = f"{loc.label} — {loc.name}" if loc.name else loc.label
    out: list[Flowable] = [user_text(title, s.h3)]
    out.append(field(t("coordinates"), f"{decimal}   {dms}", s))
    out.append(field(t("precision"), precision_text(loc.precision_m), s))
    if loc.aliases:
        out.append(field(t("aliases"), " · ".join(loc.aliases), s))
    if loc.kind == "camera":
        # The raw EXIF GPS tags mean nothing to a reader; say where the position came from.
        out.append(Paragraph(para_text(t("from_exif")), s.muted))
    elif loc.raw_text:
        out.append(label(t("raw_text"), s))
        out += long_text(loc.raw_text, s.statement)
    if loc.note:
        out.append(label(t("note"), s))
        out += long_text(loc.note, s.statement)
    return out
