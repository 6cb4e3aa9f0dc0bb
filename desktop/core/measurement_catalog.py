"""Which published dimension a measurement is compared with, read from its reading.

A measurement's reading names what was measured: "body diameter", or with the munition
"9M723 body diameter" (the code first or last). The comparison targets are the published
dimensions (``desktop.core.dimensions``) whose feature is the one named, of the munition
named in the reading, or else of every munition the photo's markings match in the catalog.
Features compare without case, with "caliber" read as "calibre", and a bare "diameter"
stands for a body diameter or a calibre. Nothing is guessed: when no dimension fits, the
note says why and there is no comparison.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.core.dimensions import Comparison, Dimension, compare, shipped_dimensions
from desktop.core.markings import Catalog, normalize_marking
from desktop.core.measure import Measurement

#: a code is at most this many words ("Kh 101", "Shahed 136")
_CODE_WORDS = 3
_DIAMETERS = ("body diameter", "calibre")


@dataclass(frozen=True)
class CatalogCheck:
    """The comparisons of one measurement, or the sentence saying why there are none."""

    code: str
    """The munition named in the reading ("" when the photo's markings were used)."""
    feature: str
    comparisons: tuple[Comparison, ...] = ()
    note: str = ""
    note_key: str = ""
    """"no_feature", "no_munition", "no_dimension", "no_value" or "" (compared)."""
    candidates: tuple[str, ...] = ()
    """The munitions looked at (named in the reading, or matched on the photo)."""
    listed: tuple[str, ...] = ()
    """The features the catalog gives for them (when none fitted)."""


def feature_key(text: str) -> str:
    """How features compare: lower case, single spaces, "caliber" spelled "calibre"."""
    words = " ".join(re.sub(r"[^\w\s-]", " ", text.lower()).split())
    return words.replace("caliber", "calibre")


def split_reading(reading: str, catalog: Catalog,
                  dimensions: Sequence[Dimension] | None = None) -> tuple[str, str]:
    """``(code, feature)`` of a reading; the code is "" when none is named.

    A code is one to three words at the start or the end of the reading that the catalog
    or the dimension list knows ("9M723 body diameter", "wingspan Shahed-136"); a single
    word may continue a catalog code ("9M723K1").
    """
    dims = shipped_dimensions() if dimensions is None else dimensions
    known = {normalize_marking(d.code): d.code for d in dims}
    words = reading.split()
    for size in range(min(_CODE_WORDS, len(words)), 0, -1):
        for code_words, rest in ((words[:size], words[size:]), (words[-size:], words[:-size])):
            # a reading that is only a code names no feature (checked by the caller)
            candidate = " ".join(code_words)
            key = normalize_marking(candidate)
            if not key or not any(ch.isdigit() for ch in key):
                continue  # codes carry digits; "body" is not a munition
            if key in known:
                return known[key], " ".join(rest)
            matches = catalog.match(candidate)
            # a longer code ("9M723K1") may stand for a catalog entry, but only as one word:
            # "9M79 body diameter" run together must not be read as a 9M79 variant
            if matches and (matches[0].exact or size == 1):
                return matches[0].code, " ".join(rest)
    return "", reading.strip()


def _fits(feature: str, dimension: Dimension) -> bool:
    wanted, published = feature_key(feature), feature_key(dimension.feature)
    return wanted == published or (wanted == "diameter" and published in _DIAMETERS)


def check(measurement: Measurement, reading: str, *, photo_codes: Sequence[str],
          catalog: Catalog, dimensions: Sequence[Dimension] | None = None) -> CatalogCheck:
    """Compare ``measurement`` with the published dimensions its reading points at.

    ``photo_codes`` are the catalog codes the photo's markings match, used when the reading
    names no munition.
    """
    dims = shipped_dimensions() if dimensions is None else dimensions
    code, feature = split_reading(reading, catalog, dims)
    if not feature_key(feature):
        return CatalogCheck(code, "", note="The reading does not say what was measured "
                            "(such as 'body diameter'): no catalog comparison.",
                            note_key="no_feature")
    codes = [code] if code else list(dict.fromkeys(photo_codes))
    if not codes:
        return CatalogCheck(code, feature, note="No munition is named in the reading or "
                            "matched by a marking on this photo: no catalog comparison.",
                            note_key="no_munition")
    keys = {normalize_marking(c) for c in codes}
    of_codes = [d for d in dims if normalize_marking(d.code) in keys]
    targets = [d for d in of_codes if _fits(feature, d)]
    names = ", ".join(codes)
    if not targets:
        listed = sorted({d.feature for d in of_codes})
        also = f" (it lists: {', '.join(listed)})" if listed else ""
        return CatalogCheck(code, feature, note=f"The catalog gives no '{feature}' for "
                            f"{names}{also}: no comparison.", note_key="no_dimension",
                            candidates=tuple(codes), listed=tuple(listed))
    if measurement.mm is None:
        return CatalogCheck(code, feature, note="Not compared: without a scale reference "
                            "the length is in pixels.", note_key="no_value",
                            candidates=tuple(codes))
    return CatalogCheck(code, feature, tuple(compare(measurement, d) for d in targets),
                        candidates=tuple(codes))
