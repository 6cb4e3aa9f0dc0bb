"""One section per photo: the annotated photo, its provenance, and a crop per annotation."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table

from desktop.core.adjustments import describe_adjustments, is_neutral
from desktop.core.export.blocks import (
    Context,
    Heading,
    field,
    fmt_date,
    hash_field,
    heading,
    label,
    long_text,
)
from desktop.core.export.crop_figure import CropFigure
from desktop.core.export.flowables import MIN_PPI, AnnotatedImage, Shape
from desktop.core.export.paragraph import Paragraph
from desktop.core.export.scale_bar import photo_scale
from desktop.core.export.sections.measurement_fields import (
    measurement_fields,
    reference_field,
    shape_of,
)
from desktop.core.export.sections.sources import citations_by_cited, found_in
from desktop.core.export.sections.videos import frame_fields
from desktop.core.export.text import para_text
from desktop.core.geo_format import format_decimal, format_dms
from desktop.core.queries.citations import CitationInfo
from desktop.core.queries.dossier import AnnotationInfo, ClaimRef, DossierData, PhotoInfo
from desktop.core.timefmt import camera_time

Cited = dict[str, list[tuple[str, CitationInfo]]]
"""Citations by what they cite (``sources.citations_by_cited``)."""
CROP_WIDTH = 70 * mm
CONTEXT_WIDTH = 32 * mm  # the whole photo under a crop, showing where the crop is
CROP_HEIGHT = 60 * mm


def photos(data: DossierData, ctx: Context) -> list[Flowable]:
    """A chapter heading, then each photo on its own pages."""
    out: list[Flowable] = [Heading(ctx.t("photos"), ctx.styles.h1, level=0, key="photos")]
    cited = citations_by_cited(data)
    for index, photo in enumerate(data.photos):
        out += photo_section(photo, ctx, cited, first=index == 0)
    return out


def photo_section(photo: PhotoInfo, ctx: Context, cited: Cited, *,
                  first: bool = False) -> list[Flowable]:
    """The photo with every annotation drawn, its details, then each annotation."""
    t, s = ctx.t, ctx.styles
    out: list[Flowable] = [] if first else [PageBreak()]
    out.append(heading(f"{t('photo')} {photo.label} — {photo.file_name}", s.h2, level=1,
                       key=f"photo-{photo.id}"))
    prepared = ctx.images.get(photo.uid)
    shapes = [shape_of(a) for a in photo.annotations]
    if prepared is not None and prepared.ok:
        image = AnnotatedImage(prepared.jpeg, prepared.size,
                               (0, 0, photo.width, photo.height), shapes,
                               ctx.frame_width, ctx.frame_height * 0.55,
                               key=prepared.jpeg_key)
        out.append(image)
        if image.capped:  # a small original: printed smaller rather than blown up
            out.append(Paragraph(para_text(t("printed_small", ppi=MIN_PPI,
                                             width=photo.width, height=photo.height)),
                                 s.muted))
    else:
        reason = prepared.error if prepared is not None else ""
        out.append(Paragraph(para_text(t("photo_missing") + (f" ({reason})" if reason else "")),
                             s.muted))
    out.append(Spacer(1, 3 * mm))
    out += _details(photo, ctx, cited)
    if not photo.annotations:
        out.append(Paragraph(para_text(t("no_annotations")), s.muted))
    for ann in photo.annotations:
        out += _annotation(photo, ann, ctx, cited)
    return out


def camera_time_text(taken_at: str | None, t: Callable[..., str]) -> str:
    """The EXIF time as camera time, with the zone EXIF gave or "zone unknown"."""
    found = camera_time(taken_at)
    if found is None:
        return ""
    return t("camera_time", time=found.local, zone=found.zone or t("zone_unknown"))


def _details(photo: PhotoInfo, ctx: Context, cited: Cited) -> list[Flowable]:
    t, s = ctx.t, ctx.styles
    gps = t("no_gps")
    if photo.gps is not None:
        lat, lon = photo.gps
        try:
            gps = f"{format_decimal(lat, lon)}  ({format_dms(lat, lon)})"
        except ValueError:
            gps = f"{lat}, {lon}"
    out = [
        hash_field(t("sha256"), photo.sha256, s),
        field(t("file_name"), photo.file_name, s),
        field(t("camera"), photo.camera, s),
        field(t("taken_at"), camera_time_text(photo.taken_at, t), s),
        field(t("gps"), gps, s),
        field(t("imported"), fmt_date(photo.imported_at, with_time=True)
              + (f" {t('by')} {photo.imported_by}" if photo.imported_by else ""), s),
        field(t("pixels"), t("pixels_value", width=photo.width, height=photo.height,
                             size=f"{photo.byte_size:,}".replace(",", t("thousands_sep"))),
              s),
    ]
    out += frame_fields(photo, ctx)
    out += _provenance(photo, ctx)
    if photo.flags:
        out.append(field(t("flags"), ", ".join(photo.flags), s))
    if photo.tags:
        out.append(field(t("tags"), ", ".join(photo.tags), s))
    if photo.locations:
        out.append(field(t("found_at"), ", ".join(photo.locations), s))
    if photo.claims:  # the links and where they were read stay on one page
        out.append(KeepTogether([field(t("linked_claims"), _refs(photo.claims, t), s),
                                 *_cited_links(photo.label, photo.claims, cited, ctx)]))
    if photo.notes:
        # the label never ends a page alone: it is kept with the first paragraph
        first, *rest = long_text(photo.notes, s.statement) or [Spacer(1, 0)]
        out.append(KeepTogether([label(t("photo_notes"), s), first]))
        out += rest
    return out


def _provenance(photo: PhotoInfo, ctx: Context) -> list[Flowable]:
    """Who took it, who provided it, how, when and from where; "not recorded" for gaps."""
    t, s = ctx.t, ctx.styles
    p = photo.provenance
    missing = t("not_recorded")
    how = t(p.acquisition) if p.acquisition and p.acquisition != "unknown" else missing
    source = f"{p.source_label} — {p.source_title}" if p.source_label else missing
    heading = Paragraph(f"<b>{para_text(t('provenance'))}</b>", s.field)
    return [Spacer(1, 1.5 * mm), KeepTogether([
        heading,
        field(t("taken_by"), p.taken_by or missing, s),
        field(t("provided_by"), p.provided_by or missing, s),
        field(t("acquisition"), how, s),
        field(t("original_url"), p.original_url or missing, s, links=True),
        field(t("obtained_at"), fmt_date(p.obtained_at, with_time=True) or missing, s),
        field(t("provenance_source"), source, s),
    ]), Spacer(1, 1.5 * mm)]


def _cited_links(label: str, refs: tuple[ClaimRef, ...], cited: Cited,
                 ctx: Context) -> list[Flowable]:
    """Where in a source each link from ``label`` to a claim was read, beside the link."""
    t = ctx.t
    return [field(t("cited"), f"{ref.label}: {found_in(source_label, c, t)}", ctx.styles)
            for ref in refs for source_label, c in cited.get(f"{label} → {ref.label}", ())]


def _refs(refs: tuple[ClaimRef, ...], t: Callable[..., str]) -> str:
    return ", ".join(f"{r.label} ({t(r.stance)})" for r in refs)


SHORT_NOTES = 400  # characters: notes this short are kept on the page with their annotation


def _annotation(photo: PhotoInfo, ann: AnnotationInfo, ctx: Context,
                cited: Cited) -> list[Flowable]:
    t, s = ctx.t, ctx.styles
    title = f"{t('annotation')} {ann.label} — {t(ann.kind)} ({photo.label} #{ann.number})"
    heading = Paragraph(para_text(title), s.h3)
    lines: list[Flowable] = [
        field(t("kind"), f"{t(ann.kind)} ({t(ann.shape_type)})", s),
    ]
    if ann.is_redaction:
        lines.append(Paragraph(para_text(t("redacted")), s.muted))
    elif ann.withheld:
        # The number and kind stay, so the numbering on the photo still reads; nothing of
        # what the redaction covers is printed (the query already left the text out).
        lines.append(Paragraph(para_text(t("withheld")), s.muted))
        if ann.claims:
            lines.append(field(t("linked_claims"), _refs(ann.claims, t), s))
    else:
        lines.append(field(t("transcription"), _first_line(ann.transcription), s))
        lines.append(field(t("confidence"), t(ann.confidence), s))
        if ann.measurement is not None:
            lines += measurement_fields(ann.measurement, ctx)
        elif ann.reference is not None:  # a size, not a marking: what it gives
            lines.append(reference_field(ann.reference, ctx))
        elif ann.kind != "scale_reference":
            lines.append(field(t("catalog_match"), _match_text(ann, t), s))
        if ann.claims:
            lines.append(field(t("linked_claims"), _refs(ann.claims, t), s))
        lines += _cited_links(ann.label, ann.claims, cited, ctx)
        adjustments = photo.view_adjustments
        lines.append(Paragraph(para_text(
            t("shown_with", what=describe_adjustments(adjustments))
            if not is_neutral(adjustments) else t("shown_unadjusted")), s.muted))
    prepared = ctx.images.get(photo.uid)
    # the reference a measurement here uses (a measurement's own, for a measurement)
    scale = photo_scale(photo.annotations, ann.points, reference_label=(
        ann.measurement.reference_label if ann.measurement is not None else ""))
    crop = (prepared.crop(ann.number)
            if prepared is not None and prepared.ok and not ann.withheld else None)
    block: list[Flowable] = [heading]
    if crop is not None and prepared is not None:  # (a crop comes with its photo)
        image = AnnotatedImage(crop.jpeg, crop.size, crop.box,
                               [shape_of(ann)], CROP_WIDTH, CROP_HEIGHT,
                               pad=4)
        # The whole photo under the crop, the crop's area outlined and joined to the crop
        # by leader lines: where on the item the marking is (the photo page's JPEG, stored
        # once).
        left, top, right_px, bottom = crop.box
        area = ((left, top), (right_px, top), (right_px, bottom), (left, bottom))
        context = AnnotatedImage(prepared.jpeg, prepared.size,
                                 (0, 0, photo.width, photo.height),
                                 [Shape("", area)], CONTEXT_WIDTH, CONTEXT_WIDTH, pad=0,
                                 key=prepared.jpeg_key)
        # a rectangle reference's scale is taken where the marking is (its plane's map)
        figure = CropFigure(image, context, crop.box, marking=ann.points,
                            mm_per_px=scale.at(_centre(ann.bbox)) if scale else None)
        right = ctx.frame_width - CROP_WIDTH - 6 * mm
        if figure.bar is not None and scale is not None:
            note = "scale_bar_note_plane" if scale.plane else "scale_bar_note"
            lines.append(Paragraph(para_text(t(note, ref=scale.reference,
                                               reading=scale.reading)), s.muted))
        table = Table([[figure, lines]],
                      colWidths=[CROP_WIDTH + 4 * mm, right + 2 * mm])
        table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0)])
        block.append(table)
    else:
        block += lines
    # Long texts flow below, outside the table, so they can run across pages; short notes
    # stay with their annotation so a page never starts with a stray line of notes.
    rest = ann.transcription.split("\n", 1)[1] if "\n" in ann.transcription else ""
    flowing: list[Flowable] = []
    if len(ann.transcription) > 300 or rest:
        flowing.append(label(t("transcription"), s))
        flowing += long_text(ann.transcription, s.statement)
    if ann.notes:
        notes = [label(t("notes"), s), *long_text(ann.notes, s.statement)]
        if len(ann.notes) <= SHORT_NOTES and "\n" not in ann.notes:
            block += notes
        else:
            flowing += notes
    out: list[Flowable] = [KeepTogether(block), *flowing]
    # The gap goes before the next annotation, not after this one: a trailing spacer that
    # spilt onto a fresh page made the chapter's page break leave that page blank.
    return [Spacer(1, 3 * mm), *out]


def _match_text(ann: AnnotationInfo, t: Callable[..., str]) -> str:
    if ann.match is None:
        return t("no_match")
    match = f"{ann.match.code}: {ann.match.system}"
    return match + (f" ({ann.match.origin})" if ann.match.origin else "")


def _centre(box: tuple[float, float, float, float]) -> tuple[float, float]:
    left, top, right, bottom = box
    return (left + right) / 2, (top + bottom) / 2


def _first_line(text: str) -> str:
    line = text.split("\n", 1)[0]
    return line if len(line) <= 300 else line[:299] + "…"
