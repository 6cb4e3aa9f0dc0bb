"""Right-to-left and complex scripts: fonts per character, shaping, visual order.

reportlab lays out Paragraphs left to right; without its optional ``rlbidi`` module (not
on PyPI) it never reorders right-to-left text, so Arabic printed through a Paragraph
comes out with its words reversed. Text that holds Arabic-script or Hebrew letters, or
characters DejaVu Sans lacks, is therefore laid out here instead (``BidiParagraph`` in
``bidi_paragraph.py``):

- every character gets a font: Noto Sans Arabic for the Arabic script (Arabic, Persian,
  Urdu), Noto Sans Hebrew for Hebrew, DejaVu Sans for the rest, Noto Sans Symbols 2 for
  symbols DejaVu lacks; a character no bundled font has is printed visibly as its code
  point (``[U+1F9E8]``), never as an empty box;
- runs in those fonts are shaped with HarfBuzz (``uharfbuzz``, which reportlab uses too):
  letters joined, marks placed;
- words are ordered by a reduced form of the Unicode bidirectional algorithm: a paragraph
  takes the direction of its first strong letter, a word is right-to-left when it holds a
  right-to-left letter, neutral words between two words of one direction take it, and
  runs of the other direction keep their own order inside;
- the glyphs of a right-to-left word are written into the PDF in logical order, from right
  to left, so that text extraction (``pdftotext``) and search read the words as typed.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

from desktop.core.export import styles as st
from desktop.core.resources import resource_path

ARABIC = "NotoSansArabic"
ARABIC_BOLD = "NotoSansArabic-Bold"
HEBREW = "NotoSansHebrew"
HEBREW_BOLD = "NotoSansHebrew-Bold"
SYMBOLS = "NotoSansSymbols2"
_FILES = {
    ARABIC: "NotoSansArabic-Regular.ttf",
    ARABIC_BOLD: "NotoSansArabic-Bold.ttf",
    HEBREW: "NotoSansHebrew-Regular.ttf",
    HEBREW_BOLD: "NotoSansHebrew-Bold.ttf",
    SYMBOLS: "NotoSansSymbols2-Regular.ttf",
}
_SHAPED = {ARABIC, ARABIC_BOLD, HEBREW, HEBREW_BOLD}
_lock = threading.Lock()
_RTL_CLASSES = {"R", "AL"}


def register() -> None:
    """Register the script fonts with reportlab (once per process; thread-safe)."""
    st.register_fonts()
    with _lock:
        if ARABIC in pdfmetrics.getRegisteredFontNames():
            return
        for name, file_name in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file_name))))


@cache
def _cmap(font: str) -> frozenset[int]:
    register()
    face = pdfmetrics.getFont(font).face
    return frozenset(face.charToGlyph)


def _is_rtl(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in _RTL_CLASSES


def needs_layout(text: str) -> bool:
    """True when ``text`` holds right-to-left letters or characters DejaVu Sans lacks (so a
    plain Paragraph would print it reversed, unjoined or as empty boxes)."""
    if text.isascii():
        return False
    base = _cmap(st.FONT)
    return any(_is_rtl(ch) or (ord(ch) not in base and not ch.isspace()) for ch in text)


def font_for(ch: str, bold: bool) -> str | None:
    """The bundled font that prints ``ch``, or None when none has it."""
    code = ord(ch)
    name = unicodedata.name(ch, "")
    if name.startswith("ARABIC") or "\u0600" <= ch <= "\u06ff":
        candidates = [ARABIC_BOLD if bold else ARABIC]
    elif name.startswith("HEBREW"):
        candidates = [HEBREW_BOLD if bold else HEBREW]
    else:
        candidates = []
    candidates += [st.FONT_BOLD if bold else st.FONT, ARABIC, HEBREW, SYMBOLS]
    for font in candidates:
        if code in _cmap(font):
            return font
    return None


@dataclass(frozen=True)
class Glyph:
    """One glyph to draw: the character reportlab maps to it, in ``font``, at ``x`` (from the
    start of its word) with a vertical offset ``dy``."""

    char: str
    font: str
    x: float
    dy: float
    order: int
    """Logical position: the order in which to write the glyph into the file."""


@dataclass(frozen=True)
class Word:
    """A word shaped and measured; ``glyphs`` in visual order, left to right."""

    text: str
    rtl: bool
    neutral: bool
    width: float
    glyphs: tuple[Glyph, ...]
    glued: bool = False
    """Written against the word before it in the text, with no space between (the
    punctuation ``shape_token`` splits off a word)."""


def _runs(text: str, bold: bool) -> list[tuple[str, str]]:
    """``text`` cut into (font, text) runs; a character no font has becomes its code point."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        font = font_for(ch, bold)
        piece = ch
        if font is None:
            font, piece = (st.FONT_BOLD if bold else st.FONT), f"[U+{ord(ch):04X}]"
        elif unicodedata.combining(ch) and runs and font not in _SHAPED:
            font = runs[-1][0]  # a mark stays with its letter
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + piece)
        else:
            runs.append((font, piece))
    return runs


