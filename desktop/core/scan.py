"""Find coordinates and catalog markings in free text (a pasted article, a source's text).

Spans index into the original text (``text[start:end]``). The text is read as flowing
prose: a line break (a PDF's or a narrow column's) is a space, a word hyphenated at the
end of a line is joined, runs of spaces are one space, soft hyphens and zero-width
characters are ignored; so ``50.45012,`` / ``30.52340`` on two lines is one pair. Pages
are separated by form feeds (``\f``, as text extracted from a PDF is); each finding has
its page (``None`` for text without pages), its line on that page and a short quotation.
Coordinates are found by reading
candidate runs of numbers, degree/minute/second marks and hemisphere letters with the one
coordinate parser; bare decimal pairs need at least three decimals each, so prices, counts
and years are not taken for coordinates. Markings are only catalog codes, in any
Cyrillic/Latin look-alike spelling, with spaces or dashes between letters and digits, and
an optional suffix (``9M723K1``); lot numbers and dates are not markings.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TypeVar

from desktop.core.catalog import default_catalog
from desktop.core.geo import CoordinateError, Notation, parse_coordinates
from desktop.core.markings import (
    Catalog,
    CatalogMatch,
    display_marking,
    lookalikes,
    normalize_marking,
)


@dataclass(frozen=True)
class FoundCoordinate:
    """A coordinate pair found in text."""

    text: str
    start: int
    end: int
    lat: float
    lon: float
    notation: Notation
    precision_m: float
    page: int | None = None
    line: int = 1
    quote: str = ""
    reading: str = ""  # the text as read: on one line, hyphenation joined


@dataclass(frozen=True)
class FoundMarking:
    """A catalog marking found in text, with the entries it matches. ``normalized`` is the
    matching key; ``display`` the transliterated form people read (9Н235 -> 9N235)."""

    text: str
    start: int
    end: int
    normalized: str
    matches: tuple[CatalogMatch, ...]
    page: int | None = None
    line: int = 1
    quote: str = ""
    display: str = ""
    reading: str = ""  # the text as read: on one line, hyphenation joined


@dataclass(frozen=True)
class ScanResult:
    """Everything found, each list in text order."""

    coordinates: tuple[FoundCoordinate, ...]
    markings: tuple[FoundMarking, ...]


# -- coordinates ----------------------------------------------------------------------------

_GAP = r"[ \t\u00a0\u202f]{0,3}"
# A signed number; the sign may stand apart (``- 31.2041``), the decimal separator may be
# the Arabic one, and ``\d`` also matches Eastern Arabic and Persian digits.
_NUM = r"(?:[-+−] ?)?\d+(?:[.,٫]\d+)?"
# Degree, minute and second marks, and d/deg/m/s written right after a number.
_MARK = (r"(?:[°º˚'’′‘`´\"″”“«»]"
         r"|(?:(?<=\d)|(?<=\d ))(?:deg|[dms])(?=[NSEW]?(?![^\W\d_])))")
_HEMI = r"(?:(?<![^\W\d_])|(?<=\d[dms]))[NSEW](?![^\W\d_])"
# Single letters only in capitals in prose (48.51 С, 35.04 В): the lower-case ones are
# everyday Russian and Ukrainian prepositions.
_CYR = (r"(?<![^\W\d_])(?:(?:пн|пд|сх|зх|с|ю|в|з)\.?[ \u00a0]?[шд]|(?-i:[СЮВЗ]))\.?"
        r"(?![^\W\d_])")
_ARABIC = (r"(?:(?:خط|دائرة)\s?ال(?:عرض|طول)|(?:(?:عرض|طول)\s?)?(?:شمال|جنوب|شرق|غرب)"
           r"ـ*(?:اً|ًا|ا|ي|ی)?)(?![^\W\d_])")
_PIECE = rf"(?:{_NUM}|{_MARK}|{_HEMI}|{_CYR}|{_ARABIC}|[,;،؛])"
# A written pair needs at most ~16 pieces (two hemispheres, six numbers, six marks, a
# separator); the bound keeps each search short, so a long run of numbers (a table, a
# price list) is scanned in linear time instead of re-matching the rest of the run each try.
_MAX_PIECES = 32
_CANDIDATE_RE = re.compile(
    rf"(?:(?:{_HEMI}|{_ARABIC}){_GAP})?{_NUM}(?:{_GAP}{_PIECE}){{0,{_MAX_PIECES}}}",
    re.IGNORECASE,
)
_PIECE_RE = re.compile(_PIECE, re.IGNORECASE)
# What every readable pair has somewhere: a degree/minute mark, a hemisphere letter or word,
# or a decimal number with at least three decimals (a bare "39.7605, 46.7427"). A run of
# plain integers ("1 2 3 4", a table of counts) has none and is skipped whole.
_COORDINATE_HINT_RE = re.compile(rf"{_MARK}|{_HEMI}|{_CYR}|{_ARABIC}|\d[.,٫]\d{{3}}",
                                 re.IGNORECASE)
_BARE_DECIMAL_RE = re.compile(
    r"^(?:[-+−] ?)?\d{1,3}[.٫]\d{3,}[ \t\u00a0]*[,;،]?[ \t\u00a0]*(?:[-+−] ?)?\d{1,3}[.٫]\d{3,}$"
)
_MGRS_RE = re.compile(
    r"(?<!\w)\d{1,2}[C-HJ-NP-X] ?[A-HJ-NP-Z]{2} ?(?:\d{1,5} \d{1,5}|\d{2,10})(?!\w)"
)
_LINK_RE = re.compile(r"https?://[^\s<>\"«»]+")
_MAX_TRIES = 24


def _acceptable(candidate: str, notation: str) -> bool:
    """Bare decimal pairs must look like coordinates, not like "1,500,000" or "10, 20"."""
    if notation != "decimal":
        return True
    if re.search(rf"[°º˚NSEWnsew]|\dd|{_CYR}|{_ARABIC}", candidate, re.IGNORECASE):
        return True
    return bool(_BARE_DECIMAL_RE.match(candidate))


def _found(text: str, start: int, end: int) -> FoundCoordinate | None:
    candidate = text[start:end]
    try:
        p = parse_coordinates(candidate)
    except CoordinateError:
        return None
    if not _acceptable(candidate, p.notation):
        return None
    return FoundCoordinate(candidate, start, end, p.lat, p.lon, p.notation, p.precision_m)


def _scan_links(text: str) -> list[FoundCoordinate]:
    out = []
    for m in _LINK_RE.finditer(text):
        url = m.group().rstrip(".,;:)]}'’")
        low = url.lower()
        if "openstreetmap." in low or "osm.org" in low or "google." in low:
            found = _found(text, m.start(), m.start() + len(url))
            if found is not None:
                out.append(found)
    return out


def _scan_mgrs(text: str) -> list[FoundCoordinate]:
    out = []
    for m in _MGRS_RE.finditer(text):
        found = _found(text, m.start(), m.end())
        if found is not None and found.notation == "mgrs":
            out.append(found)
    return out


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _inside_any(start: int, end: int, starts: list[int],
                coordinates: list[FoundCoordinate]) -> bool:
    """Whether ``start:end`` overlaps a coordinate's span, by bisection (a text with
    thousands of pairs and markings was quadratic here)."""
    i = bisect_left(starts, end) - 1  # the last pair starting before ``end``: the one
    return i >= 0 and coordinates[i].end > start  # ending last, as the spans are disjoint


_NUM_RE = re.compile(_NUM)
_HEMI_PIECE_RE = re.compile(rf"{_HEMI}|{_CYR}|{_ARABIC}", re.IGNORECASE)
_MARK_RE = re.compile(_MARK, re.IGNORECASE)


def _plausible_ends(pieces: list[re.Match[str]]) -> list[int]:
    """Where a pair starting at the first piece could end, longest first.

    A written pair has two to six numbers and at most two hemisphere letters or words;
    longer candidates are dropped here, before the (much dearer) parser sees them.
    """
    ends: set[int] = set()
    numbers = hemispheres = 0
    for piece in pieces:
        token = piece.group()
        mark = _MARK_RE.match(piece.string, piece.start())
        if _NUM_RE.fullmatch(token):
            numbers += 1
        elif mark is not None and mark.end() == piece.end():
            pass  # the s of "33s" is seconds, not south
        elif _HEMI_PIECE_RE.fullmatch(token):
            hemispheres += 1
        if numbers > 6 or hemispheres > 2:
            break
        if token not in ",;،؛" and numbers >= 2:
            ends.add(piece.end())
    return sorted(ends, reverse=True)


def _scan_angles(text: str, taken: list[tuple[int, int]]) -> list[FoundCoordinate]:
    out: list[FoundCoordinate] = []
    pos = 0
    while (m := _CANDIDATE_RE.search(text, pos)) is not None:
        if not _COORDINATE_HINT_RE.search(text, m.start(), m.end()):
            pos = m.end()
            continue
        pieces = list(_PIECE_RE.finditer(text, m.start(), m.end()))
        ends = _plausible_ends(pieces)
        found = None
        if not _overlaps(m.start(), m.end(), taken):
            for end in ends[:_MAX_TRIES]:
                found = _found(text, m.start(), end)
                if found is not None:
                    break
        if found is not None:
            out.append(found)
            pos = found.end
        else:  # retry from the next number or hemisphere letter inside this run
            later = [p.start() for p in pieces[1:] if p.group() not in ",;،؛"]
            pos = later[0] if later and later[0] > m.start() else m.end()
            if pos <= m.start():
                pos = m.start() + 1
    return out


def _find_coordinates_flat(text: str) -> list[FoundCoordinate]:
    found = _scan_links(text)
    spans = [(f.start, f.end) for f in found]
    for f in _scan_mgrs(text):
        if not _overlaps(f.start, f.end, spans):
            found.append(f)
            spans.append((f.start, f.end))
    found.extend(_scan_angles(text, spans))
    return sorted(found, key=lambda f: f.start)


def find_coordinates(text: str) -> tuple[FoundCoordinate, ...]:
    """Every coordinate pair in ``text`` (map links, MGRS, decimal, DMS, DDM), in order,
    read across line breaks, with spans into ``text`` and their page, line and quotation."""
    flow = _Flow(text)
    return tuple(flow.place(f) for f in _find_coordinates_flat(flow.flat))


# -- markings -------------------------------------------------------------------------------

_SEP = r"(?:[ \u00a0]?[-‐‑‒–—―−][ \u00a0]?|[ \u00a0])?"
_SUFFIX = r"(?:[-‐‑–]?[^\W\d_]{1,2}\d{0,2}|[-‐‑–]\d{1,2})?"


def _char_class(ch: str, any_case: bool) -> str:
    if ch.isdigit():
        return ch
    if ch.isascii():
        chars = "".join(c for c in lookalikes(ch) if any_case or c.isupper())
        cls = f"[{re.escape(chars)}]"
        if ch == "X":  # "Kh" / "KH" transliterate the Cyrillic Х
            return f"(?:{cls}|[KК][hHнН])"
        return cls
    return f"[{re.escape(ch.upper() + ch.lower())}]"


def _key_pattern(key: str) -> str:
    # A lone letter must be a capital ("9M723", not "3 x 22 mm"); names such as SHAHED or
    # GERAN may be written in any case.
    runs = re.findall(r"\d+|[^\d]+", key)
    return _SEP.join("".join(_char_class(c, len(run) > 1) for c in run) for run in runs)


@lru_cache(maxsize=8)
def _marking_regex(keys: frozenset[str]) -> re.Pattern[str]:
    alternatives = sorted((k for k in keys if len(k) >= 2), key=lambda k: (-len(k), k))
    body = "|".join(_key_pattern(k) for k in alternatives)
    return re.compile(rf"(?<!\w)(?:{body}){_SUFFIX}(?!\w)")


def _find_markings_flat(text: str, catalog: Catalog) -> list[FoundMarking]:
    if not catalog.keys:
        return []
    out = []
    for m in _marking_regex(catalog.keys).finditer(text):
        matches = catalog.match(m.group())
        if matches:
            out.append(FoundMarking(m.group(), m.start(), m.end(),
                                    normalize_marking(m.group()), tuple(matches),
                                    display=display_marking(m.group())))
    return out


def find_markings(text: str, catalog: Catalog | None = None) -> tuple[FoundMarking, ...]:
    """Every catalog marking in ``text``, in order, each with its catalog matches."""
    flow = _Flow(text)
    return tuple(flow.place(f) for f in _find_markings_flat(flow.flat,
                                                            catalog or default_catalog()))


def scan_text(text: str, catalog: Catalog | None = None) -> ScanResult:
    """Find every coordinate pair and every catalog marking in ``text``.

    ``catalog`` defaults to the shipped catalog; pass ``case_catalog(session)`` to include a
    case's own entries. A marking inside a coordinate's span is not reported. Text with
    form feeds is read as pages (page 1 before the first ``\f``).
    """
    flow = _Flow(text)
    coordinates = _find_coordinates_flat(flow.flat)
    starts = [c.start for c in coordinates]  # sorted, and the spans never overlap
    markings = [m for m in _find_markings_flat(flow.flat, catalog or default_catalog())
                if not _inside_any(m.start, m.end, starts, coordinates)]
    return ScanResult(tuple(flow.place(c) for c in coordinates),
                      tuple(flow.place(m) for m in markings))


# -- reading across lines and pages ----------------------------------------------------------

_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen, zero-width characters
# One pass over the text: words (kept), a letter's hyphen before a line break (joined or
# kept, see _Flow), runs of spaces and invisible characters (one space, a page break, or
# nothing), invisible characters inside a word (dropped).
_FLOW_RE = re.compile(
    rf"(?P<hyphen>(?<=[^\W\d_])-[ \t\u00a0]*[\r\n][\s{_INVISIBLE}]*(?=\S))"
    rf"|(?P<space>[\s{_INVISIBLE}]*\s[\s{_INVISIBLE}]*)"
    rf"|(?P<invisible>[{_INVISIBLE}]+)"
    rf"|(?P<word>[^\s{_INVISIBLE}\-]+|-)"
)
_QUOTE_CONTEXT = 40
_Found = TypeVar("_Found", FoundCoordinate, FoundMarking)


class _Flow:
    """The text as one flowing line (``flat``), with the original position of each of its
    characters, and where the text's lines and pages begin."""

    def __init__(self, text: str) -> None:
        self.text = text
        flat: list[str] = []
        where: list[int] = []
        last = ""  # the last character of flat
        n = len(text)
        for m in _FLOW_RE.finditer(text):
            kind, start, piece = m.lastgroup, m.start(), m.group()
            if kind == "word":
                flat.append(piece)
                where.extend(range(start, m.end()))
                last = piece[-1]
            elif kind == "hyphen":  # a letter's hyphen at a line's end
                if m.end() < n and text[m.end()].islower():
                    continue  # "Iskan-" / "der": one word, without the hyphen
                flat.append("-")  # "Kh-" / "101": a real hyphen; the break is no space
                where.append(start)
                last = "-"
            elif kind == "space" and flat and m.end() < n:
                if "\f" in piece:  # pages stay apart: a page break is kept
                    flat.append("\f")
                    where.append(start + piece.index("\f"))
                    last = "\f"
                elif not (last == "-" and ("\n" in piece or "\r" in piece)):
                    # ("50-27-" / "03N": after a hyphen the line break is no space)
                    flat.append(" ")
                    where.append(start)
                    last = " "
        self.flat = "".join(flat)
        self._where = where
        self._lines = [m.end() for m in re.finditer(r"[\n\f]", text)]
        self._pages = [m.end() for m in re.finditer(r"\f", text)]

    def place(self, found: _Found) -> _Found:
        """``found`` (spans into ``flat``) with spans into the text, page, line, quotation."""
        start = self._where[found.start]
        end = self._where[found.end - 1] + 1
        page_index = bisect_right(self._pages, start)
        page_start = self._pages[page_index - 1] if page_index else 0
        line = bisect_right(self._lines, start) - bisect_right(self._lines, page_start) + 1
        return replace(found, text=self.text[start:end], reading=found.text, start=start,
                       end=end, page=page_index + 1 if self._pages else None, line=line,
                       quote=_quotation(self.flat, found.start, found.end))


def _quotation(flat: str, start: int, end: int) -> str:
    """The finding with a few words either side, cut at spaces: a citation's quotation."""
    page_start = flat.rfind("\f", 0, start) + 1
    page_end = flat.find("\f", end)
    page_end = len(flat) if page_end == -1 else page_end
    left = max(page_start, start - _QUOTE_CONTEXT)
    right = min(page_end, end + _QUOTE_CONTEXT)
    if left > page_start:
        space = flat.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < page_end:
        space = flat.rfind(" ", end, right)
        right = space if space != -1 else right
    quote = flat[left:right].strip()
    return f"{'…' if left > page_start else ''}{quote}{'…' if right < page_end else ''}"
