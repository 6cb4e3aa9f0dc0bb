"""Bidirectional levels (UAX #9) from python-bidi, and the reordering of a line by them.

python-bidi 0.6 wraps the Rust ``unicode-bidi`` crate, a complete implementation of the
Unicode Bidirectional Algorithm (explicit embeddings and isolates, weak and neutral types,
bracket pairs). Its public function returns the display string, which cannot serve here:
the dossier shapes each run with HarfBuzz and measures it, so it needs the embedding level
of every character, not reordered characters. ``get_display(..., debug=True)`` returns the
resolved levels in the crate's own listing (one per UTF-8 byte); it is read strictly, and
anything unexpected raises instead of guessing.

The levels decide the runs (a run never mixes levels, so it is shaped in one direction);
``reorder`` applies rule L2 to the runs of one line, and HarfBuzz, shaping a run at an odd
level right to left, mirrors its brackets (rule L4).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bidi import get_base_level, get_display

# The field at the start of its own line: the text, printed first, has its line breaks
# escaped, so whatever it holds cannot be taken for the field.
_LEVELS = re.compile(r"\n    levels: \[\n(.*?)\n    \],\n", re.DOTALL)
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")


def paragraph_levels(text: str) -> tuple[int, list[int]]:
    """The paragraph's base level (0 left to right, 1 right to left) and the resolved
    embedding level of each character of ``text`` (one paragraph: no line breaks)."""
    if not text:
        return 0, []
    listing = get_display(text, debug=True)
    found = _LEVELS.search(listing)
    per_byte = [int(n) for n in _LEVEL.findall(found.group(1))] if found else []
    if len(per_byte) != len(text.encode("utf-8")):
        raise RuntimeError("python-bidi returned levels in an unknown form")
    levels = []
    at = 0
    for ch in text:
        levels.append(per_byte[at])
        at += len(ch.encode("utf-8"))
    return base_level(text), levels


def base_level(text: str) -> int:
    """The direction of a paragraph (rules P2, P3): 1 when its first strong letter is
    right-to-left, else 0."""
    return get_base_level(text) if text else 0


def reorder(levels: Sequence[int]) -> list[int]:
    """The visual order (left to right) of items at ``levels``, as indices into them: rule
    L2, from the highest level down to the lowest odd one, reverses every sequence of items
    at that level or above. An item is a run of one level; inside it the shaper already
    put the glyphs in visual order."""
    order = list(range(len(levels)))
    if not order:
        return order
    lowest_odd = min(levels) | 1
    for level in range(max(levels), lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] < level:
                i += 1
                continue
            j = i
            while j < len(order) and levels[order[j]] >= level:
                j += 1
            order[i:j] = reversed(order[i:j])
            i = j
    return order
