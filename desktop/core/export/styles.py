"""Fonts, colours, paragraph styles and page templates of the dossier, all in one place.

The built-in PDF fonts print Cyrillic and Armenian as black boxes, so the dossier embeds
DejaVu Sans (shipped in ``resources/fonts/`` with its licence) and uses it everywhere.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus.tables import CellStyle

from desktop.core.resources import resource_path

# JPEG data is embedded byte for byte instead of being ASCII85-inflated by a quarter.
rl_config.useA85 = 0

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"
FONT_MONO = "DejaVuSansMono"
_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    FONT_MONO: "DejaVuSansMono.ttf",
}
_register_lock = threading.Lock()

INK = colors.HexColor("#1d232b")
MUTED = colors.HexColor("#5b6570")
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#c5ccd3")
SHADE = colors.HexColor("#eef2f5")
ZEBRA = colors.HexColor("#f7f9fa")
ANNOTATION = colors.HexColor("#ffb000")  # amber outlines stand out on grey metal
ANNOTATION_DARK = colors.HexColor("#202020")
SUPPORTS = colors.HexColor("#1b7a3a")
CONTRADICTS = colors.HexColor("#b3261e")
CONTEXT = colors.HexColor("#5b6570")
LAND = colors.HexColor("#ece7dc")
WATER = colors.HexColor("#dbe8f3")
BORDER = colors.HexColor("#8a7f6f")
POINT = colors.HexColor("#b3261e")

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
MARGIN = 18 * mm


def register_fonts() -> None:
    """Register the embedded fonts with reportlab (once per process; thread-safe)."""
    with _register_lock:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return
        for name, file_name in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file_name))))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        # Every table cell selects its style's font before drawing, even a cell holding a
        # Paragraph: the default, an unembedded Helvetica, would then be referenced on
        # every page with a table (not PDF/A).
        CellStyle.fontname = FONT


@dataclass(frozen=True)
class Styles:
    """The paragraph styles used by every section."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    muted: ParagraphStyle
    field: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_center: ParagraphStyle
    mono: ParagraphStyle
    mono_cell: ParagraphStyle
    hash_cell: ParagraphStyle
    """A SHA-256 in a table cell: never cut (the column is made wide enough)."""
    hash_field: ParagraphStyle
    """A field whose value is a SHA-256: the hash is never cut, it moves to the next line."""
    statement: ParagraphStyle
    reference: ParagraphStyle
    """An entry of the references list: hanging indent after its number."""
    code: ParagraphStyle
    toc0: ParagraphStyle
    toc1: ParagraphStyle
    footer: ParagraphStyle


HASH_CELL_SIZE = 7
HASH_FIELD_SIZE = 8
CELL_PADDING = 3  # left and right padding of every table cell (blocks.grid)


def hash_width(size: float = HASH_CELL_SIZE) -> float:
    """Points a 64-digit SHA-256 takes in the monospace font at ``size``, with the cell
    padding: the width to give a table column of hashes so that none is ever cut."""
    register_fonts()
    return stringWidth("0" * 64, FONT_MONO, size) + 2 * CELL_PADDING + 1


@cache
def styles() -> Styles:
    """The dossier's paragraph styles (fonts registered on first use)."""
    register_fonts()
    base = ParagraphStyle(
        "body", fontName=FONT, fontSize=9.5, leading=13, textColor=INK, spaceAfter=4,
        splitLongWords=1,
    )

    def derive(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return Styles(
        title=derive("title", fontName=FONT_BOLD, fontSize=24, leading=30, spaceAfter=10,
                     textColor=ACCENT),
        subtitle=derive("subtitle", fontSize=13, leading=18, textColor=MUTED, spaceAfter=14),
        h1=derive("h1", fontName=FONT_BOLD, fontSize=16, leading=21, spaceBefore=4,
                  spaceAfter=10, textColor=ACCENT),
        h2=derive("h2", fontName=FONT_BOLD, fontSize=12, leading=16, spaceBefore=10,
                  spaceAfter=6, textColor=ACCENT, keepWithNext=1),
        h3=derive("h3", fontName=FONT_BOLD, fontSize=10, leading=14, spaceBefore=8,
                  spaceAfter=3, keepWithNext=1),
        body=base,
        muted=derive("muted", fontSize=8, leading=10.5, textColor=MUTED),
        field=derive("field", leftIndent=28 * mm, firstLineIndent=-28 * mm, spaceAfter=2),
        cell=derive("cell", fontSize=8, leading=10, spaceAfter=0),
        cell_bold=derive("cell_bold", fontName=FONT_BOLD, fontSize=8, leading=10, spaceAfter=0),
        cell_center=derive("cell_center", fontSize=10, leading=12, spaceAfter=0,
                           alignment=TA_CENTER),
        mono=derive("mono", fontName=FONT_MONO, fontSize=8, leading=10.5),
        mono_cell=derive("mono_cell", fontName=FONT_MONO, fontSize=7, leading=9, spaceAfter=0),
        hash_cell=derive("hash_cell", fontName=FONT_MONO, fontSize=HASH_CELL_SIZE, leading=9,
                         spaceAfter=0, splitLongWords=0),
        hash_field=derive("hash_field", leftIndent=28 * mm, firstLineIndent=-28 * mm,
                          spaceAfter=2, splitLongWords=0),
        statement=derive("statement", fontSize=10, leading=14, leftIndent=6 * mm,
                         borderPadding=(2, 0, 2, 4), spaceAfter=6),
        reference=derive("reference", fontSize=8.5, leading=11.5, leftIndent=8 * mm,
                         firstLineIndent=-8 * mm, spaceAfter=3),
        code=derive("code", fontName=FONT_MONO, fontSize=8, leading=10.5, leftIndent=6 * mm,
                    backColor=SHADE, borderPadding=3, spaceBefore=2, spaceAfter=6),
        toc0=derive("toc0", fontName=FONT_BOLD, fontSize=10, leading=15, leftIndent=0),
        toc1=derive("toc1", fontSize=9, leading=12, leftIndent=8 * mm),
        footer=derive("footer", fontSize=7.5, leading=9, textColor=MUTED),
    )
