"""Which stretches of text print as colour emoji, and the emoji font.

Emoji print from OpenMoji (``resources/fonts/OpenMoji-COLR0.ttf``, CC BY-SA 4.0), a
COLRv0 font: every emoji is a stack of outlines, each filled with a colour of the font's
palette (``emoji_paint.py`` draws them). What a phone shows as one emoji is often several
characters: a family joined by zero-width joiners (👨‍👩‍👧), a flag of two regional
indicators (🇺🇦), a hand and its skin tone (👍🏽), a keycap (1️⃣: digit, U+FE0F, U+20E3),
a symbol asked for as emoji with U+FE0F (❤️). So the unit here is the extended grapheme
cluster of UAX #29 (``regex``'s ``\\X``), and a cluster is an emoji when:

- its first character has the emoji presentation by default (🧨, 💣, ⭐), or it is asked
  for (U+FE0F), or it is a keycap, a flag, a modified or a joined sequence, and
- OpenMoji has every character of it and a colour glyph for it (a digit with U+FE0F
  but no keycap has none), and no U+FE0E asks for text presentation.

A symbol whose default presentation is text (© ™ ↔ ★ ☢ ❤ 🛡 without U+FE0F) keeps the
font that prints it as text (DejaVu Sans, Noto Sans Symbols 2); only when none of them
has it does OpenMoji print it. Private-use characters are never taken from OpenMoji: it
maps its own extra pictures there, which would put a picture on a character that carries
no agreed meaning.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache, lru_cache

import regex
import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.core.resources import resource_path

EMOJI = "OpenMoji"
EMOJI_FILE = "OpenMoji-COLR0.ttf"
_lock = threading.Lock()
_CLUSTER = regex.compile(r"\X")
_FIRST = "\u203c"  # every emoji holds a character from ‼ (U+203C) up: a quick test
_PRESENTATION = regex.compile(r"\p{Emoji_Presentation}")
_EMOJI_CHAR = regex.compile(r"[\p{Emoji}\p{Extended_Pictographic}]")
_MODIFIER = regex.compile(r"\p{Emoji_Modifier}")
_REGIONAL = regex.compile(r"\p{Regional_Indicator}")
_TEXT_STYLE, _EMOJI_STYLE, _KEYCAP, _ZWJ = "\ufe0e", "\ufe0f", "\u20e3", "\u200d"


def register() -> None:
    """Register OpenMoji with reportlab (once per process; thread-safe). reportlab embeds
    a subset of its plain outlines for the invisible text layer; the colours are drawn
    by ``emoji_paint``."""
    with _lock:
        if EMOJI not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(EMOJI, str(resource_path("fonts", EMOJI_FILE))))


@cache
def _cmap() -> frozenset[int]:
    register()
    return frozenset(pdfmetrics.getFont(EMOJI).face.charToGlyph)


def _private(code: int) -> bool:
    return 0xE000 <= code <= 0xF8FF or code >= 0xF0000


def is_emoji(cluster: str, covered: Callable[[str], bool]) -> bool:
    """True when the grapheme ``cluster`` prints as one colour emoji; ``covered(ch)``
    tells whether another bundled font prints ``ch`` as text."""
    base = cluster[0]
    if _private(ord(base)) or _TEXT_STYLE in cluster:
        return False
    cmap = _cmap()
    if any(ord(ch) not in cmap for ch in cluster) or not _coloured(cluster):
        return False
    if _PRESENTATION.match(base):
        return True
    if _EMOJI_CHAR.match(base) and (
            _EMOJI_STYLE in cluster or _KEYCAP in cluster or _ZWJ in cluster
            or any(_MODIFIER.match(ch) or _REGIONAL.match(ch) for ch in cluster[1:])):
        return True
    return not base.isspace() and not covered(base)


@lru_cache(maxsize=4096)
def _coloured(cluster: str) -> bool:
    """True when OpenMoji, shaping ``cluster``, draws a glyph with colour layers."""
    face = pdfmetrics.getFont(EMOJI).hbFace
    buf = hb.Buffer()
    buf.add_str(cluster)
    buf.guess_segment_properties()
    hb.shape(hb.Font(face), buf, {})
    return any(face.get_glyph_color_layers(info.codepoint) for info in buf.glyph_infos)


def emoji_spans(text: str, covered: Callable[[str], bool]) -> tuple[tuple[int, int], ...]:
    """The (start, end) of every emoji in ``text``, in order (see ``is_emoji``)."""
    if text.isascii() or max(text) < _FIRST:
        return ()
    return tuple(match.span() for match in _CLUSTER.finditer(text)
                 if not match.group().isascii() and is_emoji(match.group(), covered))
