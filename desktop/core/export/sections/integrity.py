"""The integrity appendix: hashes of originals, the audit log, how to verify, citations."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)

from desktop.core.export import styles as st
from desktop.core.export.blocks import (
    Context,
    Heading,
    cell,
    command_line,
    fmt_date,
    grid,
    hash_cell,
    hash_field,
    no_orphans,
)
from desktop.core.export.paragraph import Paragraph
from desktop.core.export.reader_kit import verify_commands
from desktop.core.export.sections.videos import videos_appendix
from desktop.core.export.text import linked_text, para_text, web_addresses
from desktop.core.queries.dossier import DossierData
from desktop.core.queries.dossier_audit import LOG_FILE_NAME, AuditEventInfo


def how_to_verify(data: DossierData, ctx: Context) -> list[Flowable]:
    """The reader's steps, with commands that work literally on the bag as delivered."""
    t, s = ctx.t, ctx.styles
    head = data.audit.head_hash
    check = data.verification
    bag = check.bag_name if check else None
    commands = verify_commands(bag, head, check.pdf_name if check else "dossier.pdf")
    out: list[Flowable] = [Heading(t("how_to_verify"), s.h2, level=1, key="verify")]
    out.append(Paragraph(para_text(t("verify_intro", head=head, count=data.audit.count)),
                         s.body))
    if bag is None:
        out.append(Paragraph(para_text(t("verify_bag_name")), s.muted))
    steps = (("verify_step_bag", ("bag",)), ("verify_step_pdf", ("log", "hash")),
             ("verify_step_script", ("script",)), ("verify_step_case", ("case",)))
    for step, names in steps:  # a step never parts from its commands across a page break
        out.append(KeepTogether([Paragraph(para_text(t(step)), s.body),
                                 *(command_line(commands[name], ctx) for name in names)]))
    out.append(Paragraph(para_text(t("verify_limits")), s.muted))
    return out


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
                     hash_cell(photo.sha256, s)])
    for src in data.sources:
        if src.file_sha256:
            rows.append([cell(src.label, s, bold=True), cell(src.file_name or src.title, s,
                                                             limit=200),
                         hash_cell(src.file_sha256, s)])
    for video in data.videos:
        rows.append([cell(video.label, s, bold=True), cell(video.file_name, s, limit=200),
                     hash_cell(video.sha256, s)])
    hash_col = st.hash_width()
    out.append(grid(rows, [12 * mm, w - 12 * mm - hash_col, hash_col]))

    audit = data.audit
    out.append(Heading(t("audit_log"), s.h2, level=1, key="audit"))
    out.append(hash_field(t("audit_head"), audit.head_hash, s))
    state = t("chain_ok") if audit.problems == 0 else t("chain_broken", n=audit.problems)
    out.append(Paragraph(para_text(t("audit_count", count=audit.count, state=state)), s.body))
    intro = (t("audit_all", count=audit.count) if audit.complete
             else t("audit_last", n=len(audit.events), count=audit.count))
    out.append(Paragraph(para_text(intro), s.muted))
    if audit.log_csv:
        out.append(Paragraph(para_text(t("audit_attached", count=audit.count,
                                         file=LOG_FILE_NAME)), s.muted))
    events = list(audit.events)
    for start in range(0, len(events), AUDIT_EVENTS_PER_TABLE):
        out.append(_audit_table(events[start:start + AUDIT_EVENTS_PER_TABLE], ctx))

    out += how_to_verify(data, ctx)
    out += videos_appendix(data, ctx)

    out += citations(data, ctx)
    out.append(Spacer(1, 4 * mm))
    return out


def references(data: DossierData) -> list[tuple[str, str]]:
    """The numbered references of the dossier, as (text, its first web address or ""):
    each distinct catalog citation, then each source with a web address."""
    refs: dict[str, str] = {}
    for match in data.citations:
        if match.citation and match.citation not in refs:
            refs[match.citation] = next(iter(web_addresses(match.citation)), "")
    for src in data.sources:
        if src.url:
            parts = [f"[{src.label}] {src.title}", src.publisher,
                     fmt_date(src.published_on), src.url]
            refs.setdefault(". ".join(p for p in parts if p), src.url)
    return list(refs.items())


def citations(data: DossierData, ctx: Context) -> list[Flowable]:
    """Each catalog match with its citation (addresses clickable) and its reference
    number, then the numbered references list."""
    t, s = ctx.t, ctx.styles
    refs = references(data)
    number = {text: n for n, (text, _) in enumerate(refs, 1)}
    out: list[Flowable] = [Heading(t("citations"), s.h2, level=1, key="citations")]
    if not data.citations:
        out.append(Paragraph(para_text(t("no_citations")), s.muted))
    for match in data.citations:
        text = f"<b>{para_text(match.code)}</b> — {para_text(match.system)}"
        if match.citation:
            text += f". {linked_text(match.citation)} [{number[match.citation]}]"
        out.append(Paragraph(text, s.body))
    out.append(Heading(t("references"), s.h2, level=1, key="references"))
    if not refs:
        out.append(Paragraph(para_text(t("no_references")), s.muted))
    for n, (text, _) in enumerate(refs, 1):
        out.append(Paragraph(f"[{n}]\u00a0\u00a0{linked_text(text)}", s.reference))
    # the fonts' credits; OpenMoji's licence (CC BY-SA) asks for its attribution
    out += [Spacer(1, 3 * mm), Paragraph(para_text(t("fonts_credit")), s.muted)]
    return out


AUDIT_EVENTS_PER_TABLE = 25
"""Page-sized tables: one huge table is re-split on every page (see PITFALLS)."""


def _audit_table(events: list[AuditEventInfo], ctx: Context) -> Table:
    """Two rows per event: its details, then its hash on a row of its own that spans the
    table, so the 64 digits are never cut (a column beside the details is too narrow)."""
    t, s, w = ctx.t, ctx.styles, ctx.frame_width
    rows: list[list[object]] = [
        [cell(h, s, bold=True) for h in ("#", t("time"), t("who"), t("action"), t("object"))],
        ["", cell(t("hash"), s, bold=True), "", "", ""],
    ]
    for ev in events:
        ident = ev.label or (str(ev.object_id) if ev.object_id is not None else "")
        obj = f"{ev.object_type} {ident}".strip()
        rows.append([cell(str(ev.id), s), cell(fmt_date(ev.at, with_time=True), s),
                     cell(ev.investigator, s, limit=80), cell(ev.action, s, limit=80),
                     cell(obj, s, limit=60)])
        rows.append(["", hash_cell(ev.hash, s), "", "", ""])
    table = Table(rows, colWidths=[10 * mm, 41 * mm, 35 * mm, 44 * mm, w - 130 * mm],
                  repeatRows=2)
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), st.CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), st.CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("BACKGROUND", (0, 0), (-1, 1), st.SHADE),
        ("LINEBELOW", (0, 1), (-1, 1), 0.8, st.ACCENT),
    ]
    for r in range(0, len(rows), 2):
        commands.append(("SPAN", (1, r + 1), (-1, r + 1)))  # the hash row
        if r >= 2:
            commands.append(("NOSPLIT", (0, r), (-1, r + 1)))  # an event stays together
            commands.append(("LINEBELOW", (0, r + 1), (-1, r + 1), 0.25, st.RULE))
            if (r // 2) % 2 == 0:
                commands.append(("BACKGROUND", (0, r), (-1, r + 1), st.ZEBRA))
    commands += no_orphans(len(rows), 2, rows_per_item=2)
    table.setStyle(TableStyle(commands))
    return table
