"""The integrity appendix: hashes of originals, the audit log, how to verify, citations."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Preformatted, Spacer

from desktop.core.export.blocks import Context, Heading, cell, field, fmt_date, grid
from desktop.core.export.text import para_text
from desktop.core.queries.dossier import DossierData


def integrity(data: DossierData, ctx: Context) -> list[Flowable]:
    """Originals, audit log (full or its head), verification steps, catalog citations."""
    t, s = ctx.t, ctx.styles
    w = ctx.frame_width
    out: list[Flowable] = [Heading(t("integrity"), s.h1, level=0, key="integrity")]

    out.append(Heading(t("originals"), s.h2, level=1, key="originals"))
    rows: list[list[object]] = [[cell(h, s, bold=True)
                                 for h in ("#", t("file_name"), t("sha256"))]]
    for photo in data.photos:
        rows.append([cell(photo.label, s, bold=True), cell(photo.file_name, s, limit=200),
                     cell(photo.sha256, s, mono=True)])
    for src in data.sources:
        if src.file_sha256:
            rows.append([cell(src.label, s, bold=True), cell(src.file_name or src.title, s,
                                                             limit=200),
                         cell(src.file_sha256, s, mono=True)])
    out.append(grid(rows, [12 * mm, w - 12 * mm - 92 * mm, 92 * mm]))

    audit = data.audit
    out.append(Heading(t("audit_log"), s.h2, level=1, key="audit"))
    out.append(field(t("audit_head"), audit.head_hash, s, mono=True))
    state = t("chain_ok") if audit.problems == 0 else t("chain_broken", n=audit.problems)
    out.append(Paragraph(para_text(t("audit_count", count=audit.count, state=state)), s.body))
    intro = (t("audit_all", count=audit.count) if audit.complete
             else t("audit_last", n=len(audit.events), count=audit.count))
    out.append(Paragraph(para_text(intro), s.muted))
    rows = [[cell(h, s, bold=True) for h in
             ("#", t("time"), t("who"), t("action"), t("object"), t("hash"))]]
    for ev in audit.events:
        ident = ev.label or (str(ev.object_id) if ev.object_id is not None else "")
        obj = f"{ev.object_type} {ident}".strip()
        rows.append([cell(str(ev.id), s), cell(fmt_date(ev.at, with_time=True), s),
                     cell(ev.investigator, s, limit=80), cell(ev.action, s, limit=80),
                     cell(obj, s, limit=60), cell(ev.hash, s, mono=True)])
    out.append(grid(rows, [10 * mm, 30 * mm, 26 * mm, 30 * mm, 24 * mm, w - 120 * mm]))

    out.append(Heading(t("how_to_verify"), s.h2, level=1, key="verify"))
    out.append(Paragraph(para_text(t("verify_text")), s.body))
    out.append(Preformatted("sha256sum FILE                      (Linux)\n"
                            "shasum -a 256 FILE                 (macOS)\n"
                            "certutil -hashfile FILE SHA256     (Windows)", s.code))
    out.append(Paragraph(para_text(t("verify_bag")), s.body))
    out.append(Preformatted("fragment verify-bag BAG_FOLDER\n"
                            "bagit.py --validate BAG_FOLDER", s.code))
    out.append(Paragraph(para_text(t("verify_audit")), s.body))
    out.append(Preformatted("fragment verify CASE.fragment", s.code))
    out.append(Paragraph(para_text(t("verify_pdf")), s.body))

    out.append(Heading(t("citations"), s.h2, level=1, key="citations"))
    if not data.citations:
        out.append(Paragraph(para_text(t("no_citations")), s.muted))
    for match in data.citations:
        text = f"<b>{para_text(match.code)}</b> — {para_text(match.system)}"
        if match.citation:
            text += f". {para_text(match.citation)}"
        out.append(Paragraph(text, s.body))
    out.append(Spacer(1, 4 * mm))
    return out
