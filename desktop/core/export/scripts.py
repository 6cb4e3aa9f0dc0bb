"""Right-to-left and complex scripts: fonts per character, shaping, bidirectional order.

reportlab lays out Paragraphs left to right; without its optional ``rlbidi`` module (not
on PyPI) it never reorders right-to-left text, so Arabic printed through a Paragraph
comes out with its words reversed. Text that holds Arabic-script or Hebrew letters, or
characters DejaVu Sans lacks, is therefore laid out here instead (``BidiParagraph`` in
``bidi_paragraph.py``):

- every character gets a font: Noto Sans Arabic for the Arabic script (Arabic, Persian,
  Urdu), Noto Sans Hebrew for Hebrew, DejaVu Sans for the rest, Noto Sans Symbols 2 for
  symbols DejaVu lacks (beyond the Basic Multilingual Plane too: ``pdf_finish`` makes
  their text mapping valid), OpenMoji for emoji (``emoji_text.py``: a whole sequence such
  as 👨‍👩‍👧 or 🇺🇦 is one emoji); a character no bundled font has is printed visibly as
  its code point (``[U+E000]``), never as an empty box;
- the embedding level of every character comes from the Unicode Bidirectional Algorithm
  (python-bidi, ``bidi_levels.py``); a word is cut into runs of one level, and each run is
  shaped with HarfBuzz (``uharfbuzz``, which reportlab uses too) in its direction: letters
  joined, marks placed, brackets mirrored at odd levels;
- the runs of a line are put in visual order by rule L2 (``visual_order``);
- a right-to-left run, and an emoji in any run, is drawn as glyph outlines (an emoji's in
  its colours, ``emoji_paint.py``) under an invisible text layer that holds its
  characters as typed (``glyph_paint.py``), so that extraction reads it exactly.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

from desktop.core.export import styles as st
from desktop.core.export.bidi_levels import paragraph_levels, reorder
from desktop.core.export.emoji_text import EMOJI
from desktop.core.export.emoji_text import emoji_spans as _emoji_spans
from desktop.core.export.emoji_text import register as _register_emoji
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
_SHAPED = {ARABIC, ARABIC_BOLD, HEBREW, HEBREW_BOLD, EMOJI}
_lock = threading.Lock()
_RTL_CLASSES = {"R", "AL"}


def register() -> None:
    """Register the script fonts with reportlab (once per process; thread-safe)."""
    st.register_fonts()
    _register_emoji()
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
    """True when ``text`` holds right-to-left letters, characters DejaVu Sans lacks or
    emoji (so a plain Paragraph would print it reversed, unjoined, as empty boxes or in
    black and white)."""
    if text.isascii():
        return False
    base = _cmap(st.FONT)
    return any(_is_rtl(ch) or (ord(ch) not in base and not ch.isspace())
               for ch in text) or bool(emoji_spans(text))


def _covered(ch: str) -> bool:
    return font_for(ch, False) is not None


@lru_cache(maxsize=4096)
def emoji_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The (start, end) of every emoji of ``text``: each prints as one colour glyph."""
    return _emoji_spans(text, _covered)


def emoji_inside(text: str, at: int) -> bool:
    """True when ``at`` falls inside an emoji of ``text`` (text cut there would split it)."""
    return any(start < at < end for start, end in emoji_spans(text))


@cache
def font_for(ch: str, bold: bool) -> str | None:
    """The bundled font that prints ``ch``, or None when none has it. A character beyond
    the Basic Multilingual Plane (an emoji such as U+1F4A3 BOMB) is printed by its font
    like any other; ``pdf_finish`` rewrites its text mapping as a surrogate pair."""
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



def printable(text: str) -> str:
    """``text`` with every character no bundled font has written as its code point
    (``[U+E000]``), so that nothing is printed as an empty box; emoji are kept whole."""
    if text.isascii():
        return text
    out: list[str] = []
    last = 0
    for start, end in (*emoji_spans(text), (len(text), len(text))):
        out.extend(ch if ch.isspace() or _format(ch) or font_for(ch, False) is not None
                   else f"[U+{ord(ch):04X}]" for ch in text[last:start])
        out.append(text[start:end])
        last = end
    return "".join(out)


def font_for_markup(ch: str) -> str | None:
    """The font for ``ch`` in a reportlab Paragraph set in DejaVu Sans: "" when DejaVu
    prints it (or it is a space or an invisible control), else the bundled font that has
    it, None when none has it."""
    if ord(ch) in _cmap(st.FONT) or ch.isspace() or _format(ch):
        return ""
    return font_for(ch, False)


