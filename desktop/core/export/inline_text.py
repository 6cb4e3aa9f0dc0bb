"""User text inside reportlab's own paragraphs (markup): fonts per character, and emoji.

Most user text is laid out by ``BidiParagraph``; some lines mix it with markup (a stance
in colour, a note in italics, a link) and stay reportlab ``Paragraph`` objects. There,
``markup`` gives each character DejaVu Sans lacks the bundled font that has it, writes a
character no font has as its code point, and prints an emoji in colour:

- its characters as typed are written in OpenMoji in the paragraph's text, fully
  transparent (OpenMoji's own outlines for them are empty placeholders anyway): they are
  what extraction, search and copy read, in the order of the line;
- an ``<onDraw>`` callback just before them (``draw_inline_emoji``, registered on the
  dossier's canvas by ``register_callback``) paints the emoji's colour glyph at that point
  of the line, the same form XObject ``BidiParagraph`` uses, and squeezes the text that
  follows to the glyph's width (horizontal scaling); a second callback after them ends
  the squeeze. reportlab measured the characters unsqueezed (the callbacks keep count of
  how far ahead that puts its idea of the position), so a line holding a sequence of
  several characters (a flag, a family) may break a little early.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.core.export import scripts
from desktop.core.export.emoji_text import EMOJI
from desktop.core.export.glyph_paint import draw_glyphs

CALLBACK, CALLBACK_END = "fragmentEmoji", "fragmentEmojiEnd"
_REF = 100.0  # points: the size emoji are measured at (widths scale with the size)


def register_callback(canv: Any) -> None:
    """Let paragraphs on ``canv`` draw emoji (call before they are drawn)."""
    canv.setNamedCB(CALLBACK, draw_inline_emoji)
    canv.setNamedCB(CALLBACK_END, end_inline_emoji)


def draw_inline_emoji(canv: Any, kind: str, label: str | None) -> None:
    """reportlab's ``<onDraw>`` callback: the emoji ``label`` in colour where the
    paragraph's text has got to, at its font size, on its baseline; the text that
    follows (the emoji's characters) squeezed to the glyph's width."""
    if not label:
        return
    info = canv._curr_tx_info  # set by reportlab for the callback: where the text is
    tx, y = info["tx"], info["cur_y"]
    size = float(tx._fontsize or info["xs"].style.fontSize)
    # reportlab counts the emoji before this one on the line at their unsqueezed width
    line, ahead = getattr(tx, "_emoji_ahead", (None, 0.0))
    x = info["cur_x"] - (ahead if line == y else 0.0)
    glyphs = scripts.shape_word(label, size, False, 0).glyphs
    draw_glyphs(canv, [g for g in glyphs if g.font == EMOJI], x, y, size)
    squeeze = _squeeze(label)
    typed = stringWidth(label, EMOJI, size)
    tx._emoji_ahead = (y, (ahead if line == y else 0.0) + typed * (1 - squeeze / 100))
    tx.setHorizScale(squeeze)


def end_inline_emoji(canv: Any, kind: str, label: str | None) -> None:
    """reportlab's ``<onDraw>`` callback after an emoji's characters: text at full width."""
    canv._curr_tx_info["tx"].setHorizScale(100.0)


@lru_cache(maxsize=1024)
def _squeeze(cluster: str) -> float:
    """The horizontal scaling (per cent) at which ``cluster``'s characters in OpenMoji
    are as wide as its glyph."""
    glyph = scripts.shape_word(cluster, _REF, False, 0).width
    typed = stringWidth(cluster, EMOJI, _REF)
    return max(100.0 * glyph / typed, 1.0) if typed > 0 else 100.0


def _emoji(cluster: str) -> str:
    label = escape(cluster, {'"': "&quot;"})
    return (f'<onDraw name="{CALLBACK}" label="{label}"/>'
            f'<font face="{EMOJI}" color="rgba(0,0,0,0)">{escape(cluster)}</font>'
            f'<onDraw name="{CALLBACK_END}" label=""/>')


def markup(text: str) -> str:
    """``text`` escaped for a reportlab Paragraph, each emoji printed in colour (see the
    module's description), each other character DejaVu Sans lacks set in the bundled font
    that has it (``<font face=...>``), a character no font has written as its code point
    (``[U+E000]``): no empty boxes, and extraction reads the characters as typed."""
    if text.isascii():
        return escape(text)
    out: list[str] = []
    last = 0
    for start, end in (*scripts.emoji_spans(text), (len(text), len(text))):
        out.append(_fonts(text[last:start]))
        if end > start:
            out.append(_emoji(text[start:end]))
        last = end
    return "".join(out)


def _fonts(text: str) -> str:
    pieces: list[tuple[str, str]] = []  # (font, escaped text); "" for the paragraph's own
    for ch in text:
        font = scripts.font_for_markup(ch)
        piece = ("", f"[U+{ord(ch):04X}]") if font is None else (font, escape(ch))
        if pieces and pieces[-1][0] == piece[0]:
            pieces[-1] = (piece[0], pieces[-1][1] + piece[1])
        else:
            pieces.append(piece)
    return "".join(f'<font face="{font}">{chars}</font>' if font else chars
                   for font, chars in pieces)
