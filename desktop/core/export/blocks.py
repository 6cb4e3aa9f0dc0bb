"""Building blocks shared by the dossier sections: headings, fields, tables, context."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Preformatted,
    Table,
    TableStyle,
)

from desktop.core.export import scripts
from desktop.core.export import styles as st
from desktop.core.export.bidi_paragraph import BidiParagraph
from desktop.core.export.images import PreparedImage
from desktop.core.export.paragraph import Paragraph
from desktop.core.export.text import (
    linked_text,
    outline_text,
    para_text,
    short,
    split_paragraphs,
)
from desktop.core.export.toc import BIDI


@dataclass(frozen=True)
class Context:
    """What every section builder needs besides the data."""

    t: Callable[..., str]
    styles: st.Styles
    frame_width: float
    frame_height: float
    images: dict[str, PreparedImage]


class Heading(Paragraph):
    """A heading that becomes a table-of-contents entry and a PDF bookmark.

    ``text`` is plain user text: it is escaped for the paragraph and the contents, and
    given unescaped to the outline (bookmarks are not markup).
    """

    def __init__(self, text: str, style: st.ParagraphStyle, *, level: int, key: str,
                 toc: bool = True) -> None:
        super().__init__(para_text(text, keep_newlines=False), style)
        self.toc_level = level
        self.toc_markup = para_text(outline_text(text, 160), keep_newlines=False)
        self.outline_title = outline_text(text)
        self.bookmark_key = key
        self.in_toc = toc


class BidiHeading(BidiParagraph):
    """A heading whose user text needs ``BidiParagraph`` (an Arabic actor, a Hebrew file
    name): the same contents entry and bookmark as ``Heading``."""

    def __init__(self, text: str, style: st.ParagraphStyle, *, level: int, key: str,
                 toc: bool = True) -> None:
        super().__init__(text, style)
        self.toc_level = level
        self.toc_markup = BIDI + outline_text(text, 160)  # laid out by toc.BidiEntry
        self.outline_title = outline_text(text)
        self.bookmark_key = key
        self.in_toc = toc


def heading(text: str, style: st.ParagraphStyle, *, level: int, key: str,
            toc: bool = True) -> Heading | BidiHeading:
    """A ``Heading``, or a ``BidiHeading`` when its text needs one."""
    kind = BidiHeading if scripts.needs_layout(text) else Heading
    return kind(text, style, level=level, key=key, toc=toc)


def fmt_date(value: date | datetime | None, *, with_time: bool = False) -> str:
    """ISO dates; times in UTC to the second."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S UTC") if with_time else value.date().isoformat()
    return value.isoformat()


def user_text(text: str, style: st.ParagraphStyle) -> Flowable:
    """A paragraph of user text: escaped, or laid out by ``BidiParagraph`` when it holds
    right-to-left letters or characters the main font lacks."""
    if scripts.needs_layout(text):
        return BidiParagraph(text, style)
    return Paragraph(para_text(text), style)


def field(label: str, value: str, styles: st.Styles, *, mono: bool = False,
          links: bool = False) -> Flowable:
    """``Label  value`` with a hanging indent; the value is escaped (it may be long);
    ``links``: its web addresses are clickable."""
    if value and not mono and scripts.needs_layout(value):
        return BidiParagraph(value, styles.field, label=label)
    shown = (linked_text(value) if links else para_text(value)) if value else "—"
    if mono and value:
        shown = f'<font face="{st.FONT_MONO}" size="8">{shown}</font>'
    return Paragraph(f'<font color="#5b6570">{para_text(label)}</font>\u00a0\u00a0{shown}',
                     styles.field)


