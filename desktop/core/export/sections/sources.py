"""Sources: where each claim was published, with URLs, dates, languages and file hashes."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Paragraph

from desktop.core.export.blocks import (
    Context,
    Heading,
    field,
    fmt_date,
    hash_field,
    label,
    long_text,
    user_text,
)
from desktop.core.export.text import para_text
from desktop.core.queries.citations import CitationInfo
from desktop.core.queries.dossier import DossierData


def _citation(c: CitationInfo, ctx: Context) -> Flowable:
    """``L3  50.45012, 30.52340 — p. 1, l. 7 of the attached file: “…quotation…”``."""
    t = ctx.t
    origin = t("cite_file") if c.origin == "file" else t("cite_text")
    place = t("cite_place", place=c.place, origin=origin)
    return Paragraph(
        f"<b>{para_text(c.cites)}</b>\u00a0\u00a0{para_text(c.found_text)} — "
        f"{para_text(place)}: “{para_text(c.quote, keep_newlines=False)}”",
        ctx.styles.field)


def sources(data: DossierData, ctx: Context) -> list[Flowable]:
    """Every source of the case in full."""
    t, s = ctx.t, ctx.styles
    out: list[Flowable] = [Heading(t("sources"), s.h1, level=0, key="sources")]
    if not data.sources:
        out.append(Paragraph(para_text(t("no_sources")), s.body))
    for src in data.sources:
        out.append(user_text(f"[{src.label}] {src.title}", s.h3))
        out.append(field(t("publisher"), src.publisher, s))
        out.append(field(t("url"), src.url, s, links=True))
        out.append(field(t("language"), src.language, s))
        out.append(field(t("published"), fmt_date(src.published_on), s))
        out.append(field(t("retrieved"), fmt_date(src.retrieved_on), s))
        if src.file_sha256:
            out.append(field(t("captured_file"), src.file_name or "", s))
            out.append(hash_field(t("sha256"), src.file_sha256, s))
        if src.citations:
            out.append(label(t("cited_in_source"), s))
            out += [_citation(c, ctx) for c in src.citations]
        if src.notes:
            out.append(label(t("notes"), s))
            out += long_text(src.notes, s.statement)
    out.append(PageBreak())
    return out
