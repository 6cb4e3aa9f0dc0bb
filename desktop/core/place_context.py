"""Propose a name for a location found in text, from the words around it.

A coordinate pasted from an article is rarely alone: "the debris lay at 39°45'38"N ..."
in a paragraph that names the town. The proposal is the nearest place named with a
preposition ("in Shusha", "à Choucha", "в Шуше", "біля Бахмута") in the coordinate's
sentence or the two before it, then the few words just before the coordinate in its
sentence: ``Choucha — les débris se trouvaient aux points``. It is only a proposal: the
user edits it before or after the location is made. Nothing here guesses a position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from desktop.core.scan import FoundCoordinate, scan_text

MAX_NAME = 80
_CONTEXT_WORDS = 6
# Prepositions that introduce a place name, in the languages of the shipped test texts
# and the usual sources (English, French, Russian, Ukrainian, Azerbaijani has none).
_PREPOSITIONS = (
    r"in|near|at|outside|around|from|à|a|près de|aux environs de|dans|de|"
    r"в|во|под|около|у|возле|біля|поблизу|під|до|із|из"
)
_NAME = r"[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐԱ-Ֆ][\w’'\-]+(?:[ \-][A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐԱ-Ֆ][\w’'\-]+){0,2}"
_PLACE_RE = re.compile(rf"(?<![\w])(?i:{_PREPOSITIONS})\s+({_NAME})")
# A sentence ends at . ! ? followed by a space and a capital, or at a line break; the
# decimal points of coordinates never end one.
_SENTENCE_END_RE = re.compile(r"[.!?…](?=\s+[^\s\da-zà-ÿа-я])|\n")
_JOINERS = {"and", "or", "et", "ou", "и", "или", "і", "й", "та", "або", "və"}
_WORD_RE = re.compile(r"[^\W\d_][\w’'\-]*")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END_RE.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text with the spans (the coordinates in it) replaced by spaces (same length)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def propose_name(text: str, start: int, end: int,
                 coordinates: Sequence[FoundCoordinate] | None = None) -> str:
    """A short name for the coordinate at ``text[start:end]``, or "" when the text around
    it says nothing usable. ``coordinates``: what ``scan_text(text)`` found, when known."""
    found_here = scan_text(text).coordinates if coordinates is None else coordinates
    blank = _blank(text, [(c.start, c.end) for c in found_here] + [(start, end)])
    sentences = _sentences(blank)
    index = next((i for i, (a, b) in enumerate(sentences) if a <= start < b), 0)
    place = ""
    own_start = sentences[index][0]
    before = blank[own_start:start]
    after = blank[end:sentences[index][1]]
    candidates = [_PLACE_RE.findall(before), _PLACE_RE.findall(after)]
    for i in range(index - 1, max(index - 3, -1), -1):
        a, b = sentences[i]
        candidates.append(_PLACE_RE.findall(blank[a:b]))
    for number, found in enumerate(candidates):
        if found:
            place = found[0] if number == 1 else found[-1]  # the nearest to the point
            break
    words = _WORD_RE.findall(before)[-_CONTEXT_WORDS:] or _WORD_RE.findall(after)[:_CONTEXT_WORDS]
    while words and words[-1].lower() in _JOINERS:
        words.pop()
    context = " ".join(words)
    if place and place in context:
        name = context
    else:
        name = f"{place} — {context}" if place and context else place or context
    if len(name) > MAX_NAME:
        name = name[:MAX_NAME - 1].rstrip() + "…"
    return name
