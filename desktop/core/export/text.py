"""Make user text safe for reportlab paragraphs.

Paragraph text is markup: ``<``, ``>`` and ``&`` in a statement would be interpreted, and an
``<img src=...>`` would make reportlab open a file or a URL. Every user string passes
through ``para_text`` (escaped, control characters removed) before it reaches a
Paragraph, a table cell or a table-of-contents entry.
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

from desktop.core.export.inline_text import markup
from desktop.core.export.scripts import emoji_inside

# Characters that are not valid in XML 1.0 (and confuse the paragraph parser).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean(text: str | None) -> str:
    """Plain text with control characters removed and Unicode in NFC form."""
    if not text:
        return ""
    return _CONTROL.sub("", unicodedata.normalize("NFC", str(text)))


def para_text(text: str | None, *, keep_newlines: bool = True) -> str:
    """Escape ``text`` for a Paragraph; newlines become line breaks; emoji in colour and
    characters the main font lacks in the bundled fonts that have them (``inline_text``).

    Words longer than a line are cut by the styles' ``splitLongWords`` (on everywhere).
    """
    escaped = markup(clean(text))
    if keep_newlines:
        escaped = escaped.replace("\r\n", "\n").replace("\n", "<br/>")
    return escaped


def short(text: str | None, limit: int = 300) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (plain text, not escaped)."""
    plain = clean(text).replace("\n", " ")
    if len(plain) <= limit:
        return plain
    cut = limit - 1
    while cut > 0 and emoji_inside(plain, cut):  # 👨‍👩‍👧 is kept whole or left out
        cut -= 1
    return plain[:cut].rstrip() + "…"


def outline_text(text: str | None, limit: int = 120) -> str:
    """Plain text for a PDF bookmark: the outline is not markup, so nothing is escaped."""
    return short(text, limit)


def split_paragraphs(text: str | None, max_chars: int = 4000) -> list[str]:
    """Cut very long text into pieces at blank lines or spaces so each is a modest paragraph.

    reportlab handles one huge paragraph slowly (it re-wraps it on each page split); pieces of
    a few thousand characters flow across pages quickly and keep the text in order.
    """
    plain = clean(text)
    if len(plain) <= max_chars:
        return [plain] if plain else []
    pieces: list[str] = []
    for block in re.split(r"\n\s*\n", plain):
        while len(block) > max_chars:
            cut = block.rfind(" ", 0, max_chars)
            cut = cut if cut > max_chars // 2 else max_chars
            pieces.append(block[:cut])
            block = block[cut:].lstrip(" ")
        if block:
            pieces.append(block)
    return pieces


# A web address: http(s) only (never javascript: or file:), without trailing punctuation.
_URL = re.compile(r"https?://[^\s<>\"']*[^\s<>\"'.,;:!?)\]}»”]")


def linked_text(text: str | None, colour: str = "#1f4e79") -> str:
    """Like ``para_text``, with every http(s) address a clickable link to itself."""
    plain = clean(text)
    out, last = [], 0
    for found in _URL.finditer(plain):
        out.append(para_text(plain[last:found.start()]))
        url = found.group(0)
        href = escape(url, {'"': "&quot;"})
        out.append(f'<a href="{href}" color="{colour}"><u>{escape(url)}</u></a>')
        last = found.end()
    out.append(para_text(plain[last:]))
    return "".join(out)


def web_addresses(text: str | None) -> list[str]:
    """The http(s) addresses in ``text``, in order."""
    return _URL.findall(clean(text))
