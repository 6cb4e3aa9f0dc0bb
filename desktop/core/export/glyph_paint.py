"""Drawing shaped runs so that text extraction reads them exactly as typed.

A left-to-right run is written as text, glyph by glyph, in its order. A right-to-left run
cannot be: a PDF carries no logical order, and extractors rebuild it from where each
character stands. poppler's ``pdftotext`` sorts characters left to right and reverses
right-to-left stretches, so a mark (a haraka, a Hebrew point) placed over its letter,
a zero-width non-joiner or the second letter of a ligature came out of place. An
``/ActualText`` span does not help there: poppler spreads the span's text left to right
over its glyphs and then reverses it, so a word comes out backwards.

So a right-to-left run is drawn in two layers:

- what the reader sees: HarfBuzz's glyphs as filled outlines (one form XObject per glyph,
  reused), which carry no text;
- what extraction, search and copy read: the run's characters as typed, in invisible text
  (rendering mode 3) in the run's font, written in logical order, each over its share of
  its cluster's width from the right (``scripts.Slot``), so that every reader, whether it
  follows the file's order or the positions, gets the characters in the order typed.

An emoji, in a run of either direction, is drawn the same way: its colour layers
(``emoji_paint.py``) under its whole sequence as typed (👨‍👩‍👧 is five characters)
in invisible text in OpenMoji, squeezed over the glyph. In a left-to-right run that text
is written in its place among the visible letters, so the file holds the line in the
order typed. Where its characters stand inside the glyph depends on its neighbours
(``reversed_emoji``): poppler counts characters beyond U+FFFF, and so every character of
an emoji but a keycap's digit, as neutral, and reads a neutral after a right-to-left
letter as part of that letter's stretch, which it reverses. Such an emoji's characters
are placed from right to left, as a right-to-left word's are, and read back as typed.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import FILL_NON_ZERO

from desktop.core.export.emoji_paint import emoji_form
from desktop.core.export.emoji_text import EMOJI
from desktop.core.export.glyph_outline import EM, outline, path
from desktop.core.export.scripts import NUDGE, Glyph, Slot, Word, zero_width

_INVISIBLE, _VISIBLE = 3, 0  # text rendering modes


def draw_word(canv: Any, word: Word, x: float, y: float, size: float,
              reverse: frozenset[int] = frozenset()) -> None:
    """Draw ``word`` with its left end at ``x`` on baseline ``y``; the characters of the
    emoji that start at the indices ``reverse`` are placed from right to left."""
    if not word.rtl:
        draw_glyphs(canv, [g for g in word.glyphs if g.font == EMOJI], x, y, size)
        text = canv.beginText()
        written: set[int] = set()
        for glyph in word.glyphs:
            if glyph.font == EMOJI:
                slot = _slot_of(word.slots, glyph)
                if slot is not None and slot.start not in written:
                    written.add(slot.start)
                    text.setTextRenderMode(_INVISIBLE)
                    _write_slot(text, slot, x, y, size, slot.start in reverse)
                    text.setTextRenderMode(_VISIBLE)
                    text.setHorizScale(100.0)
                continue
            text.setFont(glyph.font, size)
            text.setTextOrigin(x + glyph.x, y + glyph.dy)
            text.textOut(glyph.char)
        canv.drawText(text)
        return
    draw_glyphs(canv, list(word.glyphs), x, y, size)
    canv.saveState()
    text = canv.beginText()
    text.setTextRenderMode(_INVISIBLE)  # the outlines above are what is seen
    for slot in word.slots:
        _write_slot(text, slot, x, y, size, slot.font == EMOJI and slot.start in reverse)
    canv.drawText(text)
    canv.restoreState()


def draw_glyphs(canv: Any, glyphs: list[Glyph], x: float, y: float, size: float) -> None:
    """Draw ``glyphs`` (``x`` from the point ``x``, ``y``) as their forms: outlines, an
    emoji's in its colours, each placed by a move from the one before."""
    forms = [(name, glyph) for glyph in glyphs
             if (name := _glyph_form(canv, glyph.font, glyph.gid)) is not None]
    if not forms:
        return
    scale = size / EM
    canv.saveState()
    canv.transform(scale, 0, 0, scale, x, y)
    at = (0.0, 0.0)
    for name, glyph in forms:
        to = (glyph.x / scale, glyph.dy / scale)
        canv.translate(to[0] - at[0], to[1] - at[1])
        canv.doForm(name)
        at = to
    canv.restoreState()


