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
from desktop.core.queries.dossier import DossierData


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
        if src.notes:
            out.append(label(t("notes"), s))
            out += long_text(src.notes, s.statement)
    out.append(PageBreak())
    return out
