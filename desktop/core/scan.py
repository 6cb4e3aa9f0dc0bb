"""Find coordinates and catalog markings in free text (a pasted article, a source's text).

Spans index into the original text (``text[start:end]``). Coordinates are found by reading
candidate runs of numbers, degree/minute/second marks and hemisphere letters with the one
coordinate parser; bare decimal pairs need at least three decimals each, so prices, counts
and years are not taken for coordinates. Markings are only catalog codes, in any
Cyrillic/Latin look-alike spelling, with spaces or dashes between letters and digits, and
an optional suffix (``9M723K1``); lot numbers and dates are not markings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from desktop.core.catalog import default_catalog
from desktop.core.geo import CoordinateError, Notation, parse_coordinates
from desktop.core.markings import Catalog, CatalogMatch, lookalikes, normalize_marking


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


@dataclass(frozen=True)
class FoundMarking:
    """A catalog marking found in text, with the entries it matches."""

    text: str
    start: int
    end: int
    normalized: str
    matches: tuple[CatalogMatch, ...]


@dataclass(frozen=True)
class ScanResult:
    """Everything found, each list in text order."""

    coordinates: tuple[FoundCoordinate, ...]
    markings: tuple[FoundMarking, ...]


# -- coordinates ----------------------------------------------------------------------------

_GAP = r"[ \t\u00a0\u202f]{0,3}"
_NUM = r"[-+−]?\d+(?:[.,]\d+)?"
_MARK = r"[°º˚'’′‘`´\"″”“«»]"
_HEMI = r"(?<![^\W\d_])[NSEW](?![^\W\d_])"
_CYR = r"(?<![^\W\d_])(?:пн|пд|сх|зх|с|ю|в|з)\.?[ \u00a0]?[шд]\.?(?![^\W\d_])"
_PIECE = rf"(?:{_NUM}|{_MARK}|{_HEMI}|{_CYR}|[,;])"
# A written pair needs at most ~16 pieces (two hemispheres, six numbers, six marks, a
# separator); the bound keeps each search short, so a long run of numbers (a table, a
# price list) is scanned in linear time instead of re-matching the rest of the run each try.
_MAX_PIECES = 32
_CANDIDATE_RE = re.compile(
    rf"(?:{_HEMI}{_GAP})?{_NUM}(?:{_GAP}{_PIECE}){{0,{_MAX_PIECES}}}", re.IGNORECASE
)
_PIECE_RE = re.compile(_PIECE, re.IGNORECASE)
# What every readable pair has somewhere: a degree/minute mark, a hemisphere letter or word,
# or a decimal number with at least three decimals (a bare "39.7605, 46.7427"). A run of
# plain integers ("1 2 3 4", a table of counts) has none and is skipped whole.
_COORDINATE_HINT_RE = re.compile(rf"{_MARK}|{_HEMI}|{_CYR}|\d[.,]\d{{3}}", re.IGNORECASE)
_BARE_DECIMAL_RE = re.compile(
    r"^[-+−]?\d{1,3}\.\d{3,}[ \t\u00a0]*[,;]?[ \t\u00a0]*[-+−]?\d{1,3}\.\d{3,}$"
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
    if re.search(r"[°º˚NSEWnsew]", candidate) or re.search(_CYR, candidate, re.IGNORECASE):
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


_NUM_RE = re.compile(_NUM)
_HEMI_PIECE_RE = re.compile(rf"{_HEMI}|{_CYR}", re.IGNORECASE)


def _plausible_ends(pieces: list[re.Match[str]]) -> list[int]:
    """Where a pair starting at the first piece could end, longest first.

    A written pair has two to six numbers and at most two hemisphere letters or words;
    longer candidates are dropped here, before the (much dearer) parser sees them.
    """
    ends: set[int] = set()
    numbers = hemispheres = 0
    for piece in pieces:
        token = piece.group()
        if _NUM_RE.fullmatch(token):
            numbers += 1
        elif _HEMI_PIECE_RE.fullmatch(token):
            hemispheres += 1
        if numbers > 6 or hemispheres > 2:
            break
        if token not in ",;" and numbers >= 2:
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
            later = [p.start() for p in pieces[1:] if p.group() not in ",;"]
            pos = later[0] if later and later[0] > m.start() else m.end()
            if pos <= m.start():
                pos = m.start() + 1
    return out


def find_coordinates(text: str) -> tuple[FoundCoordinate, ...]:
    """Every coordinate pair in ``text`` (map links, MGRS, decimal, DMS, DDM), in order."""
    found = _scan_links(text)
    spans = [(f.start, f.end) for f in found]
    for f in _scan_mgrs(text):
        if not _overlaps(f.start, f.end, spans):
            found.append(f)
            spans.append((f.start, f.end))
    found.extend(_scan_angles(text, spans))
    return tuple(sorted(found, key=lambda f: f.start))


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


def find_markings(text: str, catalog: Catalog | None = None) -> tuple[FoundMarking, ...]:
    """Every catalog marking in ``text``, in order, each with its catalog matches."""
    catalog = catalog or default_catalog()
    if not catalog.keys:
        return ()
    out = []
    for m in _marking_regex(catalog.keys).finditer(text):
        matches = catalog.match(m.group())
        if matches:
            out.append(FoundMarking(m.group(), m.start(), m.end(),
                                    normalize_marking(m.group()), tuple(matches)))
    return tuple(out)


def scan_text(text: str, catalog: Catalog | None = None) -> ScanResult:
    """Find every coordinate pair and every catalog marking in ``text``.

    ``catalog`` defaults to the shipped catalog; pass ``case_catalog(session)`` to include a
    case's own entries. A marking inside a coordinate's span is not reported.
    """
    coordinates = find_coordinates(text)
    spans = [(c.start, c.end) for c in coordinates]
    markings = tuple(m for m in find_markings(text, catalog)
                     if not _overlaps(m.start, m.end, spans))
    return ScanResult(coordinates, markings)
