"""Summary of findings: every claim with who said it, where, its status and its evidence."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, TableStyle

from desktop.core.export import styles as st
from desktop.core.export.blocks import (
    Context,
    Heading,
    cell,
    field,
    fmt_date,
    grid,
    heading,
    long_text,
)
from desktop.core.export.paragraph import Paragraph
from desktop.core.export.text import para_text, short
from desktop.core.queries.dossier import ClaimInfo, ClaimRelation, DossierData

SYMBOLS = {"supports": "✓", "contradicts": "✗", "context": "○"}
COLOURS = {"supports": st.SUPPORTS, "contradicts": st.CONTRADICTS, "context": st.CONTEXT}
MATRIX_MAX_COLUMNS = 8


def summary(data: DossierData, ctx: Context) -> list[Flowable]:
    """One block per claim, then the claim x evidence matrix."""
    t, s = ctx.t, ctx.styles
    out: list[Flowable] = [Heading(t("summary"), s.h1, level=0, key="summary")]
    if not data.claims:
        out.append(Paragraph(para_text(t("no_claims")), s.body))
    for claim in data.claims:
        out += _claim(claim, ctx)
    if data.claims:
        out += _matrix(data, ctx)
    out.append(PageBreak())
    return out


def _claim(claim: ClaimInfo, ctx: Context) -> list[Flowable]:
    t, s = ctx.t, ctx.styles
    who = claim.actor or short(claim.statement, 60)
    head = heading(f"{claim.label} — {who}", s.h2, level=1, key=f"claim-{claim.id}")
    colour = {"corroborated": "#1b7a3a", "refuted": "#b3261e", "disputed": "#9a5b00"}.get(
        claim.status, "#5b6570")
    status = Paragraph(
        f'{para_text(t("status"))}{t("colon")} <font color="{colour}">'
        f"<b>{para_text(t(claim.status))}</b></font>", s.body)
    out: list[Flowable] = [KeepTogether([head, status])]
    out += long_text(claim.statement, s.statement)
    actor = claim.actor
    if claim.actor_affiliation:
        actor = f"{actor} ({claim.actor_affiliation})"
    out.append(field(t("actor"), actor, s))
    source = f"[{claim.source_label}] {claim.source}" if claim.source_label else claim.source
    out.append(field(t("source"), source, s))
    out.append(field(t("claimed_on"), fmt_date(claim.claimed_on), s))
    if claim.about_when:
        out.append(field(t("about_when"), claim.about_when, s))
    if claim.locations:
        out.append(field(t("locations"), ", ".join(claim.locations), s))
    if claim.note:
        out.append(field(t("note"), claim.note, s))
    out.append(Paragraph(para_text(t("evidence")), s.h3))
    items = [ev for ev in claim.evidence if not ev.from_claim]
    if not items:
        out.append(Paragraph(para_text(t("no_evidence")), s.muted))
    for ev in items:
        colour = _hex(COLOURS.get(ev.stance, st.CONTEXT))
        symbol = SYMBOLS.get(ev.stance, "·")
        text = (f'<font color="{colour}"><b>{symbol} {para_text(t(ev.stance))}</b></font>'
                f"\u00a0\u00a0{para_text(ev.kind_in(t))}")
        if ev.withheld:
            text += f' — <i>{para_text(t("withheld_short"))}</i>'
        if ev.note:
            text += f' — <i>{para_text(ev.note)}</i>'
        out.append(Paragraph(text, s.field))
    if claim.relations:
        out.append(Paragraph(para_text(t("claim_relations")), s.h3))
    for rel in claim.relations:
        out.append(Paragraph(_relation(rel, ctx), s.field))
    out.append(Spacer(1, 4 * mm))
    return out


def _relation(rel: ClaimRelation, ctx: Context) -> str:
    """ "✗ C3 (MoD) contradicts this claim" or "✗ contradicts C2 (ANAMA)", as markup."""
    t = ctx.t
    colour = _hex(COLOURS.get(rel.stance, st.CONTEXT))
    symbol = f'<font color="{colour}"><b>{SYMBOLS.get(rel.stance, "·")}</b></font>'
    verb = f'<font color="{colour}"><b>{para_text(t(rel.stance))}</b></font>'
    other = para_text(f"{rel.label} ({rel.actor})" if rel.actor else rel.label)
    key = "relation_out" if rel.outgoing else "relation_in"
    text = f"{symbol}\u00a0\u00a0{t(key, verb=verb, other=other)}"
    if rel.note:
        text += f" — <i>{para_text(rel.note)}</i>"
    return text


def _matrix(data: DossierData, ctx: Context) -> list[Flowable]:
    """Rows are evidence items, columns are claims; split into chunks of a few claims."""
    t, s = ctx.t, ctx.styles
    keys: list[str] = []
    described: dict[str, str] = {}
    for claim in data.claims:
        for ev in claim.evidence:
            if ev.key not in described:
                keys.append(ev.key)
                described[ev.key] = (f"{ev.kind_in(t)} — {t('withheld_short')}"
                                     if ev.withheld else ev.kind_in(t))
    out: list[Flowable] = [Heading(t("matrix"), s.h2, level=1, key="matrix")]
    if not keys:
        out.append(Paragraph(para_text(t("no_evidence")), s.muted))
        return out
    out.append(Paragraph(para_text(t("matrix_legend")), s.muted))
    claims = list(data.claims)
    for start in range(0, len(claims), MATRIX_MAX_COLUMNS):
        chunk = claims[start:start + MATRIX_MAX_COLUMNS]
        col = 14 * mm
        first = ctx.frame_width - col * len(chunk)
        rows: list[list[object]] = [[cell(t("evidence"), s, bold=True)]
                                    + [Paragraph(f"<b>{c.label}</b>", s.cell_center)
                                       for c in chunk]]
        for key in keys:
            row: list[object] = [cell(short(described[key], 160), s)]
            for claim in chunk:
                stance = next((ev.stance for ev in claim.evidence if ev.key == key), "")
                row.append(Paragraph(_symbol(stance), s.cell_center))
            rows.append(row)
        table = grid(rows, [first] + [col] * len(chunk))
        table.setStyle(TableStyle([("VALIGN", (1, 0), (-1, -1), "MIDDLE")]))
        out += [Spacer(1, 2 * mm), table]
    return out


def _hex(colour: st.colors.Color) -> str:
    return "#" + colour.hexval()[2:]


def _symbol(stance: str) -> str:
    if not stance:
        return ""
    return f'<font color="{_hex(COLOURS[stance])}"><b>{SYMBOLS[stance]}</b></font>'
