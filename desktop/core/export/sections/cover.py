"""The cover page: what the case is, who exported it, when, and what it holds."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from desktop.core.export.blocks import Context, cell, fmt_date, grid, long_text, user_text
from desktop.core.export.paragraph import Paragraph
from desktop.core.export.text import para_text
from desktop.core.queries.dossier import DossierData


def cover(data: DossierData, ctx: Context) -> list[Flowable]:
    """Title, description, identity and counts of the case."""
    t, s = ctx.t, ctx.styles
    case = data.case
    out: list[Flowable] = [
        Spacer(1, 30 * mm),
        Paragraph(para_text(t("dossier")).upper(), s.subtitle),
        user_text(case.title, s.title),
    ]
    out += long_text(case.description, s.body)
    out.append(Spacer(1, 8 * mm))
    rows = [
        (t("case_id"), case.uid),
        (t("investigator"), case.created_by or t("name_not_given")),
        (t("created"), fmt_date(case.created_at, with_time=True)),
        (t("exported_by"), case.exported_by or t("name_not_given")),
        (t("export_date"), fmt_date(case.exported_at, with_time=True)),
        (t("version"), case.version),
    ]
    width = ctx.frame_width
    out.append(grid([[cell(k, s, bold=True), cell(v, s)] for k, v in rows],
                    [45 * mm, width - 45 * mm], header=False, zebra=False))
    out.append(Spacer(1, 6 * mm))
    counts = [
        (t("photos"), len(data.photos)),
        (t("annotations"), data.annotation_count),
        (t("claims"), len(data.claims)),
        (t("sources"), len(data.sources)),
        (t("locations"), len(data.locations)),
    ]
    out.append(Paragraph(para_text(t("counts")), s.h3))
    col = width / len(counts)
    out.append(grid([[cell(k, s, bold=True) for k, _ in counts],
                     [Paragraph(str(v), s.cell_center) for _, v in counts]],
                    [col] * len(counts), header=True, zebra=False))
    if len(data.photos) != case.total_photos or len(data.claims) != case.total_claims:
        out.append(Spacer(1, 3 * mm))
        out.append(Paragraph(para_text(t(
            "selection_note", photos=len(data.photos), all_photos=case.total_photos,
            claims=len(data.claims), all_claims=case.total_claims)), s.muted))
    out.append(Spacer(1, 8 * mm))
    check = data.verification
    if check is not None:
        out.append(Paragraph(para_text(t(
            "checked_note", when=fmt_date(check.checked_at, with_time=True),
            originals=check.originals, events=check.events)), s.body))
    else:
        out.append(Paragraph(para_text(t("unchecked_note")), s.body))
    out += [Spacer(1, 4 * mm), Paragraph(para_text(t("cover_note")), s.muted), PageBreak()]
    return out