def _slot_of(slots: tuple[Slot, ...], glyph: Glyph) -> Slot | None:
    """The emoji slot the glyph is drawn for."""
    return next((s for s in slots if s.start <= glyph.cluster < s.start + len(s.char)),
                None)


def _write_slot(text: Any, slot: Slot, x: float, y: float, size: float,
                reverse: bool = False) -> None:
    """Write ``slot``'s characters at its place, stretched or squeezed to its width; with
    ``reverse``, one by one from its right end (as ``scripts._slots`` places letters)."""
    if not reverse:
        _write(text, slot.char, slot.font, x + slot.x, slot.width, y, size)
        return
    spacing = sum(1 for ch in slot.char if not zero_width(ch))
    share = slot.width / max(spacing, 1)
    edge = last = x + slot.x + slot.width
    for ch in slot.char:
        if zero_width(ch):
            _write(text, ch, slot.font, last - NUDGE, 0.0, y, size)
        else:
            edge -= share
            last = edge
            _write(text, ch, slot.font, edge, share, y, size)


def _write(text: Any, chars: str, font: str, x: float, width: float, y: float,
           size: float) -> None:
    text.setFont(font, size)
    advance = stringWidth(chars, font, size)
    text.setHorizScale(max(100.0 * width / advance, 1.0) if advance > 0 else 100.0)
    text.setTextOrigin(x, y)
    text.textOut(chars)


def _poppler_type(ch: str) -> str:
    """How poppler's text extraction classes ``ch``: R (right to left), L, N (a digit),
    or "" (neutral: everything beyond U+FFFF among them)."""
    if ord(ch) > 0xFFFF:
        return ""
    return _TYPES.get(unicodedata.bidirectional(ch), "")


_TYPES = {"R": "R", "AL": "R", "L": "L", "EN": "N", "AN": "N"}


def reversed_emoji(line: list[Word], label: str = "") -> dict[int, frozenset[int]]:
    """For each word of a ``line`` in visual order (by ``id``), the starts of the emoji
    whose characters are to be placed from right to left: those that follow a
    right-to-left letter on their left, with only neutral characters between (``label``:
    text printed at the line's left, such as a field's name). A keycap's digit ends the
    reversed stretch, so a keycap is always placed from left to right."""
    seen = ""  # the line's characters so far, left to right
    out: dict[int, frozenset[int]] = {}
    for word in [*([] if not label else [None]), *line]:
        if word is None:
            seen += label + " "
            continue
        chars = word.text[::-1] if word.rtl else word.text
        emoji = [s for s in word.slots if s.font == EMOJI and len(s.char) > 1]
        if emoji:
            starts = set()
            for slot in emoji:
                left = (len(word.text) - slot.start - len(slot.char) if word.rtl
                        else slot.start)
                before = seen + chars[:left]
                strong = next((t for ch in reversed(before) if (t := _poppler_type(ch))), "")
                if strong == "R" and not any(_poppler_type(ch) == "N" for ch in slot.char):
                    starts.add(slot.start)
            out[id(word)] = frozenset(starts)
        seen += chars
    return out


def _glyph_form(canv: Any, font: str, gid: int) -> str | None:
    """The name of the form XObject that fills glyph ``gid`` of ``font`` at one em =
    1000 units (an emoji in its colours), made on first use (None when the glyph draws
    nothing)."""
    if font == EMOJI:
        return emoji_form(canv, gid)
    ops = outline(font, gid)
    if not ops:
        return None
    name = f"glyph_{font.replace('-', '_')}_{gid}"
    if canv.hasForm(name):
        return name
    canv.beginForm(name, lowerx=-2 * EM, lowery=-2 * EM, upperx=3 * EM, uppery=3 * EM)
    canv.drawPath(path(canv, ops), stroke=0, fill=1, fillMode=FILL_NON_ZERO)
    canv.endForm()
    return name