def _drawable(text: str, bold: bool) -> str:
    """``text`` without the invisible characters no font has (bidirectional controls such
    as U+2067 RIGHT-TO-LEFT ISOLATE): they shape the order, not the page. Those inside
    an emoji (the tags of 🏴󠁧󠁢󠁳󠁣󠁴󠁿) are kept: they pick the glyph."""
    inside = {i for start, end in emoji_spans(text) for i in range(start, end)}
    return "".join(ch for i, ch in enumerate(text)
                   if i in inside or not (_format(ch) and font_for(ch, bold) is None))


def _format(ch: str) -> bool:
    return unicodedata.category(ch) == "Cf"


@dataclass(frozen=True)
class Glyph:
    """One glyph to draw: glyph ``gid`` of ``font`` (``char`` is the character reportlab
    maps to it; empty for an emoji, which is drawn, not written), at ``x`` from the start
    of its word, raised by ``dy``; ``cluster``: the index in the word's text of the first
    character it comes from."""

    char: str
    font: str
    gid: int
    x: float
    dy: float
    cluster: int = 0


@dataclass(frozen=True)
class Slot:
    """A character of a right-to-left run as typed (or a whole emoji, in any run), and the
    stretch of the run (``x`` from its start, ``width``) it stands for in the invisible
    text layer; ``start``: its index in the run's text."""

    char: str
    font: str
    x: float
    width: float
    start: int = 0


@dataclass(frozen=True)
class Word:
    """A run of one bidirectional level, shaped and measured; ``glyphs`` in visual order,
    left to right; ``slots`` in logical order: every character of a right-to-left run,
    the emoji of a left-to-right one."""

    text: str
    level: int
    width: float
    glyphs: tuple[Glyph, ...]
    slots: tuple[Slot, ...] = ()
    space: bool = False
    """The space between two words: a gap, ordered with the runs by its own level."""

    @property
    def rtl(self) -> bool:
        """True for a run at an odd (right-to-left) level."""
        return self.level % 2 == 1


def zero_width(ch: str) -> bool:
    """A character that takes no room of its own: a combining mark (a haraka, a Hebrew
    point) or a format character (a zero-width non-joiner)."""
    return unicodedata.category(ch) in ("Mn", "Me", "Cf")


def _runs(text: str, bold: bool) -> list[tuple[str, str]]:
    """``text`` (``printable``) cut into (font, text) runs; a run of emoji is one run."""
    runs: list[tuple[str, str]] = []
    emoji = {i for start, end in emoji_spans(text) for i in range(start, end)}
    for i, ch in enumerate(text):
        font = EMOJI if i in emoji else font_for(ch, bold) or (
            st.FONT_BOLD if bold else st.FONT)
        if (runs and i not in emoji and zero_width(ch)
                and ord(ch) in _cmap(runs[-1][0])):
            font = runs[-1][0]  # a mark or a joiner stays with its letter
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs


Shaped = tuple[str, int, float, float, float, int]


def _shape(font: str, text: str, size: float, rtl: bool) -> list[Shaped]:
    """HarfBuzz glyphs of ``text`` in visual order: (char, glyph id, advance, x offset,
    y offset, cluster: the index of the first character the glyph comes from)."""
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
        if font == EMOJI:  # drawn from its layers, never written with the font
            char = ""
        else:
            char = chr(chars[0] if chars else ttf.hbAddPrivate(
                hb_font.glyph_to_string(gid), gid, pos.x_advance))
        out.append((char, gid, ttf.pdfScale(pos.x_advance) * scale,
                    ttf.pdfScale(pos.x_offset) * scale,
                    ttf.pdfScale(pos.y_offset) * scale,
                    info.cluster))
    return out


def _plain(font: str, text: str, size: float) -> list[Shaped]:
    """Glyphs of a left-to-right run in a font that needs no shaping, one per character."""
    face = pdfmetrics.getFont(font).face
    return [(ch, face.charToGlyph.get(ord(ch), 0), stringWidth(ch, font, size), 0.0, 0.0, i)
            for i, ch in enumerate(text)]


