"""Drawing an emoji in its colours, from OpenMoji's COLR and CPAL tables.

reportlab knows nothing of colour fonts: written as text in OpenMoji, an emoji would
print as the font's plain black fallback outline. A COLRv0 glyph is a list of layers,
each an ordinary glyph outline with an index into the colour palette (CPAL); drawn in
order, each filled with its colour (alpha included), they make the picture. So each
emoji glyph becomes a form XObject of filled paths, made once per document and reused
wherever the emoji appears, drawn at the text size on the baseline. A layer whose index
is 0xFFFF takes the colour of the surrounding text (the form inherits the fill colour).
The characters themselves are written over it as invisible text (``glyph_paint.py``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import FILL_NON_ZERO

from desktop.core.export.emoji_text import EMOJI
from desktop.core.export.glyph_outline import EM, outline, path

_FOREGROUND = 0xFFFF  # a layer in the text's own colour
Layer = tuple[int, tuple[int, int, int, int] | None]  # glyph, RGBA (None: text colour)


@cache
def layers(gid: int) -> tuple[Layer, ...]:
    """The colour layers of OpenMoji glyph ``gid``, bottom first, with their colours from
    palette 0 (red, green, blue, alpha, 0-255); a glyph without layers is one layer of
    its own outline in the text's colour."""
    face = pdfmetrics.getFont(EMOJI).hbFace
    palette = face.color_palettes[0].colors if face.color_palettes else []
    out: list[Layer] = []
    for layer in face.get_glyph_color_layers(gid):
        if layer.color_index == _FOREGROUND or layer.color_index >= len(palette):
            out.append((layer.glyph, None))
        else:
            c = palette[layer.color_index]
            out.append((layer.glyph, (c.red, c.green, c.blue, c.alpha)))
    return tuple(out) or ((gid, None),)


def emoji_form(canv: Any, gid: int) -> str | None:
    """The name of the form XObject that paints OpenMoji glyph ``gid`` in colour at one
    em = 1000 units, made on first use (None when the glyph draws nothing, such as the
    variation selector U+FE0F)."""
    painted = [(ops, colour) for glyph, colour in layers(gid)
               if (ops := outline(EMOJI, glyph))]
    if not painted:
        return None
    name = f"emoji_{gid}"
    if canv.hasForm(name):
        return name
    canv.beginForm(name, lowerx=-2 * EM, lowery=-2 * EM, upperx=3 * EM, uppery=3 * EM)
    states: dict[str, float] = {}
    for ops, colour in painted:
        canv.saveState()
        if colour is not None:
            red, green, blue, alpha = colour
            canv.setFillColorRGB(red / 255, green / 255, blue / 255)
            if alpha < 255:
                state = f"EmojiAlpha{alpha}"
                states[state] = alpha / 255
                canv.addLiteral(f"/{state} gs")
        canv.drawPath(path(canv, ops), stroke=0, fill=1, fillMode=FILL_NON_ZERO)
        canv.restoreState()
    canv.endForm(**_resources(states))
    return name


def _resources(states: dict[str, float]) -> dict[str, Any]:
    """The form's resources when it sets transparency: reportlab's ``setFillAlpha`` names
    a graphics state that it declares for pages but not for forms (a form using it is
    broken), so the states are written and declared here."""
    if not states:
        return {}
    resources = pdfdoc.PDFResourceDictionary(ExtGState={
        name: pdfdoc.PDFDictionary({"ca": value}) for name, value in states.items()})
    resources.basicFonts()  # as reportlab's own: the form's preamble selects a font
    return {"Resources": resources}
