"""Sources: where each claim was published, with URLs, dates, languages and file hashes."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, PageBreak

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
from desktop.core.export.paragraph import Paragraph
from desktop.core.export.text import para_text
from desktop.core.queries.citations import CitationInfo
from desktop.core.queries.dossier import DossierData

QUOTE_BESIDE = 110
"""Characters of quotation printed beside a location or an annotation (the source's
section prints the whole quotation)."""


def citations_by_cited(data: DossierData) -> dict[str, list[tuple[str, CitationInfo]]]:
    """Every citation keyed by what it cites (``L3``, ``A12 → C3``), with its source's label,
    in the order of the sources and of their text."""
    out: dict[str, list[tuple[str, CitationInfo]]] = {}
    for src in data.sources:
        for c in src.citations:
            out.setdefault(c.cites, []).append((src.label, c))
    return out


def found_in(source_label: str, c: CitationInfo, t: Callable[..., str]) -> str:
    """``found in S2, p. 3, l. 14: “…quotation…”`` (plain text, to be escaped)."""
    quote = " ".join(c.quote.split())
    if len(quote) > QUOTE_BESIDE:  # a window that keeps what was found in view
        at = max(quote.find(" ".join(c.found_text.split())), 0)
        start = max(0, min(at - QUOTE_BESIDE // 3, len(quote) - QUOTE_BESIDE))
        window = quote[start:start + QUOTE_BESIDE - 2].strip(" …")
        quote = ("…" if start > 0 else "") + window + "…"
    return t("found_in", source=source_label, place=c.place, quote=quote)


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