Shaped = tuple[str, float, float, float, int]


def _shape(font: str, text: str, size: float, rtl: bool) -> list[Shaped]:
    """HarfBuzz glyphs of ``text`` in visual order: (char, advance, x offset, y offset,
    cluster: the index of the first character the glyph comes from)."""
    ttf = pdfmetrics.getFont(font)
    hb_font = ttf.hbFont(size)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    hb.shape(hb_font, buf, {"kern": True, "liga": True})
    scale = size / 1000
    out = []
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        gid = info.codepoint
        chars = ttf.face.glyphToChar.get(gid)
        code = chars[0] if chars else ttf.hbAddPrivate(
            hb_font.glyph_to_string(gid), gid, pos.x_advance)
        out.append((chr(code), ttf.pdfScale(pos.x_advance) * scale,
                    ttf.pdfScale(pos.x_offset) * scale,
                    ttf.pdfScale(pos.y_offset) * scale,
                    info.cluster))
    return out


def shape_word(text: str, size: float, bold: bool) -> Word:
    """Measure and shape one word (no spaces) for drawing."""
    rtl = any(_is_rtl(ch) for ch in text)
    neutral = not rtl and not any(unicodedata.bidirectional(ch) == "L" for ch in text)
    # font, (char, advance, dx, dy, logical order)
    pieces: list[tuple[str, Shaped]] = []
    runs = _runs(text, bold)
    start = 0
    starts = []
    for _, run in runs:
        starts.append(start)
        start += len(run)
    for (font, run), first in (reversed(list(zip(runs, starts, strict=True))) if rtl
                               else zip(runs, starts, strict=True)):
        if font in _SHAPED or rtl:
            shaped = _shape(font, run, size, rtl)
        else:
            shaped = [(ch, stringWidth(ch, font, size), 0.0, 0.0, i) for i, ch in enumerate(run)]
        pieces += [(font, (ch, adv, dx, dy, first + cluster))
                   for ch, adv, dx, dy, cluster in shaped]
    glyphs = []
    x = 0.0
    for n, (font, (ch, adv, dx, dy, cluster)) in enumerate(pieces):
        # within a cluster (a letter and its marks) the shaper's order is kept
        order = cluster * 4096 + n
        glyphs.append(Glyph(ch, font, x + dx, dy, order))
        x += adv
    return Word(text, rtl, neutral, x, tuple(glyphs))


_CORE = {"L", "R", "AL", "EN", "AN", "NSM"}


def split_neutral_ends(token: str) -> list[str]:
    """``token`` cut into its leading punctuation, its core (from the first to the last
    letter or digit) and its trailing punctuation, so that the bidirectional order can place
    a full stop after a Hebrew word in an English sentence, or after ``9M723`` at the end of
    an Arabic one, on the side where the sentence ends."""
    core = [i for i, ch in enumerate(token) if unicodedata.bidirectional(ch) in _CORE]
    if not core:
        return [token]
    start, end = core[0], core[-1] + 1
    return [piece for piece in (token[:start], token[start:end], token[end:]) if piece]


def shape_token(token: str, size: float, bold: bool) -> list[Word]:
    """A space-delimited token as shaped words: its core and its leading and trailing
    punctuation, each piece after the first glued to the one before."""
    pieces = split_neutral_ends(token)
    return [replace(shape_word(piece, size, bold), glued=i > 0)
            for i, piece in enumerate(pieces)]


def gaps(line: list[Word], ordered: list[Word], space: float) -> list[float]:
    """The room after each word of ``ordered`` (the visual order of ``line``): a space,
    none between two pieces of one token that stand side by side, none after the last."""
    at = {id(word): i for i, word in enumerate(line)}
    out = []
    for a, b in pairwise(ordered):
        i, j = at[id(a)], at[id(b)]
        joined = abs(i - j) == 1 and line[max(i, j)].glued
        out.append(0.0 if joined else space)
    return [*out, 0.0] if ordered else []


def base_rtl(text: str) -> bool:
    """The paragraph direction: that of its first strong letter (left to right without)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in _RTL_CLASSES:
            return True
        if kind == "L":
            return False
    return False


def visual_order(words: list[Word], rtl_base: bool) -> list[Word]:
    """The words of one line from left to right on the page."""
    dirs: list[bool] = []
    for i, word in enumerate(words):
        if not word.neutral:
            dirs.append(word.rtl)
            continue
        before = next((w.rtl for w in reversed(words[:i]) if not w.neutral), rtl_base)
        after = next((w.rtl for w in words[i + 1:] if not w.neutral), rtl_base)
        dirs.append(before if before == after else rtl_base)
    runs: list[tuple[bool, list[Word]]] = []
    for word, rtl in zip(words, dirs, strict=True):
        if runs and runs[-1][0] == rtl:
            runs[-1][1].append(word)
        else:
            runs.append((rtl, [word]))
    ordered = [list(reversed(ws)) if rtl else ws for rtl, ws in runs]
    if rtl_base:
        ordered.reverse()
    return [w for ws in ordered for w in ws]
