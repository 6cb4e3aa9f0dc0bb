"""Locations: a table of every point, the details of each, and the locator map."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

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
from desktop.core.export.locator_map import LocatorMap, MapPoint, imagery_for
from desktop.core.export.paragraph import Paragraph
from desktop.core.export.sections.sources import citations_by_cited, found_in
from desktop.core.export.text import para_text
from desktop.core.geo_format import format_decimal, format_dms, precision_phrase
from desktop.core.places import nearest_place
from desktop.core.queries.citations import CitationInfo
from desktop.core.queries.dossier import DossierData, LocationInfo

_KIND_KEYS = {"camera": "camera_loc", "claimed": "claimed", "geolocated": "geolocated"}


def precision_text(loc: LocationInfo, language: str = "en") -> str:
    """The precision the location's source gave (``to the second: about 30 m``), never
    finer; a dash when unknown."""
    if loc.precision_m is None:
        return "—"
    return precision_phrase(loc.notation, loc.precision_m, kind=loc.kind, lang=language)


def _coords(loc: LocationInfo) -> tuple[str, str]:
    try:
        return format_decimal(loc.lat, loc.lon), format_dms(loc.lat, loc.lon)
    except ValueError:
        return f"{loc.lat}, {loc.lon}", ""


def locations(data: DossierData, ctx: Context) -> list[Flowable]:
    """All locations with coordinates in decimal and DMS, then a map with numbered points."""
    t, s = ctx.t, ctx.styles
    language = data.options.language
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
            cell(f"{decimal}\n{dms}", s, mono=True), cell(precision_text(loc, language), s),
            cell(", ".join(loc.linked + ((loc.photo_label,) if loc.photo_label else ())), s),
        ])
    out.append(grid(rows, [10 * mm, w * 0.2, 24 * mm, 50 * mm, 30 * mm,
                           w - 114 * mm - w * 0.2]))
    out.append(Spacer(1, 5 * mm))
    points = [MapPoint(loc.label, loc.lon, loc.lat) for loc in data.locations]
    map_height = min(ctx.frame_height * 0.5, w * 0.7)
    overview = LocatorMap(points, w, map_height)
    out.append(KeepTogether([
        Heading(t("map"), s.h2, level=1, key="map"),
        overview,
        Paragraph(para_text(t("map_note", attribution=_attribution())), s.muted),
    ]))
    out += _close_up(data, points, overview, ctx, map_height * 0.6)
    cited = citations_by_cited(data)
    for loc in data.locations:
        out += _detail(loc, ctx, language, cited.get(loc.label, []))
    out.append(PageBreak())
    return out


def _attribution() -> str:
    from desktop.core.basemap import ATTRIBUTION

    return ATTRIBUTION


def _close_up(data: DossierData, points: list[MapPoint], overview: LocatorMap,
              ctx: Context, height: float) -> list[Flowable]:
    """A close-up of the points when they crowd the overview, or when the case has an
    offline basemap of their area (drawn from its tiles, with its attribution)."""
    t, s, w = ctx.t, ctx.styles, ctx.frame_width
    lons = [p.lon for p in points]
    lats = [p.lat for p in points]
    extent = max(max(lons) - min(lons), max(lats) - min(lats))
    crowded = len(points) > 1 and extent < overview.bbox.width * 0.05
    span = max(extent * 2.5, 0.005)
    detail = LocatorMap(points, w, height, min_span_deg=span)
    imagery = imagery_for(detail.bbox, data.basemaps, w) if data.basemaps else None
    if not crowded and imagery is None:
        return []
    if imagery is not None:
        detail = LocatorMap(points, w, height, min_span_deg=span, imagery=imagery)
    parts: list[Flowable] = [Paragraph(para_text(t("map_detail")), s.h3), detail]
    if imagery is not None:
        credit = imagery.attribution or t("no_attribution")
        parts.append(Paragraph(para_text(t("map_imagery", name=imagery.name, credit=credit)),
                               s.muted))
    return [KeepTogether(parts)]


def _near_text(loc: LocationInfo, ctx: Context, language: str) -> str:
    """``6.2 km S of Stepanakert``: the nearest Natural Earth place within 50 km."""
    found = nearest_place(loc.lat, loc.lon)
    if found is None:
        return ""
    metres = found.distance_m
    if metres < 1000:
        distance = f"{metres:.0f} m"
    else:
        distance = f"{metres / 1000:.0f} km" if metres >= 10_000 else f"{metres / 1000:.1f} km"
    direction = found.direction
    if language == "fr":
        distance, direction = distance.replace(".", ","), direction.replace("W", "O")
    return ctx.t("near_text", distance=distance, direction=direction, name=found.place.name)


def _detail(loc: LocationInfo, ctx: Context, language: str,
            cited: list[tuple[str, CitationInfo]]) -> list[Flowable]:
    t, s = ctx.t, ctx.styles
    decimal, dms = _coords(loc)
    title = f"{loc.label} — {loc.name}" if loc.name else loc.label
    out: list[Flowable] = [user_text(title, s.h3)]
    out.append(field(t("coordinates"), f"{decimal}   {dms}", s))
    out.append(field(t("precision"), precision_text(loc, language), s))
    near = _near_text(loc, ctx, language)
    if near:
        out.append(field(t("near"), near, s))
    if loc.aliases:
        out.append(field(t("aliases"), " · ".join(loc.aliases), s))
    for source_label, c in cited:  # where the coordinates were read, beside them
        out.append(field(t("cited"), found_in(source_label, c, t), s))
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