def hash_field(label: str, value: str, styles: st.Styles) -> Paragraph:
    """``Label  <SHA-256>``: the hash in monospace, never cut across lines (after a long
    label it moves whole to the next line, where the hanging indent leaves it room)."""
    shown = para_text(value) if value else "—"
    if value:
        shown = f'<font face="{st.FONT_MONO}" size="{st.HASH_FIELD_SIZE}">{shown}</font>'
    return Paragraph(f'<font color="#5b6570">{para_text(label)}</font>\u00a0\u00a0{shown}',
                     styles.hash_field)


def hash_cell(value: str, styles: st.Styles) -> Paragraph:
    """A SHA-256 in a table cell, never cut: give its column ``st.hash_width()``."""
    return Paragraph(para_text(value), styles.hash_cell)


def long_text(text: str, style: st.ParagraphStyle) -> list[Flowable]:
    """Free text of any length as a series of paragraphs that flow across pages."""
    return [user_text(piece, style) for piece in split_paragraphs(text)]


def cell(text: str, styles: st.Styles, *, bold: bool = False, mono: bool = False,
         limit: int = 400) -> Flowable:
    """A table cell: escaped, and cut to ``limit`` characters so a row never outgrows a page.

    Callers print any longer text in full outside the table.
    """
    style = styles.mono_cell if mono else styles.cell_bold if bold else styles.cell
    return user_text(short(text, limit), style)


def grid(rows: Sequence[Sequence[object]], widths: Sequence[float], *,
         header: bool = True, zebra: bool = True) -> Table:
    """A plain table with a shaded header row that repeats on every page."""
    table = Table(list(map(list, rows)), colWidths=list(widths), repeatRows=1 if header else 0)
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, st.RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), st.CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), st.CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), st.SHADE),
                     ("LINEBELOW", (0, 0), (-1, 0), 0.8, st.ACCENT)]
    if zebra:
        for r in range(2 if header else 1, len(rows), 2):
            commands.append(("BACKGROUND", (0, r), (-1, r), st.ZEBRA))
    commands += no_orphans(len(rows), 1 if header else 0)
    table.setStyle(TableStyle(commands))
    return table


def no_orphans(count: int, header: int, rows_per_item: int = 1) -> list[tuple[object, ...]]:
    """Table commands so that a page break never leaves one item alone: the header stays
    with the first two items and the last two items stay together (rows counted from 0;
    ``rows_per_item`` when an item takes several rows)."""
    pair = 2 * rows_per_item
    if count - header < 2 * pair:
        return []
    return [("NOSPLIT", (0, 0), (-1, header + pair - 1)),
            ("NOSPLIT", (0, count - pair), (-1, count - 1))]


HEADING_ROOM = 32 * mm
"""The room a heading needs below it (itself and about three rows of what follows), or it
starts the next page instead of being stranded at the foot of this one."""


def keep_headings_with_content(story: list[Flowable]) -> list[Flowable]:
    """``story`` with a conditional page break before each heading that keeps with what
    follows (h2, h3), and before a kept-together group that starts with one."""
    out: list[Flowable] = []
    for item in story:
        first = item._content[0] if isinstance(item, KeepTogether) and item._content else item
        if isinstance(first, Heading | BidiHeading | Paragraph | BidiParagraph) and \
                getattr(first.style, "keepWithNext", False):
            out.append(CondPageBreak(HEADING_ROOM))
        out.append(item)
    return out



def label(text: str, styles: st.Styles) -> Paragraph:
    """A field label on its own line, for a long value that follows as paragraphs."""
    return Paragraph(f'<font color="#5b6570">{para_text(text)}</font>', styles.field)


def command_line(text: str, ctx: Context) -> Flowable:
    """A command on one line, never wrapped: the font shrinks until it fits the frame."""
    base = ctx.styles.code
    room = ctx.frame_width - base.leftIndent - 2
    size = min(base.fontSize, room / max(stringWidth(text, base.fontName, 1), 1))
    style = ParagraphStyle(f"code{size:.2f}", parent=base, fontSize=size,
                           leading=max(size * 1.35, 6))
    return Preformatted(text, style)