def shape_word(text: str, size: float, bold: bool, level: int | None = None) -> Word:
    """Shape and measure one run (``printable`` text, no spaces) at bidirectional ``level``
    (by default: 1 when it holds a right-to-left letter, else 0)."""
    text = _drawable(text, bold)
    if level is None:
        level = 1 if any(_is_rtl(ch) for ch in text) else 0
    rtl = level % 2 == 1
    runs = _runs(text, bold)
    starts = []
    start = 0
    for _, run in runs:
        starts.append(start)
        start += len(run)
    placed = list(zip(runs, starts, strict=True))
    glyphs: list[Glyph] = []
    spans: dict[int, list[float]] = {}  # cluster -> [left, right] of its glyphs
    x = 0.0
    for (font, run), first in (reversed(placed) if rtl else placed):
        shaped = (_shape(font, run, size, rtl) if font in _SHAPED or rtl
                  else _plain(font, run, size))
        for ch, gid, adv, dx, dy, cluster in shaped:
            glyphs.append(Glyph(ch, font, gid, x + dx, dy, first + cluster))
            span = spans.setdefault(first + cluster, [x, x + adv])
            span[0], span[1] = min(span[0], x), max(span[1], x + adv)
            x += adv
    emoji = _merge_emoji(spans, emoji_spans(text))
    if rtl:
        fonts = [font for font, run in runs for _ in run]
        slots = _slots(text, fonts, spans, emoji)
    else:
        slots = tuple(Slot(text[start:end], EMOJI, spans[start][0],
                           spans[start][1] - spans[start][0], start)
                      for start, end in emoji.items())
    return Word(text, level, x, tuple(glyphs), slots)


def _merge_emoji(spans: dict[int, list[float]],
                 emoji: tuple[tuple[int, int], ...]) -> dict[int, int]:
    """Make each emoji one cluster of ``spans`` (HarfBuzz keeps a sequence the font has no
    glyph for as several); the emoji that have glyphs, as start -> end."""
    out: dict[int, int] = {}
    for start, end in emoji:
        inside = [c for c in spans if start <= c < end]
        if not inside:
            continue
        left = min(spans[c][0] for c in inside)
        right = max(spans[c][1] for c in inside)
        for c in inside:
            del spans[c]
        spans[start] = [left, right]
        out[start] = end
    return out


NUDGE = 0.01  # points between a zero-width character and the one it follows


def _slots(text: str, fonts: list[str], spans: dict[int, list[float]],
           emoji: dict[int, int]) -> tuple[Slot, ...]:
    """The characters of a right-to-left run as typed, each placed for the text layer:
    the letters of a cluster share its width from the right; a mark or a joiner takes no
    width and stands just left of the character before it; an emoji is one slot, its
    whole sequence over its glyph (placed when drawn, ``glyph_paint``). Extractors that
    rebuild the order from positions then read every character in the order typed."""
    clusters = sorted(spans)
    out: list[Slot] = []
    for i, cluster in enumerate(clusters):
        start = 0 if i == 0 else cluster  # nothing before the first glyph is left out
        end = clusters[i + 1] if i + 1 < len(clusters) else len(text)
        left, right = spans[cluster]
        if cluster in emoji:
            edge = right if not out else min(right, out[-1].x)
            out.append(Slot(text[start:end], EMOJI, edge - (right - left), right - left,
                            start))
            continue
        spacing = [k for k in range(start, end) if not zero_width(text[k])]
        share = (right - left) / max(len(spacing), 1)
        edge = right if not out else min(right, out[-1].x)
        for k in range(start, end):
            if zero_width(text[k]):
                out.append(Slot(text[k], fonts[k], (out[-1].x if out else edge) - NUDGE,
                                0.0, k))
            else:
                out.append(Slot(text[k], fonts[k], edge - share, share, k))
                edge -= share
    return tuple(out)


_PIECES = re.compile(r"\s+|\S+")


def shape_text(text: str, size: float, bold: bool, space: float) -> list[Word]:
    """One paragraph (no line breaks) as runs of one bidirectional level each: its words
    cut where the level changes, and between words a space run ``space`` wide (any
    stretch of white space prints as one space)."""
    text = printable(text)
    _, levels = paragraph_levels(text)
    for start, end in emoji_spans(text):  # an emoji is one glyph: one level
        levels[start + 1:end] = [levels[start]] * (end - start - 1)
    words: list[Word] = []
    for match in _PIECES.finditer(text):
        start = match.start()
        if match.group().isspace():
            words.append(Word(" ", levels[start], space, (), space=True))
            continue
        while start < match.end():
            end = start + 1
            while end < match.end() and levels[end] == levels[start]:
                end += 1
            if _drawable(text[start:end], bold):
                words.append(shape_word(text[start:end], size, bold, levels[start]))
            start = end
    return words


def visual_order(words: list[Word]) -> list[Word]:
    """The runs of one line from left to right on the page (rule L2)."""
    return [words[i] for i in reorder([w.level for w in words])]
