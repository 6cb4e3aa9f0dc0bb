"""A measurement in the dossier: its value, the reference used, the pointing error, the
caveats and the comparison with the catalog, with the published figure's source as a link.

Every sentence is built here from the measurement's fields and the dossier's fixed texts
(English and French); the catalog's own words (a feature such as "body diameter", a
citation) are printed as published.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from desktop.core.export.blocks import Context, field
from desktop.core.export.flowables import Shape
from desktop.core.lengths import format_mm
from desktop.core.queries.dossier import AnnotationInfo
from desktop.core.queries.measurements import MeasurementInfo, ReferenceInfo

OPEN_SHAPES = ("line", "polyline")


def shape_of(ann: AnnotationInfo, label: str | None = None) -> Shape:
    """How an annotation is drawn on a photo or a crop (a measured line is an open path)."""
    return Shape(ann.label if label is None else label, ann.points, ann.is_redaction,
                 open=ann.shape_type in OPEN_SHAPES)


def reference_field(r: ReferenceInfo, ctx: Context) -> Flowable:
    """The line printed under a scale reference: the size it gives (and for a plane, which
    side was taken for which), or that it cannot be used."""
    t, s = ctx.t, ctx.styles
    if r.kind == "plane":
        gives = t("m_gives_plane", size=r.given, side=format_mm(r.first_mm or 0.0))
    elif r.kind == "line":
        gives = r.given
    else:
        gives = t("m_gives_nothing")
    return field(t("m_gives"), gives, s)


def measurement_fields(m: MeasurementInfo, ctx: Context) -> list[Flowable]:
    """The lines printed under a measurement annotation."""
    t, s = ctx.t, ctx.styles
    if m.value_text and m.value_mm is not None:
        value = t("m_value_text", value=m.value_text)
    elif m.error and m.reference_label:
        value = f"{m.pixels:.0f} px: " + t("m_not_measured", ref=m.reference_label)
    else:
        value = t("m_pixels", pixels=f"{m.pixels:.0f}")
    out: list[Flowable] = [field(t("m_value"), value, s)]
    if m.reference_label:
        which = t("m_ref_plane" if m.reference_kind == "plane" else "m_ref_line",
                  ref=m.reference_label, reading=m.reference_reading,
                  side=format_mm(m.reference_first_mm or 0.0))
        why = t(f"m_choice_{m.reference_choice_key}", count=m.reference_count)
        out.append(field(t("m_reference"), f"{which} ({why})", s))
        out.append(field(t("m_pointing"), t("m_pointing_value",
                                             px=f"{m.pointing_error_px:g}"), s))
    for key in dict.fromkeys(m.warning_keys):  # a reference problem is said once
        out.append(field(t("m_caveat"), t(f"mw_{key}"), s))
    for c in m.comparisons:
        verdict = t("m_consistent" if c.consistent else "m_not_consistent", code=c.code,
                    feature=c.feature, published=c.published,
                    difference=format_mm(abs(c.difference_mm)),
                    allowed=format_mm(c.allowed_mm))
        out.append(field(t("m_catalog"), f"{m.value_text} {verdict}", s))
        out.append(field(t("m_published_in"), c.citation, s, links=True))
    if m.comparison_note_key:
        out.append(field(t("m_catalog"), t(
            f"mc_{m.comparison_note_key}", feature=m.feature,
            codes=", ".join(m.candidates), listed=", ".join(m.listed_features) or "—"), s))
    return out
